package dev.strata.core.placement;

import java.util.OptionalDouble;

/**
 * What a placement must satisfy beyond memory and tier order, and how the objective is shaped.
 *
 * @param latencySloMs when present, no placement with a predicted latency above it (ms) is chosen
 * @param balancedLatencyWeight weight {@code w} of latency in {@link Objective#BALANCED}, in [0, 1]
 * @param returnOutputToSource whether the final output travels back to the source node (counted in
 *     latency, energy and the bottleneck)
 */
public record Constraints(
    OptionalDouble latencySloMs, double balancedLatencyWeight, boolean returnOutputToSource) {

  public Constraints {
    if (latencySloMs.isPresent() && !(latencySloMs.getAsDouble() > 0)) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "slo.latencyMs",
          "latency SLO must be > 0 ms, got " + latencySloMs.getAsDouble());
    }
    if (!(balancedLatencyWeight >= 0 && balancedLatencyWeight <= 1)) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "balancedLatencyWeight",
          "weight must be in [0, 1], got " + balancedLatencyWeight);
    }
  }

  /** No SLO, balanced weight 0.5, output returned to the source. */
  public static Constraints defaults() {
    return new Constraints(OptionalDouble.empty(), 0.5, true);
  }

  public Constraints withLatencySloMs(double ms) {
    return new Constraints(OptionalDouble.of(ms), balancedLatencyWeight, returnOutputToSource);
  }

  public Constraints withBalancedLatencyWeight(double w) {
    return new Constraints(latencySloMs, w, returnOutputToSource);
  }

  public Constraints withReturnOutputToSource(boolean returnOutput) {
    return new Constraints(latencySloMs, balancedLatencyWeight, returnOutput);
  }
}
