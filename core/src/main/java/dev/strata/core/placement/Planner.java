package dev.strata.core.placement;

/** A placement strategy. Implementations are stateless, pure and safe to share between threads. */
public interface Planner {

  /** Short stable name, used in plans, reports and benchmark tables. */
  String name();

  /**
   * Chooses a placement for {@code problem}. The result respects memory, tier order, links and the
   * latency SLO.
   *
   * @throws PlanningException with {@code NoFeasiblePlacement}, {@code SloUnreachable} or {@code
   *     InvalidProblem} when no such placement exists or the strategy does not apply
   */
  Plan plan(PlanningProblem problem);
}
