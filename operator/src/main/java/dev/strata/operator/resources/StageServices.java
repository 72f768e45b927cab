package dev.strata.operator.resources;

import dev.strata.api.v1alpha1.InferencePipeline;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import java.util.TreeMap;

/** The two Services of a pipeline. */
public final class StageServices {

  private StageServices() {}

  /**
   * Headless Service {@code <pipeline>-stages}: gives each stage pod the DNS name {@code
   * <pod>.<pipeline>-stages.<namespace>.svc}, also before the pod is Ready (the operator talks to
   * stages that are still loading).
   */
  public static Service headless(InferencePipeline cr) {
    String pipeline = cr.getMetadata().getName();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(StageNames.headlessService(pipeline))
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(Labels.forPipeline(cr))
        .withOwnerReferences(Labels.ownerOf(cr))
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(Map.of(Labels.PIPELINE, pipeline))
        .addNewPort()
        .withName("http")
        .withPort(StageNames.STAGE_PORT)
        .withNewTargetPort(StageNames.STAGE_PORT)
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * Entry Service {@code <pipeline>}: selects the pod labelled {@code strata.dev/entry=true}, which
   * the operator sets on the first stage's pod when it commits a placement.
   */
  public static Service entry(InferencePipeline cr) {
    String pipeline = cr.getMetadata().getName();
    Map<String, String> selector = new TreeMap<>(Labels.stageSelector(pipeline));
    selector.put(Labels.ENTRY, "true");
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(StageNames.entryService(pipeline))
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(Labels.forPipeline(cr))
        .withOwnerReferences(Labels.ownerOf(cr))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(selector)
        .addNewPort()
        .withName("http")
        .withPort(StageNames.STAGE_PORT)
        .withNewTargetPort(StageNames.STAGE_PORT)
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
