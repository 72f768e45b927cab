package dev.strata.core.adaptation;

/**
 * One reading of a node's metrics.
 *
 * @param cpuLoad fraction of the node's CPU busy with other work, in [0, 1]
 * @param freeMemoryBytes memory a stage may use, bytes
 * @param heldBytes memory the stage on this node measured its sessions at, bytes; 0 when not
 *     measured (see {@link dev.strata.core.placement.NodeProfile#heldBytes()})
 */
public record NodeSample(String node, double cpuLoad, long freeMemoryBytes, long heldBytes) {}
