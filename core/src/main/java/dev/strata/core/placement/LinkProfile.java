package dev.strata.core.placement;

/**
 * A measured directed link from node {@code from} to node {@code to}.
 *
 * <p><b>Transfer model.</b> Sending {@code bytes} costs {@code rttMs / 2 + bytes * 8 /
 * (bandwidthMbps * 1000)} milliseconds: one-way propagation (half the round trip) plus
 * serialization at the measured throughput (megabits per second, 10^6 bit/s). A transfer between a
 * node and itself costs nothing.
 */
public record LinkProfile(String from, String to, double bandwidthMbps, double rttMs) {

  public LinkProfile {
    if (!(bandwidthMbps > 0) || Double.isInfinite(bandwidthMbps) || !(rttMs >= 0)) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "links[" + from + "->" + to + "]",
          "a link needs bandwidth > 0 Mbit/s and RTT >= 0 ms, got "
              + bandwidthMbps
              + " Mbit/s, "
              + rttMs
              + " ms; re-probe the link");
    }
  }

  /** Milliseconds to move {@code bytes} over this link. */
  public double transferMs(long bytes) {
    return rttMs / 2 + bytes * msPerByte(bandwidthMbps);
  }

  static double msPerByte(double bandwidthMbps) {
    return 8.0 / (bandwidthMbps * 1000.0);
  }
}
