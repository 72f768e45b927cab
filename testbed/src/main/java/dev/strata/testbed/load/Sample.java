package dev.strata.testbed.load;

/**
 * One request of the stream.
 *
 * @param startMillis when it was sent, in milliseconds since the stream started
 * @param latencyMillis time to the full answer
 * @param status HTTP status, or 0 when no answer came (connection refused, timeout)
 * @param revision placement revision that served it ({@code Strata-Revision}), -1 if unknown
 */
public record Sample(double startMillis, double latencyMillis, int status, long revision) {
  public boolean ok() {
    return status == 200;
  }
}
