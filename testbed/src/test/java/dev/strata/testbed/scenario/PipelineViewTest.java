package dev.strata.testbed.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineViewTest {
  private static PipelineView placed(String... tiers) {
    return placedEntering(null, tiers);
  }

  private static PipelineView placedEntering(String entryNode, String... tiers) {
    GenericKubernetesResource pipeline = new GenericKubernetesResource();
    List<Map<String, Object>> stages =
        List.of(tiers).stream()
            .map(t -> Map.<String, Object>of("tier", t, "node", t + "-1", "segments", "0-1"))
            .toList();
    Map<String, Object> placement = new HashMap<>();
    placement.put("revision", 3);
    placement.put("stages", stages);
    if (entryNode != null) {
      placement.put("entryNode", entryNode);
    }
    pipeline.setAdditionalProperty("status", Map.of("placement", placement));
    return PipelineView.of(pipeline);
  }

  private static GenericKubernetesResource withPlaced(String status, String reason) {
    GenericKubernetesResource pipeline = new GenericKubernetesResource();
    pipeline.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(
                Map.of("type", "Ready", "status", "False", "reason", "NotPlaced", "message", "m"),
                Map.of(
                    "type", "Placed", "status", status, "reason", reason, "message", "no room"))));
    return pipeline;
  }

  @Test
  void onlyAPlacedConditionSayingNothingFitsIsUnplaceable() {
    assertEquals(
        Optional.of("NoFeasiblePlacement: no room"),
        PipelineView.unplaceable(withPlaced("False", "NoFeasiblePlacement")));
    assertEquals(
        Optional.of("SloUnreachable: no room"),
        PipelineView.unplaceable(withPlaced("False", "SloUnreachable")));
    assertEquals(Optional.empty(), PipelineView.unplaceable(withPlaced("False", "Profiling")));
    assertEquals(Optional.empty(), PipelineView.unplaceable(withPlaced("True", "Placed")));
    assertEquals(Optional.empty(), PipelineView.unplaceable(new GenericKubernetesResource()));
  }

  @Test
  void firstHopLeadsFromTheSourceToTheFirstStageOffIt() {
    assertEquals(Optional.of("edge-cloud"), placed("cloud").firstHop("edge"));
    assertEquals(Optional.of("edge-fog"), placed("edge", "fog", "cloud").firstHop("edge"));
    assertEquals(Optional.of("edge-cloud"), placed("edge", "cloud").firstHop("edge"));
    assertEquals(Optional.empty(), placed("edge").firstHop("edge"));
  }

  @Test
  void aRelayOnANodeOutsideThePlacementIsShownInFront() {
    PipelineView relayed = placedEntering("edge-1", "fog", "cloud");

    assertEquals(Optional.of("edge-1"), relayed.relay());
    assertTrue(relayed.toString().startsWith("revision 3: edge-1 (relay) -> fog@fog-1[0-1]"));
    assertEquals(Optional.empty(), placedEntering("edge-1", "edge", "fog").relay());
    assertEquals(Optional.empty(), placed("fog").relay());
  }
}
