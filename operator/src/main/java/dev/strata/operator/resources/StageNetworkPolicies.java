package dev.strata.operator.resources;

import dev.strata.api.v1alpha1.InferencePipeline;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two NetworkPolicies a pipeline owns. Once a policy selects its stage pods, they accept only
 * what a policy allows: port 8080 from the stages of the same pipeline (data path, link probes) and
 * from the operator's pods (control endpoints, which also need the token), and port 8080 of the
 * entry stage from anyone (what the entry Service sends). A NetworkPolicy cannot say "the same
 * {@code strata.dev/pipeline} value as me", so the operator writes these per pipeline.
 */
public final class StageNetworkPolicies {
  /** Label of the operator's pods (deploy/base/operator.yaml). */
  static final String OPERATOR_POD_NAME = "strata-operator";

  private StageNetworkPolicies() {}

  /** Stages of {@code cr} accept its other stages and the operator in {@code operatorNamespace}. */
  public static NetworkPolicy stages(InferencePipeline cr, String operatorNamespace) {
    String pipeline = cr.getMetadata().getName();
    return ownedBy(cr, StageNames.stagePolicy(pipeline))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Labels.stageSelector(pipeline))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .addNewFrom()
        .withNewPodSelector()
        .withMatchLabels(Labels.stageSelector(pipeline))
        .endPodSelector()
        .endFrom()
        .withPorts(stagePort())
        .endIngress()
        .addNewIngress()
        .addNewFrom()
        .withNewNamespaceSelector()
        .withMatchLabels(Map.of("kubernetes.io/metadata.name", operatorNamespace))
        .endNamespaceSelector()
        .withNewPodSelector()
        .withMatchLabels(Map.of(Labels.NAME, OPERATOR_POD_NAME))
        .endPodSelector()
        .endFrom()
        .withPorts(stagePort())
        .endIngress()
        .endSpec()
        .build();
  }

  /** The entry stage of {@code cr} (label {@code strata.dev/entry=true}) accepts any client. */
  public static NetworkPolicy entry(InferencePipeline cr) {
    String pipeline = cr.getMetadata().getName();
    Map<String, String> entry = new TreeMap<>(Labels.stageSelector(pipeline));
    entry.put(Labels.ENTRY, "true");
    return ownedBy(cr, StageNames.entryPolicy(pipeline))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(entry)
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withPorts(stagePort())
        .endIngress()
        .endSpec()
        .build();
  }

  private static NetworkPolicyBuilder ownedBy(InferencePipeline cr, String name) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(Labels.forPipeline(cr))
        .withOwnerReferences(Labels.ownerOf(cr))
        .endMetadata();
  }

  private static List<NetworkPolicyPort> stagePort() {
    return List.of(
        new NetworkPolicyPortBuilder()
            .withPort(new IntOrString(StageNames.STAGE_PORT))
            .withProtocol("TCP")
            .build());
  }
}
