package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.TierSpec;
import dev.strata.core.placement.Tier;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeCandidatesTest {

  private static final List<TierSpec> TIERS =
      List.of(
          new TierSpec("edge", Map.of()),
          new TierSpec("fog", Map.of()),
          new TierSpec("cloud", Map.of()));

  private static Node node(
      String name, String tier, boolean ready, boolean unschedulable, Map<String, String> extra) {
    Map<String, String> labels = new java.util.HashMap<>(extra);
    labels.put("strata.dev/tier", tier);
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withUnschedulable(unschedulable)
        .endSpec()
        .withNewStatus()
        .withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("4Gi")))
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void picksReadySchedulableNodesByTheDefaultTierLabelInTierOrder() {
    var s =
        NodeCandidates.select(
            "ns/p",
            TIERS,
            List.of(
                node("cloud-1", "cloud", true, false, Map.of()),
                node("edge-1", "edge", true, false, Map.of()),
                node("edge-2", "edge", false, false, Map.of()),
                node("fog-1", "fog", true, true, Map.of())),
            Map.of(),
            true);
    assertEquals(
        List.of("edge-1", "cloud-1"), s.candidates().stream().map(CandidateNode::name).toList());
    assertEquals(Tier.CLOUD, s.candidates().get(1).tier());
    assertTrue(
        s.warnings().stream()
            .anyMatch(w -> w.contains("tier \"fog\"") && w.contains("label a node")));
  }

  @Test
  void usageFromMetricsBecomesLoadAndFreeMemory() {
    var s =
        NodeCandidates.select(
            "ns/p",
            TIERS.subList(0, 1),
            List.of(node("edge-1", "edge", true, false, Map.of())),
            Map.of("edge-1", new NodeCandidates.Usage(1.0, 1024L * 1024 * 1024)),
            true);
    assertEquals(0.25, s.candidates().get(0).cpuLoad(), 1e-9);
    assertEquals(3L * 1024 * 1024 * 1024, s.candidates().get(0).allocatableMemoryBytes());
  }

  @Test
  void ownStageUsageComesOffTheNodeButNeverBelowZero() {
    NodeCandidates.Usage node = new NodeCandidates.Usage(3.0, 2_000);
    assertEquals(
        new NodeCandidates.Usage(1.0, 500), node.minus(new NodeCandidates.Usage(2.0, 1_500)));
    assertEquals(new NodeCandidates.Usage(0, 0), node.minus(new NodeCandidates.Usage(3.5, 9_000)));
  }

  @Test
  void missingMetricsDegradeGracefully() {
    var s =
        NodeCandidates.select(
            "ns/p",
            TIERS.subList(0, 1),
            List.of(node("edge-1", "edge", true, false, Map.of())),
            Map.of(),
            false);
    assertEquals(0.0, s.candidates().get(0).cpuLoad());
    assertTrue(s.warnings().get(0).contains("metrics.k8s.io"));
  }

  @Test
  void powerLabelsOverrideTheTierDefault() {
    var s =
        NodeCandidates.select(
            "ns/p",
            TIERS.subList(0, 1),
            List.of(
                node(
                    "edge-1",
                    "edge",
                    true,
                    false,
                    Map.of(
                        "strata.dev/power-idle-watts", "3", "strata.dev/power-max-watts", "7.5"))),
            Map.of(),
            true);
    assertEquals(3.0, s.candidates().get(0).power().idleWatts());
    assertEquals(7.5, s.candidates().get(0).power().maxWatts());
  }

  @Test
  void badPowerLabelsFallBackToTheDefaultWithAWarning() {
    var s =
        NodeCandidates.select(
            "ns/p",
            TIERS.subList(0, 1),
            List.of(
                node("edge-1", "edge", true, false, Map.of("strata.dev/power-idle-watts", "lots"))),
            Map.of(),
            true);
    assertEquals(Tier.EDGE.defaultPower(), s.candidates().get(0).power());
    assertTrue(s.warnings().stream().anyMatch(w -> w.contains("fix the labels")));
  }

  @Test
  void customSelectorsAndNamesMapToTiersByPosition() {
    var s =
        NodeCandidates.select(
            "ns/p",
            List.of(
                new TierSpec("near", Map.of("zone", "a")),
                new TierSpec("far", Map.of("zone", "b"))),
            List.of(
                node("n1", "x", true, false, Map.of("zone", "a")),
                node("n2", "x", true, false, Map.of("zone", "b"))),
            Map.of(),
            true);
    assertEquals(Tier.EDGE, s.candidates().get(0).tier());
    assertEquals(Tier.CLOUD, s.candidates().get(1).tier());
  }
}
