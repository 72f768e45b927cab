package dev.strata.core.models;

/**
 * torchvision's {@code vgg16} (configuration "D", no BatchNorm): thirteen 3x3 convolutions and
 * three linear layers, 138,357,544 parameters.
 *
 * <p>Omitted from torchvision's module list: {@code AdaptiveAvgPool2d((7, 7))}, an identity at a
 * 224x224 input (the features are already 512x7x7), and the {@code Dropout} layers, which do
 * nothing at inference. Module indices match torchvision's, so initializer names match its state
 * dict.
 */
final class Vgg16 {

  /** Output channels per convolution; 0 marks a 2x2 max pool. */
  private static final int[] FEATURES = {
    64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0
  };

  private Vgg16() {}

  static String write(GraphWriter g) {
    String x = g.input();
    int channels = 3;
    int index = 0;
    for (int out : FEATURES) {
      if (out == 0) {
        x = g.maxPool("features." + index + ".maxpool", x, 2, 2, 0);
        index += 1;
      } else {
        x = g.conv("features." + index, x, Conv2d.of(channels, out, 3));
        x = g.relu("features." + (index + 1) + ".relu", x);
        channels = out;
        index += 2;
      }
    }
    x = g.flatten("flatten", x);
    x = g.relu("classifier.1.relu", g.gemm("classifier.0", x, 512 * 7 * 7, 4096));
    x = g.relu("classifier.4.relu", g.gemm("classifier.3", x, 4096, 4096));
    return g.gemm("classifier.6", x, 4096, 1000);
  }
}
