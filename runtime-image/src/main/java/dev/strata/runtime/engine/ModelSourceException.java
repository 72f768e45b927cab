package dev.strata.runtime.engine;

/** A model could not be fetched, verified (sha256) or parsed. */
public class ModelSourceException extends StageException {
  public ModelSourceException(String message) {
    super(message);
  }

  public ModelSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
