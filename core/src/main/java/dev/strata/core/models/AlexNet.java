package dev.strata.core.models;

/**
 * torchvision's {@code alexnet}: five convolutions and three linear layers, 61,100,840 parameters.
 *
 * <p>Omitted from torchvision's module list: {@code AdaptiveAvgPool2d((6, 6))}, an identity at a
 * 224x224 input (the features are already 256x6x6), and the {@code Dropout} layers, which do
 * nothing at inference.
 */
final class AlexNet {

  private AlexNet() {}

  static String write(GraphWriter g) {
    String x = g.input();
    x =
        g.relu(
            "features.1.relu",
            g.conv("features.0", x, Conv2d.of(3, 64, 11).withStride(4).withPadding(2)));
    x = g.maxPool("features.2.maxpool", x, 3, 2, 0);
    x = g.relu("features.4.relu", g.conv("features.3", x, Conv2d.of(64, 192, 5)));
    x = g.maxPool("features.5.maxpool", x, 3, 2, 0);
    x = g.relu("features.7.relu", g.conv("features.6", x, Conv2d.of(192, 384, 3)));
    x = g.relu("features.9.relu", g.conv("features.8", x, Conv2d.of(384, 256, 3)));
    x = g.relu("features.11.relu", g.conv("features.10", x, Conv2d.of(256, 256, 3)));
    x = g.maxPool("features.12.maxpool", x, 3, 2, 0);
    x = g.flatten("flatten", x);
    x = g.relu("classifier.2.relu", g.gemm("classifier.1", x, 256 * 6 * 6, 4096));
    x = g.relu("classifier.5.relu", g.gemm("classifier.4", x, 4096, 4096));
    return g.gemm("classifier.6", x, 4096, 1000);
  }
}
