package dev.strata.runtime.engine;

/** A prepare conflicts with the state of the worker (stale revision, range that does not chain). */
public class AssignmentException extends StageException {
  public AssignmentException(String message) {
    super(message);
  }
}
