package dev.strata.core.exec;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order.
 *
 * @param shape dimensions
 * @param data values; its length is the product of the dimensions
 */
public record Tensor(long[] shape, float[] data) {

  public Tensor {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + count + " values, got " + data.length);
    }
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /**
   * The largest relative difference to {@code other}: max |a - b| / max(|b|, floor), where {@code
   * floor} keeps values near zero from dominating.
   */
  public double maxRelativeDifference(Tensor other, double floor) {
    if (!Arrays.equals(shape, other.shape)) {
      throw new IllegalArgumentException(
          "shapes differ: " + Arrays.toString(shape) + " vs " + Arrays.toString(other.shape));
    }
    double worst = 0;
    for (int i = 0; i < data.length; i++) {
      double diff = Math.abs(data[i] - other.data[i]);
      worst = Math.max(worst, diff / Math.max(Math.abs(other.data[i]), floor));
    }
    return worst;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
