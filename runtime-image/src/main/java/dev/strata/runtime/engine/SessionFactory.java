package dev.strata.runtime.engine;

/** Builds sessions from serialized ONNX models. */
public interface SessionFactory {

  /**
   * Builds a session.
   *
   * @param onnxModel a serialized ONNX model with one FP32 input and one FP32 output
   * @throws ModelSourceException when the runtime rejects the model
   */
  StageSession open(byte[] onnxModel) throws ModelSourceException;
}
