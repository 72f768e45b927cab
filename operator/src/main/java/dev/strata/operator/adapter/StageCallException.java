package dev.strata.operator.adapter;

import java.net.URI;

/**
 * A control call that failed: the stage is unreachable ({@code status} 0) or answered with an HTTP
 * error ({@code status} and the stage's own message).
 */
public final class StageCallException extends RuntimeException {

  private final URI stage;
  private final int status;

  public StageCallException(URI stage, String path, int status, String message, Throwable cause) {
    super(
        (status == 0 ? "stage " + stage + " unreachable on " : "stage " + stage + " answered ")
            + (status == 0 ? path : status + " to " + path)
            + ": "
            + message,
        cause);
    this.stage = stage;
    this.status = status;
  }

  public URI stage() {
    return stage;
  }

  /** HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  public boolean isUnreachable() {
    return status == 0;
  }
}
