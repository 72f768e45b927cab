package dev.strata.runtime.oip;

import dev.strata.runtime.engine.StageException;

/** A request names a model this worker does not serve. */
public class UnknownModelException extends StageException {
  public UnknownModelException(String message) {
    super(message);
  }
}
