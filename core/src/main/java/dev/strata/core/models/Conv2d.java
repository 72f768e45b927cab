package dev.strata.core.models;

/**
 * The shape of one 2-D convolution, as torchvision's {@code nn.Conv2d} declares it: square kernel,
 * symmetric padding, no dilation.
 */
record Conv2d(
    int inChannels,
    int outChannels,
    int kernel,
    int stride,
    int padding,
    int groups,
    boolean hasBias) {

  /** Stride 1, "same" padding ({@code kernel / 2}), one group, with bias (torch's defaults). */
  static Conv2d of(int inChannels, int outChannels, int kernel) {
    return new Conv2d(inChannels, outChannels, kernel, 1, kernel / 2, 1, true);
  }

  Conv2d withStride(int newStride) {
    return new Conv2d(inChannels, outChannels, kernel, newStride, padding, groups, hasBias);
  }

  Conv2d withPadding(int newPadding) {
    return new Conv2d(inChannels, outChannels, kernel, stride, newPadding, groups, hasBias);
  }

  /** One group per input channel; requires as many output channels as input channels. */
  Conv2d depthwise() {
    if (inChannels != outChannels) {
      throw new IllegalArgumentException(
          "depthwise convolution needs equal channels, got " + inChannels + " -> " + outChannels);
    }
    return new Conv2d(inChannels, outChannels, kernel, stride, padding, inChannels, hasBias);
  }

  /** No bias term, as torchvision declares convolutions that a BatchNorm follows. */
  Conv2d withoutBias() {
    return new Conv2d(inChannels, outChannels, kernel, stride, padding, groups, false);
  }

  /** Inputs that feed one output element: {@code inChannels / groups * kernel * kernel}. */
  long fanIn() {
    return (long) inChannels / groups * kernel * kernel;
  }

  /** ONNX weight dims {@code [out, in / groups, k, k]}, as torch stores them. */
  long[] weightDims() {
    return new long[] {outChannels, inChannels / groups, kernel, kernel};
  }
}
