package dev.strata.runtime.engine;

import java.time.Duration;

/** The bounded queue is full; the caller should retry after {@link #retryAfter()}. */
public class QueueFullException extends StageException {
  private final Duration retryAfter;

  public QueueFullException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /** How long the caller should wait before retrying. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
