package dev.strata.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactPlannerTest {

  private final ExactPlanner planner = new ExactPlanner();

  @Test
  void planRejectsStageWhenNoNodeHasEnoughMemory() {
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () -> planner.plan(TwoNodeFixture.problem(Objective.LATENCY, 100, 100)));
    assertEquals(PlanningException.Reason.NO_FEASIBLE_PLACEMENT, e.reason());
    assertEquals("NoFeasiblePlacement", e.reason().code());
  }

  @Test
  void planSplitsWhenNeitherNodeHoldsTheWholeModel() {
    Plan plan = planner.plan(TwoNodeFixture.problem(Objective.LATENCY, 150, 150));
    assertEquals("pi[0,1) -> desk[1,2)", plan.placement().toString());
  }

  @Test
  void aRangeTheNodeDoesNotHoldMustFitBesideTheOneItHolds() {
    // The pi's 250 bytes hold the whole model (210) alone, but not beside the [0,1) (110) it
    // serves while the new session is built.
    PlanningProblem fresh = TwoNodeFixture.problem(Objective.ENERGY, 250, TwoNodeFixture.PLENTY);
    assertEquals("pi[0,2)", planner.plan(fresh).placement().toString());
    PlanningProblem changing =
        fresh.changingFrom(Placement.of(new StageAssignment("pi", new SegmentRange(0, 1))));
    assertEquals("pi[0,1) -> desk[1,2)", planner.plan(changing).placement().toString());
  }

  @Test
  void aHeldRangeMeasuredAboveItsModelLeavesLessRoomBesideIt() {
    // 350 bytes: the whole model (210) fits beside the modeled [0,1) (110), not beside the 200
    // bytes its stage measured.
    PlanningProblem changing =
        TwoNodeFixture.problem(Objective.ENERGY, 350, TwoNodeFixture.PLENTY)
            .changingFrom(Placement.of(new StageAssignment("pi", new SegmentRange(0, 1))));
    assertEquals("pi[0,2)", planner.plan(changing).placement().toString());
    assertEquals(
        "pi[0,1) -> desk[1,2)",
        planner.plan(changing.withHeldBytes(Map.of("pi", 200L))).placement().toString());
  }

  @Test
  void theHeldRangeStaysPossibleWhenNothingFitsBesideIt() {
    // 150 bytes: [0,1) (110) runs there now, and nothing (not even itself) fits beside it.
    PlanningProblem changing =
        TwoNodeFixture.problem(Objective.ENERGY, 150, TwoNodeFixture.PLENTY)
            .changingFrom(
                Placement.of(
                    new StageAssignment("pi", new SegmentRange(0, 1)),
                    new StageAssignment("desk", new SegmentRange(1, 2))));
    assertEquals("pi[0,1) -> desk[1,2)", planner.plan(changing).placement().toString());
    // Under an SLO the search keeps Pareto fronts instead: the same exception.
    PlanningProblem withSlo =
        changing.withConstraints(changing.constraints().withLatencySloMs(1000));
    assertEquals("pi[0,1) -> desk[1,2)", planner.plan(withSlo).placement().toString());
  }

  @Test
  void latencyPlanOffloadsEverythingWhenTheLinkCostsLessThanEdgeCompute() {
    // desk only: 6 ms input + 6 ms compute (load 0.5) + 5.1 ms return = 17.1 ms,
    // against 30 ms on the pi and 24.6 ms split.
    Plan plan = planner.plan(TwoNodeFixture.problem(Objective.LATENCY));
    assertEquals("desk[0,2)", plan.placement().toString());
    assertEquals(17.1, plan.predicted().latencyMs(), 1e-9);
  }

  @Test
  void energyPlanPrefersThePiBecauseItsDynamicPowerIsLow() {
    Plan plan = planner.plan(TwoNodeFixture.problem(Objective.ENERGY));
    assertEquals("pi[0,2)", plan.placement().toString());
    assertEquals(30 * 3.7 / 1000, plan.predicted().energyJ(), 1e-12);
  }

  @Test
  void energyPlanUnderSloTradesEnergyForLatency() {
    PlanningProblem fast =
        TwoNodeFixture.problem(Objective.ENERGY)
            .withConstraints(Constraints.defaults().withLatencySloMs(25));
    Plan plan = planner.plan(fast);
    assertTrue(plan.predicted().latencyMs() <= 25, plan.toString());
    assertEquals("pi[0,1) -> desk[1,2)", plan.placement().toString());
  }

  @Test
  void planReportsSloUnreachableWithTheFastestLatency() {
    PlanningProblem impossible =
        TwoNodeFixture.problem(Objective.ENERGY)
            .withConstraints(Constraints.defaults().withLatencySloMs(5));
    PlanningException e = assertThrows(PlanningException.class, () -> planner.plan(impossible));
    assertEquals(PlanningException.Reason.SLO_UNREACHABLE, e.reason());
    assertTrue(e.getMessage().contains("17.1 ms"), e.getMessage());
  }

  @Test
  void throughputPlanMinimizesTheSlowestStageOrLink() {
    // desk only: max(6 ms input, 6 ms compute, 5.1 ms return); any use of the pi costs >= 10 ms.
    Plan plan = planner.plan(TwoNodeFixture.problem(Objective.THROUGHPUT));
    assertEquals(6, plan.predicted().bottleneckMs(), 1e-9);
  }

  @Test
  void balancedPlanWithFullLatencyWeightIsTheLatencyPlan() {
    PlanningProblem problem =
        TwoNodeFixture.problem(Objective.BALANCED)
            .withConstraints(Constraints.defaults().withBalancedLatencyWeight(1));
    assertEquals("desk[0,2)", planner.plan(problem).placement().toString());
  }

  @Test
  void balancedPlanWithZeroLatencyWeightIsTheEnergyPlan() {
    PlanningProblem problem =
        TwoNodeFixture.problem(Objective.BALANCED)
            .withConstraints(Constraints.defaults().withBalancedLatencyWeight(0));
    assertEquals("pi[0,2)", planner.plan(problem).placement().toString());
  }
}
