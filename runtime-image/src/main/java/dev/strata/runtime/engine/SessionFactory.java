package dev.strata.runtime.engine;

import java.nio.ByteBuffer;

/** Builds sessions from serialized ONNX models. */
public interface SessionFactory {

  /**
   * Builds a session.
   *
   * @param onnxModel a serialized ONNX model with one FP32 input and one FP32 output, in a direct
   *     buffer from position 0 to its limit
   * @throws ModelSourceException when the runtime rejects the model
   */
  StageSession open(ByteBuffer onnxModel) throws ModelSourceException;
}
