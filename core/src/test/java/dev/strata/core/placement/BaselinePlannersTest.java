package dev.strata.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BaselinePlannersTest {

  private static List<Planner> baselines() {
    return List.of(
        new EdgeOnlyPlanner(),
        new CloudOnlyPlanner(),
        SingleCutPlanner.edgeToCloud(),
        new WeightedScoringPlanner(),
        new StaticSplitPlanner(
            Placement.of(
                new StageAssignment("edge-0", new SegmentRange(0, 1)),
                new StageAssignment("cloud-0", new SegmentRange(1, 2)))));
  }

  @Test
  void edgeOnlyRunsTheWholeModelOnTheSource() {
    Plan plan = new EdgeOnlyPlanner().plan(TwoNodeFixture.problem(Objective.LATENCY));
    assertEquals("pi[0,2)", plan.placement().toString());
    assertEquals("edge-only", plan.strategy());
  }

  @Test
  void cloudOnlyShipsTheRawInputToTheCloud() {
    Plan plan = new CloudOnlyPlanner().plan(TwoNodeFixture.problem(Objective.ENERGY));
    assertEquals("desk[0,2)", plan.placement().toString());
    assertEquals(6, plan.stages().get(0).transferMs(), 1e-9);
  }

  @Test
  void cloudOnlyFailsWithoutCloudNodes() {
    PlanningProblem edgeOnly =
        PlanningProblem.of(
            TwoNodeFixture.model(),
            List.of(TwoNodeFixture.pi(TwoNodeFixture.PLENTY)),
            Links.builder(List.of("pi")).build(),
            "pi",
            Objective.LATENCY);
    PlanningException e =
        assertThrows(PlanningException.class, () -> new CloudOnlyPlanner().plan(edgeOnly));
    assertEquals(PlanningException.Reason.NO_FEASIBLE_PLACEMENT, e.reason());
  }

  @Test
  void singleCutPicksTheCutWithTheBestObjective() {
    Plan plan =
        SingleCutPlanner.edgeToCloud()
            .plan(
                TwoNodeFixture.problem(Objective.ENERGY)
                    .withConstraints(Constraints.defaults().withLatencySloMs(25)));
    assertEquals("pi[0,1) -> desk[1,2)", plan.placement().toString());
  }

  @Test
  void staticSplitFailsWhenItsRangeNoLongerFits() {
    Planner fixed =
        new StaticSplitPlanner(
            Candidates.wholeModelOn(TwoNodeFixture.problem(Objective.LATENCY), "pi"));
    PlanningException e =
        assertThrows(
            PlanningException.class,
            () ->
                fixed.plan(TwoNodeFixture.problem(Objective.LATENCY, 100, TwoNodeFixture.PLENTY)));
    assertEquals(PlanningException.Reason.NO_FEASIBLE_PLACEMENT, e.reason());
    assertTrue(e.getMessage().contains("needs 210 bytes but node pi has 100 free"), e.getMessage());
  }

  @Test
  void weightedScoringPrefersTheLessLoadedNodeOfATier() {
    NodeProfile busy = NodeProfile.of("busy", Tier.CLOUD, SegmentTimes.of(1, 1), 1000, 0.9);
    NodeProfile idle = NodeProfile.of("idle", Tier.CLOUD, SegmentTimes.of(1, 1), 1000, 0.1);
    PlanningProblem problem =
        new PlanningProblem(
            TwoNodeFixture.model(),
            List.of(TwoNodeFixture.pi(TwoNodeFixture.PLENTY), busy, idle),
            Links.builder(List.of("pi", "busy", "idle"))
                .symmetric("pi", "busy", 100, 1)
                .symmetric("pi", "idle", 100, 1)
                .build(),
            "pi",
            Objective.LATENCY,
            new Constraints(OptionalDouble.empty(), 0.5, true),
            EnergyModel.DEFAULT);
    Plan plan = new WeightedScoringPlanner().plan(problem);
    assertTrue(plan.placement().toString().contains("idle"), plan.toString());
  }

  @Provide
  Arbitrary<PlanningProblem> problems() {
    return Arbitraries.longs()
        .map(RandomProblems::small)
        .filter(p -> p.objective() != Objective.BALANCED);
  }

  @Property(tries = 200)
  void noBaselineBeatsTheExactPlanner(@ForAll("problems") PlanningProblem problem) {
    double exact;
    try {
      exact = CostModel.score(problem.objective(), new ExactPlanner().plan(problem).predicted());
    } catch (PlanningException infeasible) {
      for (Planner baseline : baselines()) {
        assertThrows(PlanningException.class, () -> baseline.plan(problem), baseline.name());
      }
      return;
    }
    for (Planner baseline : baselines()) {
      try {
        double score = CostModel.score(problem.objective(), baseline.plan(problem).predicted());
        assertTrue(score >= exact * (1 - 1e-12), baseline.name() + " " + score + " < " + exact);
      } catch (PlanningException e) {
        assertTrue(
            e.reason() != PlanningException.Reason.INVALID_PROBLEM, baseline.name() + ": " + e);
      }
    }
  }

  @Property(tries = 200)
  void singleCutUsesTheSourceAndAtMostOneCloudNode(@ForAll("problems") PlanningProblem problem) {
    try {
      Plan plan = SingleCutPlanner.edgeToCloud().plan(problem);
      assertTrue(plan.stages().size() <= 2);
      for (PlannedStage stage : plan.stages()) {
        assertTrue(stage.node().equals("edge-0") || stage.tier() == Tier.CLOUD, plan.toString());
      }
    } catch (PlanningException infeasible) {
      assertTrue(infeasible.reason() != PlanningException.Reason.INVALID_PROBLEM);
    }
  }
}
