package dev.strata.core.placement;

/**
 * A candidate node: its tier, what profiling measured, and its current state.
 *
 * <p><b>Effective speed under load.</b> Segment times are profiled on an idle node. A node whose
 * CPU is {@code cpuLoad} busy with other work gives a stage the remaining share {@code 1 - cpuLoad}
 * (processor sharing), so a segment takes {@code profiledMs / max(1 - cpuLoad, MIN_CPU_SHARE)}. The
 * floor keeps a saturated node finite (10x slower) rather than infinitely slow: the kernel
 * scheduler still gives a runnable process some time.
 *
 * @param name node name, unique in a problem
 * @param profiledMs measured time of every segment on an idle node, in milliseconds
 * @param freeMemoryBytes memory a stage may use on this node, in bytes
 * @param cpuLoad fraction of the node's CPU busy with other work, in {@code [0, 1]}
 * @param power idle and loaded watts (labels, or {@link Tier#defaultPower()})
 */
public record NodeProfile(
    String name,
    Tier tier,
    SegmentTimes profiledMs,
    long freeMemoryBytes,
    double cpuLoad,
    PowerProfile power) {

  /** Smallest CPU share a loaded node still gives a stage. */
  public static final double MIN_CPU_SHARE = 0.1;

  public NodeProfile {
    if (name == null || name.isBlank()) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM, "nodes.name", "node name must not be blank");
    }
    if (freeMemoryBytes < 0) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "nodes[" + name + "].freeMemoryBytes",
          "free memory must be >= 0, got " + freeMemoryBytes);
    }
    if (!(cpuLoad >= 0 && cpuLoad <= 1)) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "nodes[" + name + "].cpuLoad",
          "CPU load is a fraction in [0, 1], got " + cpuLoad);
    }
  }

  /** A node without power labels: it draws its tier's {@link Tier#defaultPower()}. */
  public static NodeProfile of(
      String name, Tier tier, SegmentTimes profiledMs, long freeMemoryBytes, double cpuLoad) {
    return new NodeProfile(name, tier, profiledMs, freeMemoryBytes, cpuLoad, tier.defaultPower());
  }

  /** CPU share a stage gets here: {@code max(1 - cpuLoad, MIN_CPU_SHARE)}. */
  public double cpuShare() {
    return Math.max(1 - cpuLoad, MIN_CPU_SHARE);
  }

  /** Wall time of segment {@code s} under the current load, in milliseconds. */
  public double effectiveMs(int s) {
    return profiledMs.get(s) / cpuShare();
  }

  public NodeProfile withCpuLoad(double load) {
    return new NodeProfile(name, tier, profiledMs, freeMemoryBytes, load, power);
  }

  public NodeProfile withFreeMemoryBytes(long bytes) {
    return new NodeProfile(name, tier, profiledMs, bytes, cpuLoad, power);
  }
}
