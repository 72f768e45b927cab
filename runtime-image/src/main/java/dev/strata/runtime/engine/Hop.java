package dev.strata.runtime.engine;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a request comes from: a client entering the pipeline (no revision, no range) or the
 * previous stage (its revision and the range it ran), plus the deadline that travels with it.
 */
public record Hop(OptionalLong revision, Optional<SegmentRange> senderRange, Instant deadline) {

  /** A request that enters the pipeline at this stage. */
  public static Hop entry(Instant deadline) {
    return new Hop(OptionalLong.empty(), Optional.empty(), deadline);
  }
}
