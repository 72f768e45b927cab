package dev.strata.runtime.engine;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * What a session is built from: a serialized ONNX graph whose large float weights are left out
 * (marked as external data) and handed over as buffers instead, so that building a session for a
 * range copies the weights once, from the worker's memory-mapped model file, rather than
 * serializing them into a new model and parsing that again (VGG16's classifier range: about 0.25 s
 * instead of 1 to 2 s).
 *
 * @param graph serialized ONNX model, position 0 to its limit
 * @param weights initializers of {@code graph} marked external, by name
 */
public record RangeModel(ByteBuffer graph, Map<String, Weight> weights) {

  /** A serialized model that carries all its weights itself. */
  public static RangeModel inline(ByteBuffer graph) {
    return new RangeModel(graph, Map.of());
  }

  /**
   * One FP32 weight tensor.
   *
   * @param data its values, little-endian, position 0 to its limit (direct when mapped)
   * @param dims its shape
   */
  public record Weight(ByteBuffer data, long[] dims) {}
}
