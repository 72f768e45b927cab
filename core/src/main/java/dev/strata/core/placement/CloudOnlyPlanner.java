package dev.strata.core.placement;

import java.util.List;

/**
 * Baseline: the raw input goes to one cloud node, which runs the whole model; of the cloud nodes
 * the best for the problem's objective is chosen.
 */
public final class CloudOnlyPlanner implements Planner {

  @Override
  public String name() {
    return "cloud-only";
  }

  @Override
  public Plan plan(PlanningProblem problem) {
    List<Placement> candidates =
        problem.nodes().stream()
            .filter(n -> n.tier() == Tier.CLOUD)
            .map(n -> Candidates.wholeModelOn(problem, n.name()))
            .toList();
    return Candidates.best(problem, candidates, name());
  }
}
