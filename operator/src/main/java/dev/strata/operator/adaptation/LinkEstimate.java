package dev.strata.operator.adaptation;

/**
 * A smoothed link measurement between two nodes (treated as symmetric).
 *
 * @param bandwidthMbps throughput, Mbit/s (10^6 bit/s), > 0
 * @param rttMs round trip, ms, >= 0
 */
public record LinkEstimate(double bandwidthMbps, double rttMs) {

  /** This estimate moved towards {@code sample} by weight {@code alpha} in (0, 1]. */
  public LinkEstimate smoothedWith(LinkEstimate sample, double alpha) {
    return new LinkEstimate(
        alpha * sample.bandwidthMbps + (1 - alpha) * bandwidthMbps,
        alpha * sample.rttMs + (1 - alpha) * rttMs);
  }
}
