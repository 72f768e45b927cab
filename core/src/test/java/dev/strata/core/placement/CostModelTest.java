package dev.strata.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CostModelTest {

  private static final double EPS = 1e-9;

  private final PlanningProblem problem = TwoNodeFixture.problem(Objective.LATENCY);

  private Plan splitAfterFirstSegment() {
    return CostModel.evaluate(
        problem,
        Placement.of(
            new StageAssignment("pi", new SegmentRange(0, 1)),
            new StageAssignment("desk", new SegmentRange(1, 2))),
        "test");
  }

  @Test
  void latencyAddsComputeTransfersAndReturnOfOutput() {
    // pi 10 ms, 500 B at 8 Mbit/s + 5 ms half RTT = 5.5 ms, desk 2 ms at load 0.5 = 4 ms,
    // 100 B back = 5.1 ms.
    assertEquals(10 + 5.5 + 4 + 5.1, splitAfterFirstSegment().predicted().latencyMs(), EPS);
  }

  @Test
  void stagesCarryTheirComputeAndTransferParts() {
    Plan plan = splitAfterFirstSegment();
    assertEquals(0, plan.stages().get(0).transferMs(), EPS);
    assertEquals(10, plan.stages().get(0).computeMs(), EPS);
    assertEquals(5.5, plan.stages().get(1).transferMs(), EPS);
    assertEquals(4, plan.stages().get(1).computeMs(), EPS);
    assertEquals(500, plan.stages().get(1).inputBytes());
    assertEquals("pi", plan.stages().get(1).inputFrom());
    assertEquals(5.1, plan.predicted().returnTransferMs(), EPS);
  }

  @Test
  void throughputIsSetByTheSlowestStageOrLink() {
    assertEquals(10, splitAfterFirstSegment().predicted().bottleneckMs(), EPS);
    assertEquals(100, splitAfterFirstSegment().predicted().throughputRps(), EPS);
  }

  @Test
  void energyChargesProfiledCpuTimeAtDynamicPowerAndTransfersAtRadioPower() {
    // pi: 10 ms x (6.4 - 2.7) W; desk: 2 ms profiled (not the 4 ms wall time) x (150 - 30) W;
    // transfers (5.5 + 5.1) ms x 1.5 W.
    double expected = (10 * 3.7 + 2 * 120 + (5.5 + 5.1) * 1.5) / 1000;
    assertEquals(expected, splitAfterFirstSegment().predicted().energyJ(), EPS);
  }

  @Test
  void sourceEnergyIsItsComputeAndItsEndOfEachTransfer() {
    // pi (the source): 10 ms x 3.7 W, half of the 5.5 ms transfer out and of the 5.1 ms return.
    double expected = (10 * 3.7 + (5.5 + 5.1) * 1.5 / 2) / 1000;
    assertEquals(expected, splitAfterFirstSegment().predicted().sourceEnergyJ(), EPS);
  }

  @Test
  void aSourceThatOnlyRelaysDrawsItsEndOfTheTransfers() {
    Plan plan = CostModel.evaluate(problem, Candidates.wholeModelOn(problem, "desk"), "test");
    double transfers = plan.stages().get(0).transferMs() + plan.predicted().returnTransferMs();
    assertEquals(transfers * 1.5 / 2 / 1000, plan.predicted().sourceEnergyJ(), EPS);
  }

  @Test
  void aModelRunWhollyOnTheSourceDrawsAllItsEnergyThere() {
    Plan plan = CostModel.evaluate(problem, Candidates.wholeModelOn(problem, "pi"), "test");
    assertEquals(plan.predicted().energyJ(), plan.predicted().sourceEnergyJ(), EPS);
  }

  @Test
  void noTransferWhenTheWholeModelRunsOnTheSource() {
    Plan plan = CostModel.evaluate(problem, Candidates.wholeModelOn(problem, "pi"), "test");
    assertEquals(30, plan.predicted().latencyMs(), EPS);
    assertEquals(0, plan.predicted().returnTransferMs(), EPS);
  }

  @Test
  void evaluateRejectsPlacementThatBreaksTierOrder() {
    Placement backwards =
        Placement.of(
            new StageAssignment("desk", new SegmentRange(0, 1)),
            new StageAssignment("pi", new SegmentRange(1, 2)));
    PlanningException e =
        assertThrows(PlanningException.class, () -> CostModel.evaluate(problem, backwards, "t"));
    assertEquals(PlanningException.Reason.INVALID_PLACEMENT, e.reason());
    assertEquals("stages[1].node", e.field());
  }

  @Test
  void evaluateRejectsRangeWhoseWeightsDoNotFitTheNode() {
    PlanningProblem tight = TwoNodeFixture.problem(Objective.LATENCY, 150, TwoNodeFixture.PLENTY);
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () -> CostModel.evaluate(tight, Candidates.wholeModelOn(tight, "pi"), "t"));
    assertEquals("stages[0].range", e.field());
  }

  @Test
  void evaluateRejectsPlacementWithAGap() {
    Placement gap =
        Placement.of(
            new StageAssignment("pi", new SegmentRange(0, 1)),
            new StageAssignment("desk", new SegmentRange(0, 2)));
    assertThrows(PlanningException.class, () -> CostModel.evaluate(problem, gap, "t"));
  }

  @Test
  void aRangeThatDoesNotFitBesideTheHeldOneIsRejectedSayingSo() {
    PlanningProblem problem =
        TwoNodeFixture.problem(Objective.ENERGY, 250, TwoNodeFixture.PLENTY)
            .changingFrom(Placement.of(new StageAssignment("pi", new SegmentRange(0, 1))));
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () ->
                CostModel.evaluate(
                    problem, Placement.of(new StageAssignment("pi", new SegmentRange(0, 2))), "t"));
    assertEquals(
        "range [0,2) needs 210 bytes but node pi has 140 free beside the range [0,1) it serves"
            + " until the switch completes",
        e.detail());
  }

  @Test
  void rangeMemoryIsWeightsPlusLargestWorkingSet() {
    ModelProfile model =
        new ModelProfile(
            "m", 1, java.util.List.of(new Segment(0, 100, 7, 1), new Segment(0, 50, 9, 1)));
    assertEquals(100 + 50 + 9, model.rangeMemoryBytes(new SegmentRange(0, 2)));
  }
}
