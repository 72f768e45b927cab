package dev.strata.operator.adapter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Bodies of the stage runtime's control API ({@code runtime-image/README.md}), as the operator
 * reads and writes them. Copies, not a dependency on the runtime module; unknown fields are ignored
 * so the runtime may add some.
 */
public final class StageProtocol {

  private StageProtocol() {}

  /** {@code POST /control/prepare}; {@code next} is null on the last stage. */
  public record PrepareRequest(
      long revision, int fromSegment, int toSegment, String next, String wirePrecision) {}

  /** {@code POST /control/commit}. */
  public record CommitRequest(long revision) {}

  /** An assignment as a stage reports it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AssignmentView(
      long revision, int fromSegment, int toSegment, String next, String wirePrecision) {

    /** Whether this assignment runs segments {@code [from, to)}. */
    public boolean runs(int from, int to) {
      return fromSegment == from && toSegment == to;
    }
  }

  /** Answer to prepare. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PrepareResponse(AssignmentView prepared, double sessionBuildMs) {}

  /**
   * {@code GET /control/assignment} and the answer to commit.
   *
   * @param sessions ranges whose ONNX Runtime sessions the stage holds memory for: the committed
   *     and a different prepared range, and replaced ones still draining that hold a session
   *     neither runs; null from a stage that does not report it
   * @param sessionBytes resident memory of the stage's process above its level once the model had
   *     loaded: an upper bound of what its sessions take; null where the stage cannot read it
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AssignmentStatus(
      AssignmentView committed, AssignmentView prepared, Integer sessions, Long sessionBytes) {

    /**
     * Sessions held for replaced revisions that are still draining: what {@link #sessions} counts
     * beyond the committed range's and a different prepared range's (0 when not reported).
     */
    public int drainingSessions() {
      if (sessions == null) {
        return 0;
      }
      int current = holdsSession(committed) ? 1 : 0;
      if (holdsSession(prepared) && !sameRange(prepared, committed)) {
        current++;
      }
      return Math.max(0, sessions - current);
    }

    private static boolean holdsSession(AssignmentView a) {
      return a != null && a.toSegment() > a.fromSegment();
    }

    private static boolean sameRange(AssignmentView a, AssignmentView b) {
      return b != null && b.runs(a.fromSegment(), a.toSegment());
    }
  }

  /** {@code GET /control/status}: phase Loading, Ready or Failed (with {@code error}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record WorkerStatus(
      String model,
      String modelUri,
      String phase,
      String error,
      int segments,
      AssignmentStatus assignment) {

    public boolean isReady() {
      return "Ready".equals(phase);
    }

    public boolean isFailed() {
      return "Failed".equals(phase);
    }
  }

  /** {@code POST /control/profile}. */
  public record ProfileRequest(int runs, int warmup) {}

  /**
   * One profiled segment: median time, peak memory, tensor sizes.
   *
   * @param weightBytes the segment's weights, part of its peak; null from a stage that does not
   *     report them
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SegmentProfile(
      int index,
      double medianMs,
      long peakMemoryBytes,
      long inputBytes,
      long outputBytes,
      Long weightBytes) {}

  /** Answer to profile. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ProfileReport(
      String model, int runs, int warmup, List<SegmentProfile> segments, double elapsedMs) {}

  /**
   * {@code POST /control/probe}: the stage measures the link to {@code target}'s sink.
   *
   * @param budgetMs no new round of repeats starts once the probe took this long; null for none
   */
  public record ProbeRequest(String target, List<Long> sizes, int repeats, Long budgetMs) {}

  /**
   * One payload size of a probe.
   *
   * @param minMs the fastest repeat; null from runtimes that only report the median
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SizeResult(long bytes, double medianMs, Double minMs, double mbitPerSecond) {

    /**
     * The time the link itself needs: the fastest repeat, when known. The pipeline's own requests
     * share the probed link; the fastest repeat is the one they did not queue in front of, so it
     * measures the link rather than our load on it.
     */
    double linkMs() {
      return minMs == null ? medianMs : minMs;
    }
  }

  /** Answer to probe. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ProbeReport(
      String target, double rttMs, List<SizeResult> sizes, int repeats, long bytesUsed) {

    /**
     * Throughput, Mbit/s: with two or more payload sizes, the slope between the smallest and the
     * largest (extra bits over extra time, each size's fastest repeat), which cancels the round
     * trip and whatever waits in front of both payloads; with one size, the runtime's figure for it
     * (net of the separately measured RTT, which is unreliable when the link is busy).
     */
    public double bandwidthMbps() {
      return bandwidthMbps(rttMs);
    }

    /**
     * {@link #bandwidthMbps()} with {@code rttFloorMs}, the fastest round trip ever seen on this
     * link, as the base round trip: taking it off the large size's fastest repeat leaves at least
     * the payload's own transfer time, so the bound it gives never exceeds the link's rate, even
     * when this probe's round trips waited behind traffic in the other direction (seen on the
     * emulated links: an RTT of 257 ms against 86 ms unloaded made the bound 65,537 Mbit/s).
     */
    public double bandwidthMbps(double rttFloorMs) {
      SizeResult small =
          sizes.stream().min((a, b) -> Long.compare(a.bytes(), b.bytes())).orElse(null);
      SizeResult large =
          sizes.stream().max((a, b) -> Long.compare(a.bytes(), b.bytes())).orElse(null);
      if (large == null) {
        return 0.0;
      }
      double netMs = large.linkMs() - Math.min(rttFloorMs, rttMs);
      // Two fastest repeats can come from different moments of a shared link; when the small one
      // waited and the large one did not, the slope runs off to thousands of Mbit/s. The large
      // size's own rate net of the base round trip bounds it.
      double bound = netMs > 0 ? large.bytes() * 8 / (netMs / 1000) / 1e6 : large.mbitPerSecond();
      double extraMs = large.linkMs() - small.linkMs();
      if (large.bytes() > small.bytes() && extraMs > 0) {
        double slope = (large.bytes() - small.bytes()) * 8 / (extraMs / 1000) / 1e6;
        return Math.min(slope, bound);
      }
      return Math.min(large.mbitPerSecond(), bound);
    }
  }
}
