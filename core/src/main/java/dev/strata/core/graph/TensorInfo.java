package dev.strata.core.graph;

import java.util.Arrays;

/**
 * A named tensor with a static shape.
 *
 * @param name tensor name in the ONNX graph
 * @param datatype Open Inference Protocol v2 datatype name, e.g. "FP32"
 * @param shape dimensions; symbolic dimensions of the model's inputs are taken as 1 (batch 1)
 * @param bytes size of the tensor's data in bytes (elements times element width)
 */
public record TensorInfo(String name, String datatype, long[] shape, long bytes) {

  public TensorInfo {
    shape = shape.clone();
  }

  static TensorInfo of(String name, ElementType type, long[] shape) {
    return new TensorInfo(name, type.oipName(), shape, elementCount(shape) * type.bytes());
  }

  /** Dimensions, as a fresh copy. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements: the product of the dimensions (1 for a scalar). */
  public long elementCount() {
    return elementCount(shape);
  }

  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && datatype.equals(t.datatype)
        && Arrays.equals(shape, t.shape)
        && bytes == t.bytes;
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + ":" + datatype + Arrays.toString(shape);
  }
}
