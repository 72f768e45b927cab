package dev.strata.core.adaptation;

import dev.strata.core.placement.Plan;
import dev.strata.core.placement.Planner;
import dev.strata.core.placement.PlanningException;
import dev.strata.core.placement.PlanningProblem;
import java.util.Map;

/**
 * Plans a move the pipeline cannot skip: a node of its placement was lost, or its stages no longer
 * serve what was committed. Staying is not an option there, so when the memory the stages measured
 * leaves no feasible placement, the move is planned once more with held ranges at their modeled
 * memory only. That plan may build a range beside another on a node that turns out too small for
 * both; a stranded pipeline would fail every request instead.
 *
 * @param plan the placement to move to
 * @param modelOnly whether measured memory was set aside to find it
 */
public record ForcedMove(Plan plan, boolean modelOnly) {

  /**
   * @throws PlanningException when no placement fits even at modeled memory, or for any other
   *     reason than memory and links
   */
  public static ForcedMove plan(Planner planner, PlanningProblem problem) {
    try {
      return new ForcedMove(planner.plan(problem), false);
    } catch (PlanningException e) {
      if (e.reason() != PlanningException.Reason.NO_FEASIBLE_PLACEMENT) {
        throw e;
      }
      return new ForcedMove(planner.plan(problem.withHeldBytes(Map.of())), true);
    }
  }

  /** What to add to the move's reason. */
  public String note() {
    return modelOnly
        ? "; planned with held ranges at their modeled memory: what the stages measured left no"
            + " placement"
        : "";
  }
}
