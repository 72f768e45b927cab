package dev.strata.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class ExactPlannerPropertyTest {

  private final ExactPlanner planner = new ExactPlanner();

  @Provide
  Arbitrary<PlanningProblem> problems() {
    return Arbitraries.longs().map(RandomProblems::small);
  }

  @Provide
  Arbitrary<Objective> objectives() {
    return Arbitraries.of(Objective.class);
  }

  @Property(tries = 400)
  void exactPlanEqualsBruteForceForEveryObjective(
      @ForAll("problems") PlanningProblem random, @ForAll("objectives") Objective objective) {
    PlanningProblem problem = random.withObjective(objective);
    Optional<Double> best = ReferenceCosts.bestScore(problem);
    Optional<Plan> plan = planOrEmpty(problem);
    Statistics.collect(objective, plan.isPresent() ? "feasible" : "infeasible");
    assertEquals(best.isPresent(), plan.isPresent(), () -> "feasibility differs, plan " + plan);
    if (best.isPresent()) {
      List<ReferenceCosts.Figures> all = ReferenceCosts.feasible(problem);
      ReferenceCosts.Figures figures =
          ReferenceCosts.price(problem, plan.get().placement()).orElseThrow();
      assertClose(
          best.get(), ReferenceCosts.score(problem, figures, all), "objective " + objective);
    }
  }

  @Property(tries = 300)
  void exactPlanNeverBreaksMemoryOrTierOrder(@ForAll("problems") PlanningProblem problem) {
    planOrEmpty(problem)
        .ifPresent(
            plan -> {
              int lastTier = -1;
              int next = 0;
              for (PlannedStage stage : plan.stages()) {
                NodeProfile node = problem.node(stage.node()).orElseThrow();
                assertTrue(node.tier().ordinal() > lastTier, "tier order in " + plan);
                assertEquals(next, stage.range().from(), "ranges consecutive in " + plan);
                assertTrue(
                    problem.model().rangeMemoryBytes(stage.range())
                        <= node.freeMemoryFor(stage.range(), problem.model()),
                    "memory of " + stage + " beside " + node.held() + " in " + plan);
                lastTier = node.tier().ordinal();
                next = stage.range().to();
              }
              assertEquals(problem.model().segmentCount(), next, "covers the model");
            });
  }

  @Property(tries = 300)
  void predictedFiguresEqualDirectRecomputation(@ForAll("problems") PlanningProblem problem) {
    planOrEmpty(problem)
        .ifPresent(
            plan -> {
              ReferenceCosts.Figures f =
                  ReferenceCosts.price(problem, plan.placement()).orElseThrow();
              Prediction p = plan.predicted();
              assertClose(f.latencyMs(), p.latencyMs(), "latency");
              assertClose(f.energyJ(), p.energyJ(), "energy");
              assertClose(f.bottleneckMs(), p.bottleneckMs(), "bottleneck");
              assertClose(1000 / f.bottleneckMs(), p.throughputRps(), "throughput");
              double stageSum =
                  plan.stages().stream().mapToDouble(s -> s.transferMs() + s.computeMs()).sum();
              assertClose(p.latencyMs(), stageSum + p.returnTransferMs(), "stage parts add up");
            });
  }

  @Property(tries = 200)
  void exactPlanMeetsTheLatencySlo(@ForAll("problems") PlanningProblem problem) {
    problem
        .constraints()
        .latencySloMs()
        .ifPresent(
            slo ->
                planOrEmpty(problem)
                    .ifPresent(
                        plan -> assertTrue(plan.predicted().latencyMs() <= slo * (1 + 1e-12))));
  }

  @Property(tries = 100)
  void prunedAdditiveSearchAgreesWithUnprunedParetoSearchOnMediumInstances(
      @ForAll("seeds") long seed) {
    PlanningProblem problem = RandomProblems.medium(seed, 12);
    CostTables tables = new CostTables(problem);
    Optional<AdditiveSearch.Solution> pruned = AdditiveSearch.solve(tables, 1, 0);
    Optional<AdditiveSearch.Solution> labels =
        ParetoSearch.solve(tables, new ParetoSearch.Score(false, 1, 0), Double.POSITIVE_INFINITY);
    assertEquals(labels.isPresent(), pruned.isPresent());
    labels.ifPresent(l -> assertClose(l.cost(), pruned.get().cost(), "latency"));
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  private Optional<Plan> planOrEmpty(PlanningProblem problem) {
    try {
      return Optional.of(planner.plan(problem));
    } catch (PlanningException e) {
      if (e.reason() != PlanningException.Reason.NO_FEASIBLE_PLACEMENT
          && e.reason() != PlanningException.Reason.SLO_UNREACHABLE) {
        fail("unexpected reason " + e.reason() + ": " + e.getMessage());
      }
      return Optional.empty();
    }
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
  }
}
