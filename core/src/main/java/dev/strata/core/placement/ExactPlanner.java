package dev.strata.core.placement;

import java.util.Optional;

/**
 * Optimal placement for the problem's objective, exactly: the result is never worse than any other
 * placement that respects tier order, memory, links and the latency SLO.
 *
 * <ul>
 *   <li>{@link Objective#LATENCY}, {@link Objective#ENERGY} and {@link Objective#BALANCED} without
 *       an SLO are sums over stages and transfers: dynamic programming in {@link AdditiveSearch}
 *       (meets 50 ms at 1000 nodes x 300 segments for latency).
 *   <li>{@link Objective#THROUGHPUT} minimizes the bottleneck (ties broken by latency), and energy
 *       or balanced under an SLO are latency-constrained: Pareto labels in {@link ParetoSearch}.
 *   <li>{@link Objective#BALANCED} first finds the best latency and the best energy (two additive
 *       searches) to normalize by them; references below 1e-9 are clamped to 1e-9.
 * </ul>
 */
public final class ExactPlanner implements Planner {

  @Override
  public String name() {
    return "exact";
  }

  @Override
  public Plan plan(PlanningProblem problem) {
    CostTables t = new CostTables(problem);
    double slo = problem.constraints().latencySloMs().orElse(Double.POSITIVE_INFINITY);
    boolean hasSlo = problem.constraints().latencySloMs().isPresent();
    Optional<AdditiveSearch.Solution> solution =
        switch (problem.objective()) {
          case LATENCY -> AdditiveSearch.solve(t, 1, 0).filter(s -> s.cost() <= slo);
          case ENERGY ->
              hasSlo
                  ? ParetoSearch.solve(t, new ParetoSearch.Score(false, 0, 1), slo)
                  : AdditiveSearch.solve(t, 0, 1);
          case THROUGHPUT -> ParetoSearch.solve(t, new ParetoSearch.Score(true, 0, 0), slo);
          case BALANCED -> balanced(t, problem.constraints().balancedLatencyWeight(), slo, hasSlo);
        };
    return CostModel.evaluate(
        problem, solution.orElseThrow(() -> infeasible(t, slo)).placement(), name());
  }

  private static Optional<AdditiveSearch.Solution> balanced(
      CostTables t, double weight, double slo, boolean hasSlo) {
    Optional<AdditiveSearch.Solution> fastest = AdditiveSearch.solve(t, 1, 0);
    Optional<AdditiveSearch.Solution> leanest = AdditiveSearch.solve(t, 0, 1);
    if (fastest.isEmpty() || leanest.isEmpty()) {
      return Optional.empty();
    }
    double latencyWeight = weight / Math.max(fastest.get().cost(), 1e-9);
    double energyWeight = (1 - weight) / Math.max(leanest.get().cost(), 1e-9);
    return hasSlo
        ? ParetoSearch.solve(t, new ParetoSearch.Score(false, latencyWeight, energyWeight), slo)
        : AdditiveSearch.solve(t, latencyWeight, energyWeight);
  }

  static PlanningException infeasible(CostTables t, double slo) {
    Optional<AdditiveSearch.Solution> fastest = AdditiveSearch.solve(t, 1, 0);
    if (fastest.isPresent()) {
      return new PlanningException(
          PlanningException.Reason.SLO_UNREACHABLE,
          "slo.latencyMs",
          String.format(
              "no placement meets the latency SLO of %.1f ms; the fastest feasible one (%s) takes"
                  + " %.1f ms: relax the SLO or add faster nodes",
              slo, fastest.get().placement(), fastest.get().cost()));
    }
    return new PlanningException(
        PlanningException.Reason.NO_FEASIBLE_PLACEMENT,
        "nodes",
        "no tier-ordered placement of model "
            + t.problem.model().name()
            + " fits the nodes' free memory over the measured links; add memory, nodes or link"
            + " probes");
  }
}
