package dev.strata.core.models;

import java.util.List;

/**
 * torchvision's {@code mobilenet_v2} (width 1.0): a 3x3 stem, seventeen inverted residual blocks, a
 * 1x1 convolution to 1280 channels and a linear classifier, 3,504,872 parameters.
 *
 * <p>ReLU6 is {@code Clip} with {@code Constant} min and max inputs (see {@link
 * GraphWriter#relu6}). The global average pool is {@code GlobalAveragePool} then {@code Flatten};
 * the classifier's {@code Dropout} is omitted.
 */
final class MobileNetV2 {

  /** One row of torchvision's inverted residual settings (t, c, n, s). */
  private record Stage(int expansion, int channels, int repeats, int stride) {}

  private static final List<Stage> STAGES =
      List.of(
          new Stage(1, 16, 1, 1),
          new Stage(6, 24, 2, 2),
          new Stage(6, 32, 3, 2),
          new Stage(6, 64, 4, 2),
          new Stage(6, 96, 3, 1),
          new Stage(6, 160, 3, 2),
          new Stage(6, 320, 1, 1));

  private static final int STEM_CHANNELS = 32;
  private static final int LAST_CHANNELS = 1280;

  private final GraphWriter g;

  private MobileNetV2(GraphWriter g) {
    this.g = g;
  }

  static String write(GraphWriter g) {
    return new MobileNetV2(g).write();
  }

  private String write() {
    String x = convBnRelu6("features.0", g.input(), Conv2d.of(3, STEM_CHANNELS, 3).withStride(2));
    int channels = STEM_CHANNELS;
    int index = 1;
    for (Stage stage : STAGES) {
      for (int repeat = 0; repeat < stage.repeats(); repeat++) {
        int stride = repeat == 0 ? stage.stride() : 1;
        x = invertedResidual("features." + index, x, channels, stage, stride);
        channels = stage.channels();
        index += 1;
      }
    }
    x = convBnRelu6("features." + index, x, Conv2d.of(channels, LAST_CHANNELS, 1));
    x = g.flatten("flatten", g.globalAveragePool("avgpool", x));
    return g.gemm("classifier.1", x, LAST_CHANNELS, 1000);
  }

  /**
   * torchvision's {@code InvertedResidual}: 1x1 expansion (skipped when the expansion is 1), 3x3
   * depthwise, 1x1 linear projection; the input is added back when stride is 1 and the channel
   * count is unchanged.
   */
  private String invertedResidual(String block, String x, int in, Stage stage, int stride) {
    int out = stage.channels();
    int hidden = in * stage.expansion();
    int part = 0;
    String h = x;
    if (stage.expansion() != 1) {
      h = convBnRelu6(block + ".conv." + part++, h, Conv2d.of(in, hidden, 1));
    }
    Conv2d depthwise = Conv2d.of(hidden, hidden, 3).withStride(stride).depthwise();
    h = convBnRelu6(block + ".conv." + part++, h, depthwise);
    boolean residual = stride == 1 && in == out;
    double gamma = residual ? GraphWriter.RESIDUAL_GAMMA : 1.0;
    h =
        g.convBn(
            block + ".conv." + part,
            block + ".conv." + (part + 1),
            h,
            Conv2d.of(hidden, out, 1),
            gamma);
    return residual ? g.add(block + ".add", x, h) : h;
  }

  /** torchvision's {@code Conv2dNormActivation}: submodules {@code .0} conv, {@code .1} BN. */
  private String convBnRelu6(String module, String x, Conv2d conv) {
    String y = g.convBn(module + ".0", module + ".1", x, conv, 1.0);
    return g.relu6(module + ".2", y);
  }
}
