package dev.strata.runtime.engine;

import java.time.Duration;

/** Receives what the engine measures; the REST layer publishes it as metrics. */
public interface StageObserver {

  /** One run of a range's session took {@code took}. */
  void computed(Assignment assignment, Duration took);

  /** Ignores everything. */
  StageObserver NONE = (assignment, took) -> {};
}
