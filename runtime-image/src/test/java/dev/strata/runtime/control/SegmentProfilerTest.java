package dev.strata.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.core.exec.Tensor;
import dev.strata.runtime.engine.FakeSessionFactory;
import dev.strata.runtime.engine.FakeStageModel;
import dev.strata.runtime.engine.MutableClock;
import dev.strata.runtime.engine.RangeModel;
import dev.strata.runtime.engine.SegmentRange;
import dev.strata.runtime.engine.SessionFactory;
import dev.strata.runtime.engine.StageSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SegmentProfilerTest {
  private final FakeSessionFactory sessions = new FakeSessionFactory();
  private final SegmentProfiler profiler =
      new SegmentProfiler(
          new FakeStageModel(4),
          sessions,
          new ProcessMemory(),
          new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));

  @Test
  void profileCoversEverySegmentWithItsOwnSession() throws Exception {
    SegmentProfiler.ProfileReport report = profiler.profile(3, 1);
    assertEquals(4, report.segments().size());
    assertEquals(List.of("0-1", "1-2", "2-3", "3-4"), sessions.opened, "no time: no calibration");
    assertEquals(sessions.opened, sessions.closed);
  }

  @Test
  void segmentTimesAreScaledSoThatTheySumToTheWholeRangesTime() throws Exception {
    // Every call costs 2 ms, every segment 1 ms more: alone a segment takes 3 ms (12 ms for four),
    // the four in one session 6 ms.
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    SegmentProfiler timed =
        new SegmentProfiler(
            new FakeStageModel(4), new TimedSessions(clock, 2, 1), new ProcessMemory(), clock);

    SegmentProfiler.ProfileReport report = timed.profile(3, 1);

    assertEquals(new SegmentProfiler.Calibration(0, 4, 6, 12, 0.5), report.calibration());
    for (SegmentProfiler.SegmentProfile s : report.segments()) {
      assertEquals(3, s.measuredMs(), 1e-9);
      assertEquals(1.5, s.medianMs(), 1e-9);
    }
  }

  @Test
  void theCalibrationRangeEndsAtTheBudgetAndOnlyItsSegmentsAreScaled() throws Exception {
    // 200 ms per segment plus 10 ms per call: two segments (420 ms) fit the 500 ms budget, three
    // not.
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    SegmentProfiler.ProfileReport report =
        new SegmentProfiler(
                new FakeStageModel(4),
                new TimedSessions(clock, 10, 200),
                new ProcessMemory(),
                clock)
            .profile(1, 0);

    assertEquals(
        new SegmentProfiler.Calibration(0, 2, 410, 420, 410.0 / 420), report.calibration());
    assertEquals(205, report.segments().get(1).medianMs(), 1e-9);
    assertEquals(210, report.segments().get(2).medianMs(), 1e-9, "past the range: as measured");
    assertEquals(210, report.segments().get(3).medianMs(), 1e-9);
  }

  @Test
  void aRangeSlowerThanItsSegmentsDoesNotScaleThemUp() throws Exception {
    // Calls cost nothing and a session of two or more segments runs 50% slower than their sum.
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    SessionFactory slowWhole =
        range -> {
          int width = width(range);
          double ms = width * (width > 1 ? 1.5 : 1.0);
          return session(clock, ms);
        };
    SegmentProfiler.ProfileReport report =
        new SegmentProfiler(new FakeStageModel(2), slowWhole, new ProcessMemory(), clock)
            .profile(1, 0);

    assertEquals(1.0, report.calibration().factor());
    assertEquals(1.0, report.segments().get(0).medianMs(), 1e-9);
  }

  @Test
  void aSingleSegmentModelIsNotCalibrated() throws Exception {
    SegmentProfiler.ProfileReport report =
        new SegmentProfiler(
                new FakeStageModel(1),
                sessions,
                new ProcessMemory(),
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")))
            .profile(1, 0);

    assertNull(report.calibration());
    assertEquals(List.of("0-1"), sessions.opened);
  }

  /** Sessions whose every run advances the clock by a call's cost plus a cost per segment. */
  private record TimedSessions(MutableClock clock, double callMs, double segmentMs)
      implements SessionFactory {
    @Override
    public StageSession open(RangeModel range) {
      return session(clock, callMs + segmentMs * width(range));
    }
  }

  private static int width(RangeModel range) {
    SegmentRange r =
        SegmentRange.parse(StandardCharsets.UTF_8.decode(range.graph().duplicate()).toString());
    return r.to() - r.from();
  }

  private static StageSession session(MutableClock clock, double ms) {
    return new StageSession() {
      @Override
      public Tensor run(Tensor input) {
        clock.advance(Duration.ofNanos(Math.round(ms * 1e6)));
        return input;
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void profileReportsTensorSizesOfEachSegment() throws Exception {
    SegmentProfiler.SegmentProfile first = profiler.profile(1, 0).segments().get(0);
    assertEquals(16, first.inputBytes());
    assertEquals(16, first.outputBytes());
  }

  @Test
  void residentGrowthThatTheHeapExplainsIsNotTheSegments() throws Exception {
    ScriptedMemory memory = new ScriptedMemory(64L << 20, OptionalLong.of(64L << 20));

    long reported = profileOneSegment(memory).peakMemoryBytes();

    assertEquals(1024, reported, "the segment's weights are the least it takes");
  }

  @Test
  void theReportNamesTheSegmentsWeightsApartFromItsPeak() throws Exception {
    ScriptedMemory memory = new ScriptedMemory(80L << 20, OptionalLong.of(16L << 20));

    SegmentProfiler.SegmentProfile profile = profileOneSegment(memory);

    assertEquals(1024, profile.weightBytes());
    assertEquals(64L << 20, profile.peakMemoryBytes());
  }

  @Test
  void residentGrowthBeyondTheHeapIsTheSegments() throws Exception {
    ScriptedMemory memory = new ScriptedMemory(80L << 20, OptionalLong.of(16L << 20));

    assertEquals(64L << 20, profileOneSegment(memory).peakMemoryBytes());
  }

  @Test
  void withoutAHeapCounterTheWholeGrowthCounts() throws Exception {
    ScriptedMemory memory = new ScriptedMemory(80L << 20, OptionalLong.empty());

    assertEquals(80L << 20, profileOneSegment(memory).peakMemoryBytes());
  }

  private SegmentProfiler.SegmentProfile profileOneSegment(ProcessMemory memory) throws Exception {
    return new SegmentProfiler(
            new FakeStageModel(1),
            sessions,
            memory,
            new MutableClock(Instant.parse("2026-01-01T00:00:00Z")))
        .profile(2, 1)
        .segments()
        .get(0);
  }

  /**
   * Resident memory that rises by {@code residentGrowth} once the profiler has taken its heap
   * baseline, while the profiling thread's heap counter rises by {@code heapGrowth}.
   */
  private static final class ScriptedMemory extends ProcessMemory {
    private static final long BASE = 300L << 20;
    private final long residentGrowth;
    private final OptionalLong heapGrowth;
    private boolean baselineTaken;

    ScriptedMemory(long residentGrowth, OptionalLong heapGrowth) {
      this.residentGrowth = residentGrowth;
      this.heapGrowth = heapGrowth;
    }

    @Override
    public OptionalLong resident() {
      return OptionalLong.of(baselineTaken ? BASE + residentGrowth : BASE);
    }

    @Override
    public OptionalLong peak() {
      return OptionalLong.empty();
    }

    @Override
    public boolean resetPeak() {
      return false;
    }

    @Override
    public OptionalLong threadAllocated() {
      if (heapGrowth.isEmpty()) {
        baselineTaken = true;
        return OptionalLong.empty();
      }
      OptionalLong value = baselineTaken ? heapGrowth : OptionalLong.of(0);
      baselineTaken = true;
      return value;
    }
  }

  @Test
  void medianOfAnEvenCountAveragesTheMiddleTwo() {
    assertEquals(2.5, SegmentProfiler.median(new double[] {4, 1, 2, 3}));
  }

  @Test
  void zeroRunsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> profiler.profile(0, 0));
  }
}
