package dev.strata.runtime.engine;

import java.time.Duration;

/** Receives what the engine measures; the REST layer publishes it as metrics. */
public interface StageObserver {

  /** One run of a range's session took {@code took}. */
  void computed(Assignment assignment, Duration took);

  /**
   * An entering request whose next stage failed on revision {@code failed} runs again on the newer
   * revision {@code retry}.
   */
  default void retried(long failed, long retry) {}

  /** Ignores everything. */
  StageObserver NONE = (assignment, took) -> {};
}
