package dev.strata.runtime.engine;

import dev.strata.core.exec.Tensor;

/** A tensor as it arrived or leaves: name, Open Inference Protocol datatype, shape and values. */
public record NamedTensor(String name, String datatype, long[] shape, TensorValues values) {

  /** An FP32 tensor. */
  public static NamedTensor fp32(String name, Tensor tensor) {
    return new NamedTensor(name, "FP32", tensor.shape(), new TensorValues.Floats(tensor.data()));
  }
}
