package dev.strata.runtime.control;

import dev.strata.runtime.oip.HopClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Measures the link to another worker: after one untimed call that opens the connection, the
 * round-trip time with empty bodies, then the time to send each payload size to the target's {@code
 * /control/sink}. Each is repeated; the fastest repeat is what the link can do when nothing else
 * queues in front of it (the pipeline's own requests share the link the probe measures, and a
 * median would read their load as a slower link), the median is reported beside it. Throughput
 * subtracts the round trip. Every byte sent and received is counted so that the probe's own cost is
 * known.
 */
public final class LinkProber {
  /**
   * Longest one probe call may take: a 1 MB payload crosses a 1 Mbit/s link in 8 s. A peer that
   * accepts the connection and never answers (a lost node behind a relay or a NAT) fails the probe
   * after this, not after a minute, so the operator's pass that waits on it re-plans sooner.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HopClient http;
  private final Clock clock;

  public LinkProber(HopClient http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /**
   * One payload size.
   *
   * @param minMs the fastest repeat
   * @param mbitPerSecond from the fastest repeat, net of the round trip
   */
  public record SizeResult(long bytes, double medianMs, double minMs, double mbitPerSecond) {}

  /**
   * The whole probe.
   *
   * @param rttMs the fastest empty round trip
   * @param repeats rounds run: fewer than asked when the budget ran out
   * @param bytesUsed request and response body bytes of every call the probe made
   */
  public record ProbeReport(
      String target, double rttMs, List<SizeResult> sizes, int repeats, long bytesUsed) {}

  /**
   * Probes {@code target}. The repeats go in rounds (an empty call, then one call per size), not
   * size by size: a burst of the pipeline's own traffic on the link slows the calls it overlaps,
   * and back to back the repeats of one size could all fall inside it and read the shared link as a
   * slow one, while spread over the whole probe at least one of them falls outside it.
   *
   * @param token bearer token for the target's control API
   * @param budget when present, no new round starts once the probe has taken this long (the first
   *     always runs): a link that became far slower than the caller expected is read from fewer
   *     repeats, sooner, instead of carrying every one of them
   * @throws IOException when the target cannot be reached or refuses the sink call
   */
  public ProbeReport probe(
      URI target, List<Long> sizes, int repeats, String token, Optional<Duration> budget)
      throws IOException, InterruptedException {
    Instant started = clock.instant();
    URI sink = target.resolve("/control/sink");
    Map<String, String> headers =
        Map.of("Authorization", "Bearer " + token, "Content-Type", "application/octet-stream");
    byte[][] payloads =
        sizes.stream().map(n -> new byte[Math.toIntExact(n)]).toArray(byte[][]::new);
    byte[] empty = new byte[0];
    // One untimed call opens the keep-alive connection, so that the RTT is not a connect time.
    long used = call(sink, headers, empty).bytes();
    double[] rtts = new double[repeats];
    double[][] times = new double[sizes.size()][repeats];
    int rounds = 0;
    while (rounds < repeats
        && (rounds == 0
            || budget.isEmpty()
            || Duration.between(started, clock.instant()).compareTo(budget.get()) < 0)) {
      Call roundTrip = call(sink, headers, empty);
      rtts[rounds] = roundTrip.ms();
      used += roundTrip.bytes();
      for (int i = 0; i < payloads.length; i++) {
        Call sized = call(sink, headers, payloads[i]);
        times[i][rounds] = sized.ms();
        used += sized.bytes();
      }
      rounds++;
    }
    double rtt = Arrays.stream(rtts, 0, rounds).min().orElseThrow();
    List<SizeResult> results = new ArrayList<>();
    for (int i = 0; i < payloads.length; i++) {
      long size = sizes.get(i);
      double[] done = Arrays.copyOf(times[i], rounds);
      double fastest = Arrays.stream(done).min().orElseThrow();
      double mbit = size * 8 / (Math.max(fastest - rtt, 0.001) / 1000) / 1e6;
      results.add(new SizeResult(size, SegmentProfiler.median(done), fastest, mbit));
    }
    return new ProbeReport(target.toString(), rtt, results, rounds, used);
  }

  /** One timed call to the sink: milliseconds and body bytes both ways. */
  private record Call(double ms, long bytes) {}

  private Call call(URI sink, Map<String, String> headers, byte[] payload)
      throws IOException, InterruptedException {
    Instant start = clock.instant();
    HopClient.Reply response;
    try {
      response = http.post(sink, headers, payload, TIMEOUT);
    } catch (TimeoutException e) {
      throw new IOException("probe target " + sink + " did not answer within " + TIMEOUT, e);
    }
    double ms = Duration.between(start, clock.instant()).toNanos() / 1e6;
    if (response.status() != 200) {
      throw new IOException(
          "probe target "
              + sink
              + " answered HTTP "
              + response.status()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return new Call(ms, payload.length + response.body().length);
  }
}
