package dev.strata.runtime.engine;

/** A tensor in a request has the wrong name, datatype, shape or size. */
public class InvalidTensorException extends StageException {
  public InvalidTensorException(String message) {
    super(message);
  }
}
