package dev.strata.core.adaptation;

import java.time.Duration;

/**
 * Knobs of the {@link AdaptationPolicy} (the CR's {@code spec.adaptation}).
 *
 * @param driftThreshold relative change of a smoothed metric, against the value the current
 *     placement was planned with, that triggers a re-plan (0.2 = 20%)
 * @param minGain relative improvement of the objective a move must bring after paying {@code
 *     switchingCost} (0.05 = 5%)
 * @param cooldown least time between two moves (and between a move and a drift-triggered re-plan);
 *     a node that disappears bypasses it
 * @param smoothing EWMA weight of a new sample, in (0, 1]
 * @param settleSamples a drifted metric is acted on only once its last {@code settleSamples} raw
 *     samples agree within {@code driftThreshold} (spread / mean): a level shift, not an
 *     oscillation or a spike
 * @param switchingCost cost of one move (new pods, session builds, warm-up), as a fraction of the
 *     objective, charged against the predicted gain
 */
public record AdaptationSettings(
    double driftThreshold,
    double minGain,
    Duration cooldown,
    double smoothing,
    int settleSamples,
    double switchingCost) {

  public AdaptationSettings {
    if (!(driftThreshold > 0)) {
      throw new IllegalArgumentException(
          "adaptation.driftThreshold must be > 0, got " + driftThreshold);
    }
    if (!(minGain >= 0)) {
      throw new IllegalArgumentException("adaptation.minGain must be >= 0, got " + minGain);
    }
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("adaptation.cooldown must be >= 0, got " + cooldown);
    }
    if (!(smoothing > 0 && smoothing <= 1)) {
      throw new IllegalArgumentException("smoothing must be in (0, 1], got " + smoothing);
    }
    if (settleSamples < 1) {
      throw new IllegalArgumentException("settleSamples must be >= 1, got " + settleSamples);
    }
    if (!(switchingCost >= 0)) {
      throw new IllegalArgumentException("switchingCost must be >= 0, got " + switchingCost);
    }
  }

  /** driftThreshold 0.2, minGain 0.05, cooldown 30 s, smoothing 0.5, 3 samples, switching 2%. */
  public static AdaptationSettings defaults() {
    return new AdaptationSettings(0.2, 0.05, Duration.ofSeconds(30), 0.5, 3, 0.02);
  }
}
