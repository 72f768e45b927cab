package dev.strata.operator.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.operator.adapter.StageProtocol.AssignmentStatus;
import dev.strata.operator.adapter.StageProtocol.AssignmentView;
import org.junit.jupiter.api.Test;

class AssignmentStatusTest {

  private static AssignmentView range(long revision, int from, int to) {
    return new AssignmentView(revision, from, to, null, "fp32");
  }

  @Test
  void sessionsBeyondTheCommittedAndPreparedRangesAreDraining() {
    assertEquals(0, new AssignmentStatus(range(2, 0, 31), null, 1, null).drainingSessions());
    assertEquals(1, new AssignmentStatus(range(2, 0, 31), null, 2, null).drainingSessions());
    // A relay holds no session: the one it reports belongs to a replaced range.
    assertEquals(1, new AssignmentStatus(range(2, 0, 0), null, 1, null).drainingSessions());
  }

  @Test
  void aPreparedRangeCountsOnceUnlessItSharesTheCommittedSession() {
    assertEquals(
        0, new AssignmentStatus(range(2, 0, 31), range(3, 0, 32), 2, null).drainingSessions());
    assertEquals(
        1, new AssignmentStatus(range(2, 0, 31), range(3, 0, 31), 2, null).drainingSessions());
  }

  @Test
  void aStageThatDoesNotReportSessionsDrainsNothing() {
    assertEquals(0, new AssignmentStatus(range(2, 0, 31), null, null, null).drainingSessions());
  }
}
