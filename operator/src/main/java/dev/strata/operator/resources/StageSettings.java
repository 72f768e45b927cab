package dev.strata.operator.resources;

/**
 * Operator-wide settings the stage pod builder needs (from {@code strata.operator.*}).
 *
 * @param image stage runtime image, e.g. {@code strata-runtime:0.1.0}
 * @param imagePullPolicy Always, IfNotPresent or Never
 * @param cpuRequest CPU request of a stage container, a Kubernetes quantity
 * @param memoryRequest memory request, a Kubernetes quantity
 * @param cpuLimit CPU limit
 * @param memoryLimit memory limit
 */
public record StageSettings(
    String image,
    String imagePullPolicy,
    String cpuRequest,
    String memoryRequest,
    String cpuLimit,
    String memoryLimit) {

  /** Defaults that fit a Raspberry Pi 4 running VGG16's early layers. */
  public static StageSettings defaults() {
    return new StageSettings("strata-runtime:0.1.0", "IfNotPresent", "250m", "512Mi", "2", "2Gi");
  }
}
