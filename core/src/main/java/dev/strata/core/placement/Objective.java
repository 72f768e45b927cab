package dev.strata.core.placement;

/** What a planner minimizes; see {@link CostModel} for the definitions of every figure. */
public enum Objective {
  /** End-to-end latency of one request, in ms. */
  LATENCY,
  /** Modeled energy of one request, in J. */
  ENERGY,
  /** Pipelined throughput: minimize the bottleneck (slowest stage or link), in ms. */
  THROUGHPUT,
  /**
   * {@code w * latency / bestLatency + (1 - w) * energy / bestEnergy}, where the best values are
   * the latency- and energy-optimal figures of the same problem and {@code w} is {@link
   * Constraints#balancedLatencyWeight()}: both terms are 1 at their own optimum, so the weight says
   * how many percent of energy one percent of latency is worth.
   */
  BALANCED
}
