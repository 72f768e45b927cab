package dev.strata.operator.adaptation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Hysteresis of re-planning. A re-plan is considered when a smoothed measurement moved, relative to
 * its value at the last plan, by more than the drift threshold; it is applied only when the new
 * placement is predicted at least {@code minGain} better and the cooldown has passed.
 *
 * <p>Relative change of an RTT is taken against {@code max(baseline, 1 ms)} so that sub-millisecond
 * jitter on a LAN does not count as drift.
 */
public final class DriftGate {

  /** Weight of a new sample in the EWMA of link measurements. */
  public static final double EWMA_ALPHA = 0.5;

  private static final double RTT_FLOOR_MS = 1.0;

  private DriftGate() {}

  /** The largest drift past {@code threshold}, described for status and Events. */
  public record Drift(double relativeChange, String description) {}

  /**
   * Compares the current link estimates with those of the last plan. Links without a baseline
   * (measured after the plan) do not count.
   *
   * @param threshold relative change that counts as drift, e.g. 0.2
   */
  public static Optional<Drift> linkDrift(
      Map<String, LinkEstimate> baseline, Map<String, LinkEstimate> current, double threshold) {
    Drift worst = null;
    for (Map.Entry<String, LinkEstimate> e : current.entrySet()) {
      LinkEstimate before = baseline.get(e.getKey());
      if (before == null) {
        continue;
      }
      LinkEstimate now = e.getValue();
      double bw = Math.abs(now.bandwidthMbps() - before.bandwidthMbps()) / before.bandwidthMbps();
      double rtt = Math.abs(now.rttMs() - before.rttMs()) / Math.max(before.rttMs(), RTT_FLOOR_MS);
      if (bw > threshold && (worst == null || bw > worst.relativeChange())) {
        worst =
            new Drift(
                bw,
                String.format(
                    "link %s: %.1f -> %.1f Mbit/s",
                    e.getKey(), before.bandwidthMbps(), now.bandwidthMbps()));
      }
      if (rtt > threshold && (worst == null || rtt > worst.relativeChange())) {
        worst =
            new Drift(
                rtt,
                String.format(
                    "link %s: RTT %.1f -> %.1f ms", e.getKey(), before.rttMs(), now.rttMs()));
      }
    }
    return Optional.ofNullable(worst);
  }

  /** Like {@link #linkDrift} for node CPU loads (absolute change of the busy fraction). */
  public static Optional<Drift> loadDrift(
      Map<String, Double> baseline, Map<String, Double> current, double threshold) {
    Drift worst = null;
    for (Map.Entry<String, Double> e : current.entrySet()) {
      Double before = baseline.get(e.getKey());
      if (before == null) {
        continue;
      }
      double change = Math.abs(e.getValue() - before);
      if (change > threshold && (worst == null || change > worst.relativeChange())) {
        worst =
            new Drift(
                change,
                String.format(
                    "node %s: CPU load %.0f%% -> %.0f%%",
                    e.getKey(), before * 100, e.getValue() * 100));
      }
    }
    return Optional.ofNullable(worst);
  }

  /**
   * Whether moving from a placement scoring {@code currentScore} to one scoring {@code newScore}
   * (lower is better) gains at least {@code minGain} (relative).
   */
  public static boolean isWorthMoving(double currentScore, double newScore, double minGain) {
    if (!Double.isFinite(currentScore)) {
      return Double.isFinite(newScore);
    }
    return currentScore > 0 && (currentScore - newScore) / currentScore >= minGain;
  }

  /** Relative gain of {@code newScore} over {@code currentScore}. */
  public static double gain(double currentScore, double newScore) {
    return currentScore > 0 && Double.isFinite(currentScore)
        ? (currentScore - newScore) / currentScore
        : 1.0;
  }

  /** Whether {@code cooldown} has passed since {@code lastChange} (always, with no change yet). */
  public static boolean isCooledDown(Optional<Instant> lastChange, Duration cooldown, Instant now) {
    return lastChange.isEmpty() || !now.isBefore(lastChange.get().plus(cooldown));
  }
}
