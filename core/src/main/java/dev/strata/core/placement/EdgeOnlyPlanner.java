package dev.strata.core.placement;

import java.util.List;

/** Baseline: the whole model runs on the source node (the edge device), nothing crosses a link. */
public final class EdgeOnlyPlanner implements Planner {

  @Override
  public String name() {
    return "edge-only";
  }

  @Override
  public Plan plan(PlanningProblem problem) {
    return Candidates.best(
        problem, List.of(Candidates.wholeModelOn(problem, problem.sourceNode())), name());
  }
}
