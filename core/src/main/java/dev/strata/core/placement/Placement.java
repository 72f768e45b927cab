package dev.strata.core.placement;

import java.util.List;

/**
 * An ordered list of stages: ranges are consecutive and cover the model, nodes follow the tier
 * order (at most one stage per tier). {@link CostModel#evaluate} checks these invariants against a
 * problem.
 */
public record Placement(List<StageAssignment> stages) {

  public Placement {
    stages = List.copyOf(stages);
  }

  public static Placement of(StageAssignment... stages) {
    return new Placement(List.of(stages));
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (StageAssignment stage : stages) {
      if (s.length() > 0) {
        s.append(" -> ");
      }
      s.append(stage.node()).append(stage.range());
    }
    return s.toString();
  }
}
