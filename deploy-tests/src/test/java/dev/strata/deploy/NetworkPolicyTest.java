package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/networkpolicy: stage pods accept traffic only from stages, the operator, the entry
 * Service's clients (entry stage only) and a labelled metrics namespace, all on port 8080.
 */
class NetworkPolicyTest {

  private static final String STAGE_LABEL = "app.kubernetes.io/name";

  private static List<NetworkPolicy> stagePolicies() {
    return Manifests.ofType(
        Manifests.parse(Repo.read("deploy/networkpolicy/stages.yaml")), NetworkPolicy.class);
  }

  private static NetworkPolicy example() {
    List<HasMetadata> objects =
        Manifests.parse(Repo.read("deploy/networkpolicy/pipeline-policy-example.yaml"));
    return Manifests.ofType(objects, NetworkPolicy.class).get(0);
  }

  private static List<NetworkPolicyPeer> peers(NetworkPolicy p) {
    List<NetworkPolicyPeer> out = new ArrayList<>();
    for (NetworkPolicyIngressRule r : p.getSpec().getIngress()) {
      out.addAll(r.getFrom());
    }
    return out;
  }

  @Test
  void fourStagePoliciesWithoutANamespace() {
    List<NetworkPolicy> policies = stagePolicies();
    assertEquals(4, policies.size());
    policies.forEach(
        p ->
            assertNull(
                p.getMetadata().getNamespace(),
                Manifests.describe(p) + ": applied per namespace with -n, so it names none"));
  }

  @Test
  void everyStagePolicySelectsOnlyStagePods() {
    for (NetworkPolicy p : stagePolicies()) {
      assertEquals(
          "strata-stage",
          p.getSpec().getPodSelector().getMatchLabels().get(STAGE_LABEL),
          Manifests.describe(p));
      assertEquals(List.of("Ingress"), p.getSpec().getPolicyTypes(), Manifests.describe(p));
    }
  }

  @Test
  void defaultDenyAllowsNothing() {
    NetworkPolicy deny =
        stagePolicies().stream()
            .filter(p -> p.getMetadata().getName().equals("strata-stages-default-deny"))
            .findFirst()
            .orElseThrow();
    assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty());
  }

  @Test
  void everyIngressRuleOpensOnlyTcp8080() {
    List<NetworkPolicy> all = new ArrayList<>(stagePolicies());
    all.add(example());
    for (NetworkPolicy p : all) {
      for (NetworkPolicyIngressRule r : p.getSpec().getIngress()) {
        List<NetworkPolicyPort> ports = r.getPorts();
        assertEquals(1, ports.size(), Manifests.describe(p));
        assertEquals(8080, ports.get(0).getPort().getIntVal(), Manifests.describe(p));
        assertEquals("TCP", ports.get(0).getProtocol(), Manifests.describe(p));
      }
    }
  }

  @Test
  void openToAnyClientOnlyOnTheEntryStage() {
    for (NetworkPolicy p : stagePolicies()) {
      for (NetworkPolicyIngressRule r : p.getSpec().getIngress()) {
        if (r.getFrom() == null || r.getFrom().isEmpty()) {
          assertEquals(
              "true",
              p.getSpec().getPodSelector().getMatchLabels().get("strata.dev/entry"),
              Manifests.describe(p) + " lets anyone in, but selects more than the entry stage");
        }
      }
    }
  }

  @Test
  void strataSystemPeersAreOnlyOperatorPods() {
    List<NetworkPolicy> all = new ArrayList<>(stagePolicies());
    all.add(example());
    for (NetworkPolicy p : all) {
      for (NetworkPolicyPeer peer : peers(p)) {
        LabelSelector ns = peer.getNamespaceSelector();
        if (ns != null
            && "strata-system".equals(ns.getMatchLabels().get("kubernetes.io/metadata.name"))) {
          assertEquals(
              Map.of(STAGE_LABEL, "strata-operator"),
              peer.getPodSelector().getMatchLabels(),
              Manifests.describe(p));
        }
      }
    }
  }

  @Test
  void perPipelineExampleAdmitsOnlyStagesOfTheSamePipeline() {
    NetworkPolicy p = example();
    Map<String, String> self = p.getSpec().getPodSelector().getMatchLabels();
    NetworkPolicyPeer stages = p.getSpec().getIngress().get(0).getFrom().get(0);
    assertNull(stages.getNamespaceSelector(), "same-namespace peers only");
    assertEquals(self, stages.getPodSelector().getMatchLabels());
    assertEquals("mobilenet-v2", self.get("strata.dev/pipeline"));
  }

  @Test
  void kustomizationAppliesStagesButNotTheExample() {
    Map<String, Object> k =
        Manifests.parseMap(Repo.read("deploy/networkpolicy/kustomization.yaml"));
    assertEquals(List.of("stages.yaml"), k.get("resources"));
  }
}
