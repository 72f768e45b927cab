package dev.strata.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.api.v1alpha1.InferencePipelineStatus;
import dev.strata.api.v1alpha1.PlacementRecord;
import dev.strata.api.v1alpha1.PlacementStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

  private static final Clock T0 =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Clock T1 =
      Clock.fixed(Instant.parse("2026-01-01T00:05:00Z"), ZoneOffset.UTC);

  private static Condition condition(InferencePipelineStatus s, ConditionType type) {
    return s.getConditions().stream()
        .filter(c -> c.getType().equals(type.type()))
        .findFirst()
        .orElseThrow();
  }

  private static InferencePipelineStatus allTrue(InferencePipelineStatus previous, Clock clock) {
    return new StatusAggregator(previous, 3, clock)
        .isTrue(ConditionType.MODEL_LOADED, "ModelLoaded", "loaded")
        .isTrue(ConditionType.PROFILED, "Profiled", "profiled")
        .isTrue(ConditionType.PLACED, "Placed", "placed")
        .build();
  }

  @Test
  void readyIsTrueWhenModelProfiledAndPlacedAreTrue() {
    InferencePipelineStatus s = allTrue(null, T0);
    assertEquals("True", condition(s, ConditionType.READY).getStatus());
    assertEquals(3L, condition(s, ConditionType.READY).getObservedGeneration());
    assertEquals(3L, s.getObservedGeneration());
  }

  @Test
  void readyIsFalseAndCarriesTheMessageOfTheFalsePart() {
    InferencePipelineStatus s =
        new StatusAggregator(null, 1, T0)
            .isFalse(ConditionType.PLACED, "InvalidSpec", "fix spec.tiers")
            .build();
    Condition ready = condition(s, ConditionType.READY);
    assertEquals("False", ready.getStatus());
    assertEquals("NotPlaced", ready.getReason());
    assertEquals("fix spec.tiers", ready.getMessage());
  }

  @Test
  void everyConditionTypeIsWrittenOnce() {
    InferencePipelineStatus s = new StatusAggregator(null, 1, T0).build();
    assertEquals(ConditionType.values().length, s.getConditions().size());
  }

  @Test
  void transitionTimeChangesOnlyWhenTheStatusFlips() {
    InferencePipelineStatus first = allTrue(null, T0);
    InferencePipelineStatus same = allTrue(first, T1);
    assertEquals(
        condition(first, ConditionType.READY).getLastTransitionTime(),
        condition(same, ConditionType.READY).getLastTransitionTime());
    InferencePipelineStatus flipped =
        new StatusAggregator(same, 4, T1).isFalse(ConditionType.PLACED, "NodeLost", "gone").build();
    assertNotEquals(
        condition(same, ConditionType.READY).getLastTransitionTime(),
        condition(flipped, ConditionType.READY).getLastTransitionTime());
    assertEquals(
        "2026-01-01T00:05:00Z", condition(flipped, ConditionType.READY).getLastTransitionTime());
  }

  @Test
  void unreportedConditionsKeepTheirPreviousValue() {
    InferencePipelineStatus first = allTrue(null, T0);
    InferencePipelineStatus next = new StatusAggregator(first, 3, T1).build();
    assertEquals("True", condition(next, ConditionType.PLACED).getStatus());
  }

  @Test
  void historyIsNewestFirstAndBoundedToTen() {
    InferencePipelineStatus s = null;
    for (long r = 1; r <= 12; r++) {
      PlacementStatus p = new PlacementStatus();
      p.setRevision(r);
      s =
          new StatusAggregator(s, 1, T0)
              .committed(p, new PlacementRecord(r, "a[0,1)", 1.0, "why", "now"))
              .build();
    }
    assertEquals(10, s.getHistory().size());
    assertEquals(12L, s.getHistory().get(0).getRevision());
    assertEquals(3L, s.getHistory().get(9).getRevision());
    assertEquals(12L, s.getPlacement().getRevision());
  }

  @Test
  void readyCannotBeReported() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new StatusAggregator(null, 1, T0).isTrue(ConditionType.READY, "X", "y"));
  }
}
