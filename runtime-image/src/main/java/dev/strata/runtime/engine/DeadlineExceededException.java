package dev.strata.runtime.engine;

/** The deadline that travels with the request ran out. */
public class DeadlineExceededException extends StageException {
  public DeadlineExceededException(String message) {
    super(message);
  }
}
