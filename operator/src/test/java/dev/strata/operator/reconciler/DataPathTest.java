package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.PlacementStatus;
import dev.strata.api.v1alpha1.StageStatus;
import dev.strata.core.placement.Plan;
import dev.strata.core.placement.PlannedStage;
import dev.strata.core.placement.Prediction;
import dev.strata.core.placement.SegmentRange;
import dev.strata.core.placement.Tier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DataPathTest {

  private static Plan plan(PlannedStage... stages) {
    return new Plan("exact", List.of(stages), new Prediction(3, 300, 0.1, 0.05, 1, 0));
  }

  private static PlannedStage stage(String node, Tier tier, int from, int to) {
    return new PlannedStage(node, tier, new SegmentRange(from, to), "edge-1", 10, 0, 1, 0);
  }

  @Test
  void aPlanThatStartsOnTheSourceNodeIsThePathAsItIs() {
    DataPath path =
        DataPath.of(
            plan(stage("edge-1", Tier.EDGE, 0, 14), stage("fog-1", Tier.FOG, 14, 37)),
            Optional.of("edge-1"));

    assertEquals(
        List.of(new DataPath.Stop("edge-1", 0, 14), new DataPath.Stop("fog-1", 14, 37)),
        path.stops());
    assertEquals("edge-1", path.entryNode());
  }

  @Test
  void aPlanThatStartsElsewhereGetsARelayOnTheSourceNodeInFront() {
    DataPath path =
        DataPath.of(
            plan(stage("fog-1", Tier.FOG, 0, 31), stage("cloud-1", Tier.CLOUD, 31, 37)),
            Optional.of("edge-1"));

    assertEquals(
        List.of(
            new DataPath.Stop("edge-1", 0, 0),
            new DataPath.Stop("fog-1", 0, 31),
            new DataPath.Stop("cloud-1", 31, 37)),
        path.stops());
    assertEquals("edge-1", path.entryNode());
    assertEquals(List.of("edge-1", "fog-1", "cloud-1"), path.nodes());
  }

  @Test
  void aSourceNodeThatRunsALaterRangeIsNotARelayToo() {
    DataPath path =
        DataPath.of(
            plan(stage("fog-1", Tier.FOG, 0, 5), stage("edge-1", Tier.EDGE, 5, 37)),
            Optional.of("edge-1"));

    assertEquals("fog-1", path.entryNode());
    assertEquals(2, path.stops().size());
  }

  @Test
  void withoutASourceNodeRequestsEnterOnTheFirstStage() {
    DataPath path = DataPath.of(plan(stage("cloud-1", Tier.CLOUD, 0, 37)), Optional.empty());

    assertEquals(List.of(new DataPath.Stop("cloud-1", 0, 37)), path.stops());
  }

  @Test
  void aCommittedPlacementRunsBehindTheRelayOnItsEntryNodeWhenNoStageRunsThere() {
    PlacementStatus placement = new PlacementStatus();
    placement.setStages(
        List.of(
            new StageStatus("fog", "fog-1", "p-fog-1", 0, 31, 0),
            new StageStatus("cloud", "cloud-1", "p-cloud-1", 31, 37, 0)));

    assertEquals(Optional.empty(), DataPath.committed(placement).relay());
    placement.setEntryNode("fog-1");
    assertEquals(Optional.empty(), DataPath.committed(placement).relay());
    placement.setEntryNode("edge-1");
    assertEquals(Optional.of("edge-1"), DataPath.committed(placement).relay());
    assertEquals(
        List.of(
            new DataPath.Stop("edge-1", 0, 0),
            new DataPath.Stop("fog-1", 0, 31),
            new DataPath.Stop("cloud-1", 31, 37)),
        DataPath.committed(placement).stops());
  }

  @Test
  void onlyAPathOverTwoNodesOrMoreCrossesALink() {
    Plan local = plan(stage("edge-1", Tier.EDGE, 0, 72));
    Plan split = plan(stage("edge-1", Tier.EDGE, 0, 14), stage("fog-1", Tier.FOG, 14, 72));
    Plan relayed = plan(stage("fog-1", Tier.FOG, 0, 72));

    assertFalse(DataPath.of(local, Optional.of("edge-1")).crossesLink());
    assertTrue(DataPath.of(split, Optional.of("edge-1")).crossesLink());
    assertTrue(DataPath.of(relayed, Optional.of("edge-1")).crossesLink());
  }
}
