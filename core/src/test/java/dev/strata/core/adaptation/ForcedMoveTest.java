package dev.strata.core.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.placement.ExactPlanner;
import dev.strata.core.placement.Links;
import dev.strata.core.placement.ModelProfile;
import dev.strata.core.placement.NodeProfile;
import dev.strata.core.placement.Objective;
import dev.strata.core.placement.Placement;
import dev.strata.core.placement.PlanningException;
import dev.strata.core.placement.PlanningProblem;
import dev.strata.core.placement.Segment;
import dev.strata.core.placement.SegmentRange;
import dev.strata.core.placement.SegmentTimes;
import dev.strata.core.placement.StageAssignment;
import dev.strata.core.placement.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForcedMoveTest {
  private final ExactPlanner planner = new ExactPlanner();

  // The pi serves [0,1), modeled at 110 bytes; the whole model takes 210. Its stage measured 200.
  private static PlanningProblem piHolding(long piMemory, boolean deskPresent) {
    ModelProfile model =
        new ModelProfile(
            "two", 1000, List.of(new Segment(1, 100, 10, 500), new Segment(1, 100, 10, 100)));
    List<NodeProfile> nodes = new ArrayList<>();
    nodes.add(NodeProfile.of("pi", Tier.EDGE, SegmentTimes.of(10, 20), piMemory, 0));
    List<String> names = new ArrayList<>(List.of("pi"));
    if (deskPresent) {
      nodes.add(NodeProfile.of("desk", Tier.CLOUD, SegmentTimes.of(1, 2), 1L << 40, 0.5));
      names.add("desk");
    }
    Links.Builder links = Links.builder(names);
    if (deskPresent) {
      links.symmetric("pi", "desk", 8, 10);
    }
    return PlanningProblem.of(model, nodes, links.build(), "pi", Objective.ENERGY)
        .changingFrom(Placement.of(new StageAssignment("pi", new SegmentRange(0, 1))))
        .withHeldBytes(Map.of("pi", 200L));
  }

  @Test
  void measuredMemoryThatLeavesAPlacementIsWhatTheMoveIsPlannedWith() {
    // 350 bytes: the whole model fits beside the modeled [0,1), not beside the measured 200.
    ForcedMove move = ForcedMove.plan(planner, piHolding(350, true));
    assertEquals("pi[0,1) -> desk[1,2)", move.plan().placement().toString());
    assertFalse(move.modelOnly());
    assertEquals("", move.note());
  }

  @Test
  void measuredMemoryThatLeavesNoPlacementIsSetAsideRatherThanStrandThePipeline() {
    ForcedMove move = ForcedMove.plan(planner, piHolding(350, false));
    assertEquals("pi[0,2)", move.plan().placement().toString());
    assertTrue(move.modelOnly());
    assertTrue(move.note().contains("modeled memory"), move.note());
  }

  @Test
  void noPlacementEvenAtModeledMemoryIsStillAnError() {
    PlanningException e =
        assertThrows(
            PlanningException.class, () -> ForcedMove.plan(planner, piHolding(250, false)));
    assertEquals(PlanningException.Reason.NO_FEASIBLE_PLACEMENT, e.reason());
  }
}
