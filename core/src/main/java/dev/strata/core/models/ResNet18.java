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

  private static final int STAGES = 4;
  private static final int BLOCKS_PER_STAGE = 2;
  private static final int STEM_CHANNELS = 64;

  private final GraphWriter g;

  private ResNet18(GraphWriter g) {
    this.g = g;
  }

  static String write(GraphWriter g) {
    return new ResNet18(g).write();
  }

  private String write() {
    Conv2d stem = Conv2d.of(3, STEM_CHANNELS, 7).withStride(2);
    String x = g.relu("relu", g.convBn("conv1", "bn1", g.input(), stem, 1.0));
    x = g.maxPool("maxpool", x, 3, 2, 1);
    int channels = STEM_CHANNELS;
    for (int stage = 1; stage <= STAGES; stage++) {
      int out = STEM_CHANNELS << (stage - 1);
      for (int block = 0; block < BLOCKS_PER_STAGE; block++) {
        int stride = stage > 1 && block == 0 ? 2 : 1;
        x = basicBlock("layer" + stage + "." + block, x, channels, out, stride);
        channels = out;
      }
    }
    x = g.flatten("flatten", g.globalAveragePool("avgpool", x));
    return g.gemm("fc", x, channels, 1000);
  }

  private String basicBlock(String block, String x, int in, int out, int stride) {
    Conv2d conv1 = Conv2d.of(in, out, 3).withStride(stride);
    String h = g.relu(block + ".relu1", g.convBn(block + ".conv1", block + ".bn1", x, conv1, 1.0));
    Conv2d conv2 = Conv2d.of(out, out, 3);
    h = g.convBn(block + ".conv2", block + ".bn2", h, conv2, GraphWriter.RESIDUAL_GAMMA);
    String shortcut = x;
    if (stride != 1 || in != out) {
      Conv2d downsample = Conv2d.of(in, out, 1).withStride(stride);
      shortcut = g.convBn(block + ".downsample.0", block + ".downsample.1", x, downsample, 1.0);
    }
    return g.relu(block + ".relu2", g.add(block + ".add", h, shortcut));
  }
}
