package dev.strata.runtime.engine;

/** A prepare names a range or field that cannot be served (out of bounds, empty). */
public class InvalidAssignmentException extends StageException {
  public InvalidAssignmentException(String message) {
    super(message);
  }
}
