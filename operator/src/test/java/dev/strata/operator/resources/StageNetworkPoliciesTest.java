package dev.strata.operator.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.operator.testing.Pipelines;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageNetworkPoliciesTest {
  private final InferencePipeline cr = Pipelines.of("gate-camera", "edge", "fog", "cloud");
  private final InferencePipeline other = Pipelines.of("door-camera", "edge", "cloud");
  private final NetworkPolicy stages = StageNetworkPolicies.stages(cr, "strata-system");
  private final NetworkPolicy entry = StageNetworkPolicies.entry(cr);

  private static Pod pod(InferencePipeline p, String node) {
    return StagePods.forStage(p, "edge", node, StageSettings.defaults());
  }

  private static boolean selects(LabelSelector selector, Map<String, String> labels) {
    return labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
  }

  @Test
  void bothPoliciesAreOwnedByThePipelineInItsNamespace() {
    for (NetworkPolicy p : List.of(stages, entry)) {
      assertEquals("vision", p.getMetadata().getNamespace());
      assertEquals("uid-gate-camera", p.getMetadata().getOwnerReferences().get(0).getUid());
      assertEquals(List.of("Ingress"), p.getSpec().getPolicyTypes());
    }
    assertEquals("gate-camera-stage-ingress", stages.getMetadata().getName());
    assertEquals("gate-camera-entry-ingress", entry.getMetadata().getName());
  }

  @Test
  void stagesOfThePipelineReachEachOtherAndStagesOfAnotherPipelineDoNot() {
    Map<String, String> own = pod(cr, "rpi-1").getMetadata().getLabels();
    Map<String, String> foreign = pod(other, "rpi-1").getMetadata().getLabels();
    assertTrue(selects(stages.getSpec().getPodSelector(), own));
    assertFalse(selects(stages.getSpec().getPodSelector(), foreign));
    NetworkPolicyPeer peers = stages.getSpec().getIngress().get(0).getFrom().get(0);
    assertTrue(selects(peers.getPodSelector(), own));
    assertFalse(selects(peers.getPodSelector(), foreign));
    assertEquals(
        8080, stages.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal());
  }

  @Test
  void theOperatorReachesTheStagesFromItsNamespace() {
    NetworkPolicyPeer operator = stages.getSpec().getIngress().get(1).getFrom().get(0);
    assertEquals(
        Map.of("kubernetes.io/metadata.name", "strata-system"),
        operator.getNamespaceSelector().getMatchLabels());
    assertEquals(
        Map.of("app.kubernetes.io/name", "strata-operator"),
        operator.getPodSelector().getMatchLabels());
  }

  @Test
  void clientsReachOnlyTheEntryStage() {
    Pod first = pod(cr, "rpi-1");
    Map<String, String> labels = new java.util.HashMap<>(first.getMetadata().getLabels());
    assertFalse(selects(entry.getSpec().getPodSelector(), labels));
    labels.put(Labels.ENTRY, "true");
    assertTrue(selects(entry.getSpec().getPodSelector(), labels));
    var from = entry.getSpec().getIngress().get(0).getFrom();
    assertTrue(from == null || from.isEmpty(), "no from: any source");
  }
}
