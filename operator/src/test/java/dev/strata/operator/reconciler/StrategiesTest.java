package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.api.v1alpha1.PlacementStrategy;
import org.junit.jupiter.api.Test;

class StrategiesTest {

  @Test
  void everyStrategyOfTheSpecHasItsPlanner() {
    assertEquals("exact", Strategies.planner(PlacementStrategy.EXACT).name());
    assertEquals("weighted-scoring", Strategies.planner(PlacementStrategy.WEIGHTED_SCORING).name());
    assertEquals("single-cut", Strategies.planner(PlacementStrategy.SINGLE_CUT).name());
    assertEquals("edge-only", Strategies.planner(PlacementStrategy.EDGE_ONLY).name());
    assertEquals("cloud-only", Strategies.planner(PlacementStrategy.CLOUD_ONLY).name());
    assertEquals("exact", Strategies.planner(null).name());
  }
}
