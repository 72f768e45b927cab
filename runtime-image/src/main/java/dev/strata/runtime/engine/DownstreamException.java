package dev.strata.runtime.engine;

import java.time.Duration;
import java.util.Optional;

/** The next stage answered with an error or could not be reached; its status is passed back. */
public class DownstreamException extends StageException {
  private final int status;
  private final Optional<Duration> retryAfter;

  public DownstreamException(int status, String message, Optional<Duration> retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** HTTP status to answer with: the next stage's status, or 502 when it was unreachable. */
  public int status() {
    return status;
  }

  /** Retry-After the next stage asked for, if any. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
