package dev.strata.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.runtime.engine.FakeSessionFactory;
import dev.strata.runtime.engine.FakeStageModel;
import dev.strata.runtime.engine.MutableClock;
import java.time.Instant;
import java.util.List;
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
  void medianOfAnEvenCountAveragesTheMiddleTwo() {
    assertEquals(2.5, SegmentProfiler.median(new double[] {4, 1, 2, 3}));
  }

  @Test
  void zeroRunsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> profiler.profile(0, 0));
  }
}
