package dev.strata.operator.reconciler;

import java.util.List;
import java.util.OptionalDouble;

/**
 * How many bytes a link probe sends. The first probe of a link uses the configured sizes; later
 * ones send one payload sized to take about {@link #TARGET_SECONDS} at the link's last estimate, so
 * that probing a link that dropped to 1 Mbit/s does not push megabytes through it (which would
 * starve the requests it carries and take longer than the probe interval).
 */
final class ProbeSizing {
  /** Time one probe payload should occupy the link. */
  static final double TARGET_SECONDS = 0.05;

  /** Smallest payload: below this, per-request overhead dominates the measured rate. */
  static final long MIN_BYTES = 16 * 1024;

  private ProbeSizing() {}

  static List<Long> sizes(OptionalDouble lastMbps, List<Long> configured) {
    if (lastMbps.isEmpty()) {
      return configured;
    }
    long smallest = configured.stream().mapToLong(Long::longValue).min().orElse(MIN_BYTES);
    long fitting = (long) (lastMbps.getAsDouble() * 1e6 / 8 * TARGET_SECONDS);
    long large = Math.max(MIN_BYTES, Math.min(smallest, fitting));
    // Two sizes, so the bandwidth comes from their difference (see ProbeReport.bandwidthMbps).
    return List.of(large / 4, large);
  }
}
