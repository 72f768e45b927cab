package dev.strata.runtime.oip;

import dev.strata.runtime.engine.StageException;

/** A request body that is not a valid Open Inference Protocol v2 request. */
public class MalformedRequestException extends StageException {
  public MalformedRequestException(String message) {
    super(message);
  }

  public MalformedRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
