package dev.strata.core.placement;

import java.util.Optional;

/**
 * A candidate node: its tier, what profiling measured, and its current state.
 *
 * <p><b>Effective speed under load.</b> Segment times are profiled on an idle node. A node whose
 * CPU is {@code cpuLoad} busy with other work gives a stage the remaining share {@code 1 - cpuLoad}
 * (processor sharing), so a segment takes {@code profiledMs / max(1 - cpuLoad, MIN_CPU_SHARE)}. The
 * floor keeps a saturated node finite (10x slower) rather than infinitely slow: the kernel
 * scheduler still gives a runnable process some time.
 *
 * <p><b>Memory during a switch.</b> A node that serves a range now ({@code held}) keeps it while it
 * builds the session of a different one, and serves from both until the switch commits: a new range
 * must fit beside the held one. Keeping exactly the held range needs no more memory. The held range
 * counts at its modeled memory or at what its stage measured it holds ({@code heldBytes}),
 * whichever is larger: the model, built from segments profiled one by one, was measured at a third
 * of what a VGG16 range session takes.
 *
 * @param name node name, unique in a problem
 * @param profiledMs measured time of every segment on an idle node, in milliseconds
 * @param freeMemoryBytes memory a stage may use on this node, in bytes
 * @param cpuLoad fraction of the node's CPU busy with other work, in {@code [0, 1]}
 * @param power idle and loaded watts (labels, or {@link Tier#defaultPower()})
 * @param held the range this node serves in the placement being changed; empty when none
 * @param heldBytes memory the stage on this node measured its sessions at; 0 when not measured
 */
public record NodeProfile(
    String name,
    Tier tier,
    SegmentTimes profiledMs,
    long freeMemoryBytes,
    double cpuLoad,
    PowerProfile power,
    Optional<SegmentRange> held,
    long heldBytes) {

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
    held = held == null ? Optional.empty() : held;
    if (heldBytes < 0) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "nodes[" + name + "].heldBytes",
          "measured memory of the held sessions must be >= 0, got " + heldBytes);
    }
  }

  /** A node that serves no range yet. */
  public NodeProfile(
      String name,
      Tier tier,
      SegmentTimes profiledMs,
      long freeMemoryBytes,
      double cpuLoad,
      PowerProfile power) {
    this(name, tier, profiledMs, freeMemoryBytes, cpuLoad, power, Optional.empty(), 0);
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
    return new NodeProfile(name, tier, profiledMs, freeMemoryBytes, load, power, held, heldBytes);
  }

  public NodeProfile withFreeMemoryBytes(long bytes) {
    return new NodeProfile(name, tier, profiledMs, bytes, cpuLoad, power, held, heldBytes);
  }

  public NodeProfile withHeld(Optional<SegmentRange> range) {
    return new NodeProfile(
        name, tier, profiledMs, freeMemoryBytes, cpuLoad, power, range, heldBytes);
  }

  public NodeProfile withHeldBytes(long bytes) {
    return new NodeProfile(name, tier, profiledMs, freeMemoryBytes, cpuLoad, power, held, bytes);
  }

  /**
   * Memory of this node a stage may give {@code range}: all of {@link #freeMemoryBytes()} for the
   * held range, less the held range's memory (modeled or measured, the larger) for any other (never
   * below 0).
   */
  public long freeMemoryFor(SegmentRange range, ModelProfile model) {
    return held.isPresent() && held.get().equals(range)
        ? freeMemoryBytes
        : freeMemoryBesideHeld(model);
  }

  /** Memory of this node left for a range other than the held one (never below 0). */
  public long freeMemoryBesideHeld(ModelProfile model) {
    return held.isEmpty()
        ? freeMemoryBytes
        : Math.max(0, freeMemoryBytes - Math.max(model.rangeMemoryBytes(held.get()), heldBytes));
  }
}
