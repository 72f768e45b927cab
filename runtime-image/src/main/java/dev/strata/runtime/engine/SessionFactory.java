package dev.strata.runtime.engine;

/** Builds sessions from serialized ONNX models. */
public interface SessionFactory {

  /**
   * Builds a session.
   *
   * @param range a model with one FP32 input and one FP32 output, and the weights it leaves out
   * @throws ModelSourceException when the runtime rejects the model
   */
  StageSession open(RangeModel range) throws ModelSourceException;
}
