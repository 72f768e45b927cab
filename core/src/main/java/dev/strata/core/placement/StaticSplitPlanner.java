package dev.strata.core.placement;

import java.util.List;

/**
 * Baseline: a fixed placement chosen once (for example at start-up) and never re-evaluated. It is
 * priced against the current problem; it fails when it no longer fits.
 */
public final class StaticSplitPlanner implements Planner {

  private final Placement fixed;

  public StaticSplitPlanner(Placement fixed) {
    this.fixed = fixed;
  }

  @Override
  public String name() {
    return "static-split";
  }

  @Override
  public Plan plan(PlanningProblem problem) {
    return Candidates.best(problem, List.of(fixed), name());
  }
}
