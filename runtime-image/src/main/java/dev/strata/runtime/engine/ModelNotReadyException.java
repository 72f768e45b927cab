package dev.strata.runtime.engine;

/** The worker cannot serve yet: model not loaded, or no revision committed. */
public class ModelNotReadyException extends StageException {
  public ModelNotReadyException(String message) {
    super(message);
  }
}
