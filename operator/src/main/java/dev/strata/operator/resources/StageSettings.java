package dev.strata.operator.resources;

import dev.strata.core.models.ModelUriPolicy;
import java.util.Optional;

/**
 * Operator-wide settings the stage pod builder needs (from {@code strata.operator.*}).
 *
 * @param image stage runtime image, e.g. {@code strata-runtime:0.1.0}
 * @param imagePullPolicy Always, IfNotPresent or Never
 * @param cpuRequest CPU request of a stage container, a Kubernetes quantity
 * @param memoryRequest memory request, a Kubernetes quantity
 * @param cpuLimit CPU limit
 * @param memoryLimit memory limit
 * @param modelUris which model URIs pipelines may use; stage workers get the same list
 * @param modelCacheStorageClass when present, each node gets one model cache claim of this storage
 *     class that every stage pod on the node mounts, so a re-placed or restarted pod finds its
 *     model there; when empty the cache is an emptyDir that lives as long as the pod
 * @param modelCacheSize requested size of a node's cache claim, a Kubernetes quantity
 * @param policyOperatorNamespace when present, each pipeline gets NetworkPolicies that let only its
 *     own stages, the operator's pods in this namespace and (at the entry stage) clients reach its
 *     stage pods; when empty, no NetworkPolicy is written
 */
public record StageSettings(
    String image,
    String imagePullPolicy,
    String cpuRequest,
    String memoryRequest,
    String cpuLimit,
    String memoryLimit,
    ModelUriPolicy modelUris,
    Optional<String> modelCacheStorageClass,
    String modelCacheSize,
    Optional<String> policyOperatorNamespace) {

  /** Defaults that fit a Raspberry Pi 4 running VGG16's early layers. */
  public static StageSettings defaults() {
    return new StageSettings(
        "strata-runtime:0.1.0",
        "IfNotPresent",
        "250m",
        "512Mi",
        "2",
        "2Gi",
        ModelUriPolicy.allowing(ModelUriPolicy.DEFAULT_PREFIXES),
        Optional.empty(),
        "4Gi",
        Optional.of("strata-system"));
  }

  /** The same settings with a node-level model cache of {@code storageClass}. */
  public StageSettings withModelCache(String storageClass) {
    return new StageSettings(
        image,
        imagePullPolicy,
        cpuRequest,
        memoryRequest,
        cpuLimit,
        memoryLimit,
        modelUris,
        Optional.of(storageClass),
        modelCacheSize,
        policyOperatorNamespace);
  }
}
