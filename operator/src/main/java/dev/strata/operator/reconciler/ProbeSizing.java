package dev.strata.operator.reconciler;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

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

  /** How many times its expected duration a probe may take before it stops repeating. */
  static final double BUDGET_FACTOR = 3;

  /** Smallest budget, ms: below this, scheduling noise alone would cut probes short. */
  static final long MIN_BUDGET_MS = 200;

  private ProbeSizing() {}

  /**
   * How long a probe of a link may take before it starts no new round of repeats: {@link
   * #BUDGET_FACTOR} times what its calls (one opening, then per round an empty one and one per
   * size) and bytes take at the link's last estimate. On a link that just dropped to a tenth, the
   * probe stops after its first round, so the drop is read sooner and the payloads sized for the
   * old rate do not occupy the link for seconds. None for a link not measured yet.
   */
  static OptionalLong budgetMs(Optional<LinkEstimate> last, List<Long> sizes, int repeats) {
    if (last.isEmpty()) {
      return OptionalLong.empty();
    }
    double calls = 1 + repeats * (1.0 + sizes.size());
    double bits = 8.0 * repeats * sizes.stream().mapToLong(Long::longValue).sum();
    double expectedMs = calls * last.get().rttMs() + bits / (last.get().bandwidthMbps() * 1e3);
    return OptionalLong.of(Math.max(MIN_BUDGET_MS, Math.round(BUDGET_FACTOR * expectedMs)));
  }

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
