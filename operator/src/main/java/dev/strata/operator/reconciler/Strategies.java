package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.PlacementStrategy;
import dev.strata.core.placement.CloudOnlyPlanner;
import dev.strata.core.placement.EdgeOnlyPlanner;
import dev.strata.core.placement.ExactPlanner;
import dev.strata.core.placement.NodeProfile;
import dev.strata.core.placement.Plan;
import dev.strata.core.placement.Planner;
import dev.strata.core.placement.PlanningProblem;
import dev.strata.core.placement.SingleCutPlanner;
import dev.strata.core.placement.Tier;
import dev.strata.core.placement.WeightedScoringPlanner;
import java.util.Comparator;

/** Core's planner for {@code spec.strategy}. Pure. */
final class Strategies {

  private Strategies() {}

  static Planner planner(PlacementStrategy strategy) {
    return switch (strategy == null ? PlacementStrategy.EXACT : strategy) {
      case EXACT -> new ExactPlanner();
      case WEIGHTED_SCORING -> new WeightedScoringPlanner();
      case SINGLE_CUT -> new FirstToLastTier();
      case EDGE_ONLY -> new EdgeOnlyPlanner();
      case CLOUD_ONLY -> new CloudOnlyPlanner();
    };
  }

  /**
   * Neurosurgeon between the source node's tier and the last tier among the candidates; with a
   * single tier there is nothing to cut and the whole model stays on the source's tier.
   */
  private static final class FirstToLastTier implements Planner {
    @Override
    public String name() {
      return "single-cut";
    }

    @Override
    public Plan plan(PlanningProblem problem) {
      Tier device = problem.node(problem.sourceNode()).map(NodeProfile::tier).orElse(Tier.EDGE);
      Tier server =
          problem.nodes().stream()
              .map(NodeProfile::tier)
              .max(Comparator.naturalOrder())
              .orElseThrow();
      if (server.ordinal() <= device.ordinal()) {
        return new EdgeOnlyPlanner().plan(problem);
      }
      return new SingleCutPlanner(device, server).plan(problem);
    }
  }
}
