package dev.strata.runtime.engine;

/** A request or commit names a placement revision this worker does not hold. */
public class UnknownRevisionException extends StageException {
  public UnknownRevisionException(String message) {
    super(message);
  }
}
