package dev.strata.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NodeProfileTest {

  private static NodeProfile at(double load) {
    return NodeProfile.of("n", Tier.EDGE, SegmentTimes.of(8), 1, load);
  }

  @Test
  void idleNodeRunsAtProfiledSpeed() {
    assertEquals(8, at(0).effectiveMs(0), 1e-12);
  }

  @Test
  void busyNodeRunsSlowerByItsAvailableCpuShare() {
    assertEquals(32, at(0.75).effectiveMs(0), 1e-12);
  }

  @Test
  void saturatedNodeIsFlooredAtTenPercentShare() {
    assertEquals(80, at(1).effectiveMs(0), 1e-12);
  }

  @Test
  void unlabeledEdgeNodeDrawsRaspberryPiPower() {
    assertEquals(new PowerProfile(2.7, 6.4), at(0).power());
  }

  @Test
  void loadOutsideZeroToOneIsRejectedWithItsField() {
    PlanningException e = assertThrows(PlanningException.class, () -> at(1.5));
    assertEquals("nodes[n].cpuLoad", e.field());
  }

  @Test
  void segmentTimesMustBePositive() {
    assertThrows(PlanningException.class, () -> SegmentTimes.of(1, 0));
  }
}
