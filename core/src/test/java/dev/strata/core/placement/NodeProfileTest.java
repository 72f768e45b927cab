package dev.strata.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
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
  void aRangeOtherThanTheHeldOneGetsTheMemoryLeftBesideIt() {
    ModelProfile model = TwoNodeFixture.model(); // [0,1) needs 110 bytes, [0,2) 210
    NodeProfile pi = TwoNodeFixture.pi(250).withHeld(Optional.of(new SegmentRange(0, 1)));
    assertEquals(250, pi.freeMemoryFor(new SegmentRange(0, 1), model));
    assertEquals(140, pi.freeMemoryFor(new SegmentRange(0, 2), model));
    assertEquals(
        0, TwoNodeFixture.pi(100).withHeld(pi.held()).freeMemoryFor(new SegmentRange(1, 2), model));
    assertEquals(250, TwoNodeFixture.pi(250).freeMemoryFor(new SegmentRange(0, 2), model));
  }

  @Test
  void theHeldRangeCountsAtWhatItsStageMeasuredWhenThatIsMoreThanModeled() {
    ModelProfile model = TwoNodeFixture.model(); // [0,1) needs 110 bytes
    NodeProfile pi = TwoNodeFixture.pi(250).withHeld(Optional.of(new SegmentRange(0, 1)));
    assertEquals(50, pi.withHeldBytes(200).freeMemoryFor(new SegmentRange(0, 2), model));
    assertEquals(140, pi.withHeldBytes(60).freeMemoryFor(new SegmentRange(0, 2), model));
    assertEquals(250, pi.withHeldBytes(200).freeMemoryFor(new SegmentRange(0, 1), model));
  }

  @Test
  void negativeMeasuredMemoryIsRejectedWithItsField() {
    PlanningException e =
        assertThrows(PlanningException.class, () -> TwoNodeFixture.pi(250).withHeldBytes(-1));
    assertEquals("nodes[pi].heldBytes", e.field());
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
