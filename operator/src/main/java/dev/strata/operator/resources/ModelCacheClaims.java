package dev.strata.operator.resources;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * The per-node model cache claim. ReadWriteOnce suffices: every pod that mounts it runs on the same
 * node. It has no owner: the pipelines of a namespace share it, and it outlives them so that a
 * pipeline applied again starts without downloading. Delete them with {@code kubectl delete pvc -l
 * strata.dev/model-cache=true}.
 */
public final class ModelCacheClaims {
  /** Label on every cache claim. */
  public static final String LABEL = "strata.dev/model-cache";

  private ModelCacheClaims() {}

  /** The cache claim of {@code node} in {@code namespace}. */
  public static PersistentVolumeClaim forNode(
      String namespace, String node, String storageClass, String size) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(StageNames.modelCacheClaim(node))
        .withNamespace(namespace)
        .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR, LABEL, "true", Labels.NODE, node))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass)
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(size)))
        .endResources()
        .endSpec()
        .build();
  }
}
