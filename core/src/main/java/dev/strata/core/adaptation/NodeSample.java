package dev.strata.core.adaptation;

/**
 * One reading of a node's metrics.
 *
 * @param cpuLoad fraction of the node's CPU busy with other work, in [0, 1]
 * @param freeMemoryBytes memory a stage may use, bytes
 */
public record NodeSample(String node, double cpuLoad, long freeMemoryBytes) {}
