package dev.strata.core.models;

/**
 * torchvision's {@code mobilenet_v2} (width 1.0): a 3x3 stem, seventeen inverted residual blocks, a
 * 1x1 convolution to 1280 channels and a linear classifier, 3,504,872 parameters.
 *
 * <p>ReLU6 is {@code Clip} with {@code Constant} min and max inputs (see {@link
 * GraphWriter#relu6}). The global average pool is {@code GlobalAveragePool} then {@code Flatten};
 * the classifier's {@code Dropout} is omitted.
 */
final class MobileNetV2 {

  /** Inverted residual settings as in torchvision: expansion t, channels c, repeats n, stride s. */
  private static final int[][] SETTINGS = {
    {1, 16, 1, 1},
    {6, 24, 2, 2},
    {6, 32, 3, 2},
    {6, 64, 4, 2},
    {6, 96, 3, 1},
    {6, 160, 3, 2},
    {6, 320, 1, 1},
  };

  private static final int STEM_CHANNELS = 32;
  private static final int LAST_CHANNELS = 1280;

  private MobileNetV2() {}

  static String write(GraphWriter g) {
    String x =
        convBnRelu6(g, "features.0", g.input(), Conv2d.of(3, STEM_CHANNELS, 3).withStride(2));
    int channels = STEM_CHANNELS;
    int index = 1;
    for (int[] setting : SETTINGS) {
      for (int repeat = 0; repeat < setting[2]; repeat++) {
        int stride = repeat == 0 ? setting[3] : 1;
        x = invertedResidual(g, "features." + index, x, channels, setting[1], stride, setting[0]);
        channels = setting[1];
        index += 1;
      }
    }
    x = convBnRelu6(g, "features." + index, x, Conv2d.of(channels, LAST_CHANNELS, 1));
    x = g.flatten("flatten", g.globalAveragePool("avgpool", x));
    return g.gemm("classifier.1", x, LAST_CHANNELS, 1000);
  }

  private static String invertedResidual(
      GraphWriter g, String block, String x, int in, int out, int stride, int expansion) {
    int hidden = in * expansion;
    int part = 0;
    String h = x;
    if (expansion != 1) {
      h = convBnRelu6(g, block + ".conv." + part++, h, Conv2d.of(in, hidden, 1));
    }
    h =
        convBnRelu6(
            g,
            block + ".conv." + part++,
            h,
            Conv2d.of(hidden, hidden, 3).withStride(stride).depthwise());
    boolean residual = stride == 1 && in == out;
    h =
        g.convBn(
            block + ".conv." + part,
            block + ".conv." + (part + 1),
            h,
            Conv2d.of(hidden, out, 1),
            residual ? GraphWriter.RESIDUAL_GAMMA : 1.0);
    return residual ? g.add(block + ".add", x, h) : h;
  }

  /** torchvision's {@code Conv2dNormActivation}: submodules {@code .0} conv, {@code .1} BN. */
  private static String convBnRelu6(GraphWriter g, String module, String x, Conv2d conv) {
    String y = g.convBn(module + ".0", module + ".1", x, conv, 1.0);
    return g.relu6(module + ".2", y);
  }
}
