package dev.strata.testbed.report;

import dev.strata.testbed.load.Sample;
import java.util.List;

/**
 * Latency percentiles and throughput of a set of samples.
 *
 * @param requests samples in the window
 * @param failed samples without a 200 answer
 * @param p50Millis median latency of the successful ones (NaN when none)
 * @param p95Millis 95th percentile (nearest rank)
 * @param throughputRps successful answers per second of the window
 * @param meanMillis mean latency of the successful ones (NaN when none)
 */
public record LatencySummary(
    int requests,
    int failed,
    double p50Millis,
    double p95Millis,
    double throughputRps,
    double meanMillis) {

  /** Summarizes the samples that started in {@code [fromMillis, toMillis)}. */
  public static LatencySummary of(List<Sample> samples, double fromMillis, double toMillis) {
    List<Sample> window =
        samples.stream()
            .filter(s -> s.startMillis() >= fromMillis && s.startMillis() < toMillis)
            .toList();
    double[] ok =
        window.stream().filter(Sample::ok).mapToDouble(Sample::latencyMillis).sorted().toArray();
    int failed = (int) window.stream().filter(s -> !s.ok()).count();
    double seconds = Math.max(1e-9, (toMillis - fromMillis) / 1000);
    return new LatencySummary(
        window.size(),
        failed,
        percentile(ok, 0.50),
        percentile(ok, 0.95),
        ok.length / seconds,
        java.util.Arrays.stream(ok).average().orElse(Double.NaN));
  }

  /**
   * Mean latency of the successful samples corrected for coordinated omission: a client that sends
   * one request per {@code intervalMillis}, or when the last one answered, sends none while a slow
   * request is out, so a plain mean under-counts slow periods. An answer that took {@code L} also
   * counts for the requests that would have been sent while it was out, at {@code L - interval},
   * {@code L - 2 * interval}, ... while at least {@code interval} (HdrHistogram's expected-interval
   * correction).
   */
  public static double paceCorrectedMean(List<Sample> samples, double intervalMillis) {
    double sum = 0;
    long count = 0;
    for (Sample s : samples) {
      if (!s.ok()) {
        continue;
      }
      sum += s.latencyMillis();
      count++;
      for (double missed = s.latencyMillis() - intervalMillis;
          missed >= intervalMillis;
          missed -= intervalMillis) {
        sum += missed;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%d requests, %d failed, p50 %.0f ms, p95 %.0f ms, %.2f req/s",
        requests,
        failed,
        p50Millis,
        p95Millis,
        throughputRps);
  }
}
