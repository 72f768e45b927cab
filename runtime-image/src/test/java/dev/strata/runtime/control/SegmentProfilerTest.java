package dev.strata.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.runtime.engine.FakeSessionFactory;
import dev.strata.runtime.engine.FakeStageModel;
import dev.strata.runtime.engine.MutableClock;
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
    assertEquals(List.of("0-1", "1-2", "2-3", "3-4"), sessions.opened);
    assertEquals(sessions.opened, sessions.closed);
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
