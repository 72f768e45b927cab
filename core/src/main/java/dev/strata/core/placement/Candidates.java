package dev.strata.core.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Picks the best of a few candidate placements by the problem's objective: how the baselines
 * choose. Infeasible candidates (memory, links) and candidates over the latency SLO are skipped;
 * {@link Objective#BALANCED} normalizes by the best latency and energy among the candidates.
 */
final class Candidates {

  private Candidates() {}

  static Plan best(PlanningProblem problem, List<Placement> candidates, String strategy) {
    Map<String, NodeProfile> byName = problem.nodesByName();
    List<Plan> feasible = new ArrayList<>();
    PlanningException firstProblem = null;
    for (Placement placement : candidates) {
      try {
        feasible.add(CostModel.evaluate(problem, placement, strategy, byName));
      } catch (PlanningException e) {
        firstProblem = firstProblem == null ? e : firstProblem;
      }
    }
    if (feasible.isEmpty()) {
      throw new PlanningException(
          PlanningException.Reason.NO_FEASIBLE_PLACEMENT,
          firstProblem == null ? "nodes" : firstProblem.field(),
          strategy
              + " has no feasible placement"
              + (firstProblem == null ? "" : ": " + firstProblem.detail()));
    }
    double slo = problem.constraints().latencySloMs().orElse(Double.POSITIVE_INFINITY);
    List<Plan> withinSlo = feasible.stream().filter(p -> p.predicted().latencyMs() <= slo).toList();
    if (withinSlo.isEmpty()) {
      Plan fastest =
          feasible.stream()
              .min((a, b) -> Double.compare(a.predicted().latencyMs(), b.predicted().latencyMs()))
              .orElseThrow();
      throw new PlanningException(
          PlanningException.Reason.SLO_UNREACHABLE,
          "slo.latencyMs",
          String.format(
              "%s cannot meet the latency SLO of %.1f ms; its fastest placement (%s) takes %.1f ms",
              strategy, slo, fastest.placement(), fastest.predicted().latencyMs()));
    }
    double bestLatency =
        withinSlo.stream().mapToDouble(p -> p.predicted().latencyMs()).min().orElseThrow();
    double bestEnergy =
        withinSlo.stream().mapToDouble(p -> p.predicted().energyJ()).min().orElseThrow();
    Plan best = null;
    double bestScore = Double.POSITIVE_INFINITY;
    for (Plan p : withinSlo) {
      double score =
          problem.objective() == Objective.BALANCED
              ? CostModel.balancedScore(
                  p.predicted(),
                  problem.constraints().balancedLatencyWeight(),
                  Math.max(bestLatency, 1e-9),
                  Math.max(bestEnergy, 1e-9))
              : CostModel.score(problem.objective(), p.predicted());
      if (score < bestScore) {
        bestScore = score;
        best = p;
      }
    }
    return best;
  }

  static Placement wholeModelOn(PlanningProblem problem, String node) {
    return Placement.of(
        new StageAssignment(node, new SegmentRange(0, problem.model().segmentCount())));
  }
}
