package dev.strata.operator.reconciler;

/**
 * A candidate node's measured usage as the committed placement was planned with it: the drift
 * baseline for node metrics, mirrored in the profile ConfigMap next to the planned links.
 *
 * @param cpuLoad CPU usage / allocatable CPU in [0, 1]
 * @param allocatableMemoryBytes allocatable memory minus measured usage, bytes
 */
public record NodeUsage(double cpuLoad, long allocatableMemoryBytes) {

  static NodeUsage of(CandidateNode c) {
    return new NodeUsage(c.cpuLoad(), c.allocatableMemoryBytes());
  }

  /** {@code c} as it was measured when the placement was planned. */
  CandidateNode applyTo(CandidateNode c) {
    return new CandidateNode(
        c.name(),
        c.tierName(),
        c.tierIndex(),
        c.tier(),
        allocatableMemoryBytes,
        cpuLoad,
        c.power());
  }
}
