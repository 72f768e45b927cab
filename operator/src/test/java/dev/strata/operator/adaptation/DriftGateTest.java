package dev.strata.operator.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftGateTest {

  private static final Map<String, LinkEstimate> BASE = Map.of("a <-> b", new LinkEstimate(100, 2));

  @Test
  void bandwidthDropPastTheThresholdIsDrift() {
    var d = DriftGate.linkDrift(BASE, Map.of("a <-> b", new LinkEstimate(50, 2)), 0.2);
    assertTrue(d.isPresent());
    assertEquals(0.5, d.get().relativeChange(), 1e-9);
    assertTrue(d.get().description().contains("100.0 -> 50.0 Mbit/s"));
  }

  @Test
  void changeInsideTheThresholdIsNoDrift() {
    assertTrue(
        DriftGate.linkDrift(BASE, Map.of("a <-> b", new LinkEstimate(90, 2.1)), 0.2).isEmpty());
  }

  @Test
  void subMillisecondRttJitterIsNoDrift() {
    var base = Map.of("a <-> b", new LinkEstimate(100, 0.2));
    assertTrue(
        DriftGate.linkDrift(base, Map.of("a <-> b", new LinkEstimate(100, 0.35)), 0.2).isEmpty());
  }

  @Test
  void linksWithoutBaselineDoNotCount() {
    assertTrue(
        DriftGate.linkDrift(BASE, Map.of("a <-> c", new LinkEstimate(1, 50)), 0.2).isEmpty());
  }

  @Test
  void loadChangeIsAbsolute() {
    assertTrue(DriftGate.loadDrift(Map.of("n", 0.1), Map.of("n", 0.5), 0.2).isPresent());
    assertTrue(DriftGate.loadDrift(Map.of("n", 0.1), Map.of("n", 0.2), 0.2).isEmpty());
  }

  @Test
  void moveOnlyForAtLeastMinGain() {
    assertTrue(DriftGate.isWorthMoving(100, 90, 0.05));
    assertFalse(DriftGate.isWorthMoving(100, 97, 0.05));
    assertTrue(DriftGate.isWorthMoving(Double.POSITIVE_INFINITY, 90, 0.05));
  }

  @Test
  void cooldownHoldsUntilItHasPassed() {
    Instant change = Instant.parse("2026-01-01T00:00:00Z");
    assertFalse(
        DriftGate.isCooledDown(
            Optional.of(change), Duration.ofSeconds(30), change.plusSeconds(29)));
    assertTrue(
        DriftGate.isCooledDown(
            Optional.of(change), Duration.ofSeconds(30), change.plusSeconds(30)));
    assertTrue(DriftGate.isCooledDown(Optional.empty(), Duration.ofSeconds(30), change));
  }

  @Test
  void ewmaMovesHalfWay() {
    LinkEstimate s = new LinkEstimate(100, 2).smoothedWith(new LinkEstimate(0, 4), 0.5);
    assertEquals(50, s.bandwidthMbps(), 1e-9);
    assertEquals(3, s.rttMs(), 1e-9);
  }
}
