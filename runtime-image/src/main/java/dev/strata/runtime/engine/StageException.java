package dev.strata.runtime.engine;

/**
 * Base of the errors a stage reports to its caller; the REST layer maps each subclass to one status
 * code.
 */
public class StageException extends Exception {
  public StageException(String message) {
    super(message);
  }

  public StageException(String message, Throwable cause) {
    super(message, cause);
  }
}
