package dev.strata.operator.reconciler;

import dev.strata.core.placement.PowerProfile;
import dev.strata.core.placement.Tier;

/**
 * A Ready, schedulable node matching a tier's selector, as the planner will see it.
 *
 * @param tierName the spec's tier name
 * @param tierIndex position of the tier in spec.tiers
 * @param tier the planner's tier (by name for edge/fog/cloud, by position otherwise)
 * @param allocatableMemoryBytes node allocatable memory minus measured usage when known, bytes
 * @param cpuLoad measured CPU usage / allocatable CPU in [0, 1]; 0 without metrics.k8s.io
 * @param power idle/max watts from the node's power labels, or the tier's default
 */
public record CandidateNode(
    String name,
    String tierName,
    int tierIndex,
    Tier tier,
    long allocatableMemoryBytes,
    double cpuLoad,
    PowerProfile power) {}
