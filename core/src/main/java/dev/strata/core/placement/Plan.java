package dev.strata.core.placement;

import java.util.List;

/**
 * A placement with its prediction, as produced by a {@link Planner} (figures always come from
 * {@link CostModel#evaluate}).
 *
 * @param strategy name of the planner that chose it
 */
public record Plan(String strategy, List<PlannedStage> stages, Prediction predicted) {

  public Plan {
    stages = List.copyOf(stages);
  }

  /** The stages without their predictions. */
  public Placement placement() {
    return new Placement(stages.stream().map(PlannedStage::assignment).toList());
  }

  /** The plan under another strategy name. */
  public Plan withStrategy(String name) {
    return new Plan(name, stages, predicted);
  }

  @Override
  public String toString() {
    return String.format(
        "%s %s latency=%.3fms throughput=%.3frps energy=%.4fJ(modeled)",
        strategy,
        placement(),
        predicted.latencyMs(),
        predicted.throughputRps(),
        predicted.energyJ());
  }
}
