package dev.strata.core.models;

/**
 * torchvision's {@code resnet18}: a 7x7 stem, four stages of two BasicBlocks each, global average
 * pool and a linear classifier, 11,689,512 parameters. The residual {@code Add}s make it the DAG
 * case among the built-in models.
 *
 * <p>A block's shortcut is a 1x1 convolution plus BatchNorm ({@code downsample.0}, {@code
 * downsample.1}) where the stride is not 1 or the channel count changes, and the identity
 * otherwise.
 */
final class ResNet18 {

  private static final int BLOCKS_PER_STAGE = 2;

  private ResNet18() {}

  static String write(GraphWriter g) {
    String x = g.convBn("conv1", "bn1", g.input(), Conv2d.of(3, 64, 7).withStride(2), 1.0);
    x = g.maxPool("maxpool", g.relu("relu", x), 3, 2, 1);
    int channels = 64;
    for (int stage = 1; stage <= 4; stage++) {
      int out = 64 << (stage - 1);
      for (int block = 0; block < BLOCKS_PER_STAGE; block++) {
        int stride = stage > 1 && block == 0 ? 2 : 1;
        x = basicBlock(g, "layer" + stage + "." + block, x, channels, out, stride);
        channels = out;
      }
    }
    x = g.flatten("flatten", g.globalAveragePool("avgpool", x));
    return g.gemm("fc", x, channels, 1000);
  }

  private static String basicBlock(
      GraphWriter g, String block, String x, int in, int out, int stride) {
    String h =
        g.convBn(
            block + ".conv1", block + ".bn1", x, Conv2d.of(in, out, 3).withStride(stride), 1.0);
    h = g.relu(block + ".relu1", h);
    h =
        g.convBn(
            block + ".conv2",
            block + ".bn2",
            h,
            Conv2d.of(out, out, 3),
            GraphWriter.RESIDUAL_GAMMA);
    String shortcut = x;
    if (stride != 1 || in != out) {
      shortcut =
          g.convBn(
              block + ".downsample.0",
              block + ".downsample.1",
              x,
              Conv2d.of(in, out, 1).withStride(stride),
              1.0);
    }
    return g.relu(block + ".relu2", g.add(block + ".add", h, shortcut));
  }
}
