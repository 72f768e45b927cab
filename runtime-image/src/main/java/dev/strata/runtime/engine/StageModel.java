package dev.strata.runtime.engine;

import dev.strata.core.graph.TensorInfo;

/**
 * The model a worker holds once, seen as segments. Implemented on the core graph analysis; tests
 * use a fake.
 */
public interface StageModel {

  /** Model name as used in {@code /v2/models/{name}}. */
  String name();

  /**
   * Number of segments; ranges are {@code [from, to)} with {@code 0 <= from < to <= count}, or the
   * empty range {@code [0, 0)} of a relay.
   */
  int segmentCount();

  /** The tensor entering segment {@code fromSegment}: the model input when it is 0. */
  TensorInfo inputOf(int fromSegment);

  /**
   * The tensor leaving segment {@code toSegment - 1}: the model output when it is the last, the
   * model input when {@code toSegment} is 0 (an empty range's output is its input).
   */
  TensorInfo outputOf(int toSegment);

  /** Bytes of the weights segment {@code index} reads (what its session must hold). */
  long weightBytes(int index);

  /** A standalone ONNX model running segments {@code [from, to)}, its large weights beside it. */
  RangeModel extract(int fromSegment, int toSegment);
}
