package dev.strata.testbed.cluster;

import java.util.Optional;

/**
 * One emulated node: a tier label, the CPU and memory its stage processes may use, and its power
 * profile for the modeled energy.
 *
 * @param name node name, also the {@code kubernetes.io/hostname} label
 * @param tier value of the {@code strata.dev/tier} label
 * @param index small positive number that picks the node's loopback subnet {@code 127.0.<index>.x}
 * @param cpus CPU limit in cores; empty means no limit (the rest of the machine)
 * @param memoryBytes memory limit; empty means no limit
 * @param idleWatts modeled idle power
 * @param maxWatts modeled power at full load
 */
public record EmulatedNode(
    String name,
    String tier,
    int index,
    Optional<Double> cpus,
    Optional<Long> memoryBytes,
    double idleWatts,
    double maxWatts) {

  private static final long MIB = 1024L * 1024L;

  /** This node with a memory limit of {@code limit} bytes. */
  public EmulatedNode withMemoryBytes(long limit) {
    return new EmulatedNode(name, tier, index, cpus, Optional.of(limit), idleWatts, maxWatts);
  }

  /**
   * The default three tiers: edge 0.4 CPU / 512 MiB (AMP4EC's constrained container, a Raspberry
   * Pi-class device), fog 1 CPU / 1 GiB, cloud the rest of the machine.
   */
  public static java.util.List<EmulatedNode> defaultTiers() {
    return java.util.List.of(
        new EmulatedNode("edge-1", "edge", 1, Optional.of(0.4), Optional.of(512 * MIB), 2.7, 6.4),
        new EmulatedNode("fog-1", "fog", 2, Optional.of(1.0), Optional.of(1024 * MIB), 10, 45),
        new EmulatedNode("cloud-1", "cloud", 3, Optional.empty(), Optional.empty(), 30, 150));
  }
}
