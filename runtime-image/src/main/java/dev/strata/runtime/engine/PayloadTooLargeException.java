package dev.strata.runtime.engine;

/** A request body is larger than the configured limit. */
public class PayloadTooLargeException extends StageException {
  public PayloadTooLargeException(String message) {
    super(message);
  }
}
