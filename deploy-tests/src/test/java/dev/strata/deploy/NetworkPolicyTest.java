package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.InferencePipelineSpec;
import dev.strata.api.v1alpha1.ModelSource;
import dev.strata.api.v1alpha1.TierSpec;
import dev.strata.operator.resources.StageNetworkPolicies;
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
 * Stage pods accept traffic only from stages of the same pipeline, the operator, the entry
 * Service's clients (entry stage only) and a labelled metrics namespace, all on port 8080: the
 * policies the operator writes per pipeline, and the optional namespace kit in deploy/networkpolicy
 * (default deny, metrics scraping).
 */
class NetworkPolicyTest {

  private static final String STAGE_LABEL = "app.kubernetes.io/name";

  private static List<NetworkPolicy> kit() {
    return Manifests.ofType(
        Manifests.parse(Repo.read("deploy/networkpolicy/stages.yaml")), NetworkPolicy.class);
  }

  private static InferencePipeline pipeline() {
    InferencePipeline cr = new InferencePipeline();
    cr.getMetadata().setName("mobilenet-v2");
    cr.getMetadata().setNamespace("vision");
    cr.getMetadata().setUid("uid-mobilenet-v2");
    InferencePipelineSpec spec = new InferencePipelineSpec();
    spec.setModel(new ModelSource("builtin:mobilenet_v2?seed=7", null));
    spec.setTiers(List.of(new TierSpec("edge", Map.of())));
    cr.setSpec(spec);
    return cr;
  }

  private static List<NetworkPolicy> operatorWritten() {
    return List.of(
        StageNetworkPolicies.stages(pipeline(), "strata-system"),
        StageNetworkPolicies.entry(pipeline()));
  }

  private static List<NetworkPolicy> all() {
    List<NetworkPolicy> all = new ArrayList<>(kit());
    all.addAll(operatorWritten());
    return all;
  }

  private static List<NetworkPolicyPeer> peers(NetworkPolicy p) {
    List<NetworkPolicyPeer> out = new ArrayList<>();
    for (NetworkPolicyIngressRule r : p.getSpec().getIngress()) {
      out.addAll(r.getFrom());
    }
    return out;
  }

  @Test
  void theKitIsDefaultDenyAndMetricsWithoutANamespace() {
    List<NetworkPolicy> policies = kit();
    assertEquals(
        List.of("strata-stages-default-deny", "strata-stages-metrics-scrape"),
        policies.stream().map(p -> p.getMetadata().getName()).toList());
    policies.forEach(
        p ->
            assertNull(
                p.getMetadata().getNamespace(),
                Manifests.describe(p) + ": applied per namespace with -n, so it names none"));
  }

  @Test
  void everyStagePolicySelectsOnlyStagePods() {
    for (NetworkPolicy p : all()) {
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
        kit().stream()
            .filter(p -> p.getMetadata().getName().equals("strata-stages-default-deny"))
            .findFirst()
            .orElseThrow();
    assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty());
  }

  @Test
  void everyIngressRuleOpensOnlyTcp8080() {
    for (NetworkPolicy p : all()) {
      for (NetworkPolicyIngressRule r : p.getSpec().getIngress()) {
        List<NetworkPolicyPort> ports = r.getPorts();
        assertEquals(1, ports.size(), Manifests.describe(p));
        assertEquals(8080, ports.get(0).getPort().getIntVal(), Manifests.describe(p));
        assertEquals("TCP", ports.get(0).getProtocol(), Manifests.describe(p));
      }
    }
  }

  @Test
  void openToAnyClientOnlyOnTheEntryStageOfOnePipeline() {
    for (NetworkPolicy p : all()) {
      for (NetworkPolicyIngressRule r : p.getSpec().getIngress()) {
        if (r.getFrom() == null || r.getFrom().isEmpty()) {
          Map<String, String> selected = p.getSpec().getPodSelector().getMatchLabels();
          assertEquals(
              "true",
              selected.get("strata.dev/entry"),
              Manifests.describe(p) + " lets anyone in, but selects more than the entry stage");
          assertEquals("mobilenet-v2", selected.get("strata.dev/pipeline"), Manifests.describe(p));
        }
      }
    }
  }

  @Test
  void strataSystemPeersAreOnlyOperatorPods() {
    for (NetworkPolicy p : all()) {
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
  void stagesAdmitOnlyStagesOfTheSamePipelineFromTheirNamespace() {
    NetworkPolicy p = StageNetworkPolicies.stages(pipeline(), "strata-system");
    Map<String, String> self = p.getSpec().getPodSelector().getMatchLabels();
    NetworkPolicyPeer stages = p.getSpec().getIngress().get(0).getFrom().get(0);
    assertNull(stages.getNamespaceSelector(), "same-namespace peers only");
    assertEquals(self, stages.getPodSelector().getMatchLabels());
    assertEquals("mobilenet-v2", self.get("strata.dev/pipeline"));
  }

  @Test
  void theOperatorPodsMatchTheDeployment() {
    var deployment =
        Manifests.ofType(
                Manifests.parse(Repo.read("deploy/base/operator.yaml")),
                io.fabric8.kubernetes.api.model.apps.Deployment.class)
            .get(0);
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    NetworkPolicyPeer operator =
        StageNetworkPolicies.stages(pipeline(), "strata-system")
            .getSpec()
            .getIngress()
            .get(1)
            .getFrom()
            .get(0);
    assertTrue(
        podLabels.entrySet().containsAll(operator.getPodSelector().getMatchLabels().entrySet()),
        "operator pods " + podLabels + " are not selected by " + operator.getPodSelector());
  }

  @Test
  void kustomizationAppliesTheKit() {
    Map<String, Object> k =
        Manifests.parseMap(Repo.read("deploy/networkpolicy/kustomization.yaml"));
    assertEquals(List.of("stages.yaml"), k.get("resources"));
  }
}
