package dev.strata.runtime.engine;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a session is built from: a serialized ONNX graph whose large float weights are left out
 * (marked as external data). Where the worker loaded its model from a file, they point at their own
 * bytes in that file, which ONNX Runtime maps instead of copying: a VGG16 classifier range (494 MB
 * of weights) builds in 20-90 ms and its weights stay in the page cache the worker's model mapping
 * shares, against 0.25-1.7 s and a private copy per session when they were copied. Weights without
 * a place in a file (a model parsed from memory) are handed over as buffers and copied once.
 *
 * @param graph serialized ONNX model, position 0 to its limit
 * @param weights initializers of {@code graph} marked external and handed over as buffers, by name
 * @param weightsFolder the folder the external data locations of {@code graph} name files in
 */
public record RangeModel(
    ByteBuffer graph, Map<String, Weight> weights, Optional<Path> weightsFolder) {

  /** A serialized model that carries all its weights itself. */
  public static RangeModel inline(ByteBuffer graph) {
    return new RangeModel(graph, Map.of(), Optional.empty());
  }

  /**
   * One FP32 weight tensor.
   *
   * @param data its values, little-endian, position 0 to its limit (direct when mapped)
   * @param dims its shape
   */
  public record Weight(ByteBuffer data, long[] dims) {}
}
