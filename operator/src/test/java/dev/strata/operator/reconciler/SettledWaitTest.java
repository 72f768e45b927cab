package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettledWaitTest {
  private static final Instant ROUND_STARTED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  @Test
  void theIntervalRunsFromTheStartOfTheLastProbeRound() {
    Instant passEnded = ROUND_STARTED.plusSeconds(4);
    assertEquals(
        Duration.ofSeconds(6),
        InferencePipelineReconciler.settledWait(
            passEnded, Optional.of(ROUND_STARTED.plus(INTERVAL)), INTERVAL));
  }

  @Test
  void aRoundLongerThanTheIntervalIsFollowedAtOnce() {
    Instant passEnded = ROUND_STARTED.plusSeconds(12);
    assertEquals(
        InferencePipelineReconciler.MIN_LOOK,
        InferencePipelineReconciler.settledWait(
            passEnded, Optional.of(ROUND_STARTED.plus(INTERVAL)), INTERVAL));
  }

  @Test
  void withoutAProbeRoundTheWholeIntervalIsWaited() {
    assertEquals(
        INTERVAL,
        InferencePipelineReconciler.settledWait(ROUND_STARTED, Optional.empty(), INTERVAL));
  }
}
