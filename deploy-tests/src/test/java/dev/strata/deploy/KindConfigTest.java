package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kind-config/cluster.yaml: one control plane, edge/fog/cloud workers with power labels. */
class KindConfigTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> nodes() {
    Map<String, Object> cluster = Manifests.parseMap(Repo.read("kind-config/cluster.yaml"));
    assertEquals("kind.x-k8s.io/v1alpha4", cluster.get("apiVersion"));
    return (List<Map<String, Object>>) cluster.get("nodes");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> labels(Map<String, Object> node) {
    return (Map<String, String>) node.getOrDefault("labels", Map.of());
  }

  private static List<Map<String, Object>> workers() {
    return nodes().stream().filter(n -> "worker".equals(n.get("role"))).toList();
  }

  @Test
  void oneControlPlaneAndThreeWorkers() {
    assertEquals(1, nodes().stream().filter(n -> "control-plane".equals(n.get("role"))).count());
    assertEquals(3, workers().size());
  }

  @Test
  void workersAreTheEdgeFogAndCloudTiers() {
    assertEquals(
        List.of("edge", "fog", "cloud"),
        workers().stream().map(n -> labels(n).get("strata.dev/tier")).toList());
  }

  @Test
  void everyWorkerHasNumericPowerLabelsWithIdleBelowMax() {
    for (Map<String, Object> n : workers()) {
      Map<String, String> l = labels(n);
      double idle = Double.parseDouble(l.get("strata.dev/power-idle-watts"));
      double max = Double.parseDouble(l.get("strata.dev/power-max-watts"));
      assertTrue(0 < idle && idle < max, "tier " + l.get("strata.dev/tier") + ": " + l);
    }
  }

  @Test
  void edgeWorkerDrawsRaspberryPi4Power() {
    Map<String, String> edge = labels(workers().get(0));
    assertEquals("2.7", edge.get("strata.dev/power-idle-watts"));
    assertEquals("6.4", edge.get("strata.dev/power-max-watts"));
  }
}
