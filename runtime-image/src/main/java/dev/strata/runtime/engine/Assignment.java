package dev.strata.runtime.engine;

import java.net.URI;
import java.util.Optional;

/**
 * What one stage runs in one placement revision.
 *
 * @param revision placement revision, increasing
 * @param fromSegment first segment run here
 * @param toSegment one past the last segment run here; 0 like {@code fromSegment} on a relay
 * @param next base URI of the next stage ({@code http://host:port}); empty on the last stage
 * @param wirePrecision element type of the activation sent to {@code next}
 */
public record Assignment(
    long revision,
    int fromSegment,
    int toSegment,
    Optional<URI> next,
    WirePrecision wirePrecision) {

  /** The range as written in headers and status: {@code from-to} (to exclusive). */
  public String range() {
    return fromSegment + "-" + toSegment;
  }

  /**
   * True when this stage runs no segment: a relay ({@code 0-0}) that forwards the input of entering
   * requests to {@code next}, so that they can wait here when the next stage's node is lost.
   */
  public boolean isRelay() {
    return fromSegment == 0 && toSegment == 0;
  }

  /** True when this stage answers with the model's output. */
  public boolean isLast() {
    return next.isEmpty();
  }
}
