package dev.strata.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.exec.Tensor;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StageTableTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeSessionFactory sessions = new FakeSessionFactory();
  private final StageTable table =
      new StageTable(new FakeStageModel(10), sessions, clock, Duration.ofSeconds(30));

  private static Assignment assign(long revision, int from, int to) {
    return new Assignment(revision, from, to, Optional.empty(), WirePrecision.FP32);
  }

  private static Assignment relay(long revision, int at, Optional<URI> next) {
    return new Assignment(revision, at, at, next, WirePrecision.FP32);
  }

  /** Prepares and commits revision {@code revision} running {@code [from, to)}. */
  private void place(long revision, int from, int to) throws StageException {
    table.prepare(assign(revision, from, to));
    table.commit(revision);
  }

  private static Tensor ones() {
    return new Tensor(new long[] {1, 4}, new float[] {1, 1, 1, 1});
  }

  @Test
  void acquireRefusesBeforeAnyCommit() {
    assertThrows(ModelNotReadyException.class, () -> table.acquire(OptionalLong.empty()));
  }

  @Test
  void commitWithoutPrepareIsRefusedWithTheRevision() {
    UnknownRevisionException e =
        assertThrows(UnknownRevisionException.class, () -> table.commit(3));
    assertTrue(e.getMessage().contains("revision 3 was not prepared"), e.getMessage());
  }

  @Test
  void commitOfAnotherRevisionThanPreparedIsRefused() throws Exception {
    table.prepare(assign(1, 0, 10));
    assertThrows(UnknownRevisionException.class, () -> table.commit(2));
  }

  @Test
  void prepareDoesNotChangeWhatEntryRequestsUse() throws Exception {
    place(1, 0, 10);
    table.prepare(assign(2, 0, 4));
    try (StageTable.Lease lease = table.acquire(OptionalLong.empty())) {
      assertEquals(1, lease.assignment().revision());
    }
  }

  @Test
  void commitSwitchesEntryRequestsToTheNewRevision() throws Exception {
    place(1, 0, 10);
    place(2, 0, 4);
    try (StageTable.Lease lease = table.acquire(OptionalLong.empty())) {
      assertEquals(2, lease.assignment().revision());
      assertEquals(5f, lease.run(ones()).data()[0]);
    }
  }

  @Test
  void enteringRequestThatArrivesAfterTheEntryMovedRunsOnTheRevisionItWasSentTo() throws Exception {
    place(1, 0, 10);
    // Revision 2 moves the entry to another stage; this one keeps the tail.
    place(2, 4, 10);
    try (StageTable.Lease lease = table.acquire(OptionalLong.empty())) {
      assertEquals(1, lease.assignment().revision());
    }
  }

  @Test
  void enteringRequestAtAStageThatWasNeverTheEntryIsRefusedNamingTheEntryService()
      throws Exception {
    place(1, 4, 10);
    AssignmentException e =
        assertThrows(AssignmentException.class, () -> table.acquire(OptionalLong.empty()));
    assertTrue(e.getMessage().contains("not the pipeline's entry"), e.getMessage());
  }

  @Test
  void hopOfThePreparedRevisionIsServedBeforeCommit() throws Exception {
    place(1, 0, 10);
    table.prepare(assign(2, 0, 4));
    try (StageTable.Lease lease = table.acquire(OptionalLong.of(2))) {
      assertEquals("0-4", lease.assignment().range());
    }
  }

  @Test
  void requestStartedOnOldRevisionFinishesThereAfterCommit() throws Exception {
    place(1, 0, 10);
    StageTable.Lease old = table.acquire(OptionalLong.empty());
    place(2, 0, 4);
    clock.advance(Duration.ofMinutes(5));
    table.releaseDrained();
    assertEquals(11f, old.run(ones()).data()[0]);
    old.close();
    assertEquals(List.of("0-10"), sessions.closed);
  }

  @Test
  void oldSessionIsKeptForTheDrainPeriod() throws Exception {
    place(1, 0, 10);
    place(2, 0, 4);
    clock.advance(Duration.ofSeconds(29));
    assertEquals(0, table.releaseDrained());
    try (StageTable.Lease lease = table.acquire(OptionalLong.of(1))) {
      assertEquals(1, lease.assignment().revision());
    }
  }

  @Test
  void oldSessionIsClosedAfterTheDrainPeriod() throws Exception {
    place(1, 0, 10);
    place(2, 0, 4);
    clock.advance(Duration.ofSeconds(30));
    assertEquals(1, table.releaseDrained());
    assertEquals(List.of("0-10"), sessions.closed);
    assertThrows(UnknownRevisionException.class, () -> table.acquire(OptionalLong.of(1)));
  }

  @Test
  void shutdownClosesASessionInUseOnlyWhenItsLastRequestLetsGo() throws Exception {
    place(1, 0, 10);
    table.prepare(assign(2, 0, 4));
    StageTable.Lease running = table.acquire(OptionalLong.empty());

    table.close();

    assertEquals(List.of("0-4"), sessions.closed, "the idle prepared session closes at once");
    assertEquals(11f, running.run(ones()).data()[0], "the running request still has its session");
    running.close();
    assertEquals(List.of("0-4", "0-10"), sessions.closed);
  }

  @Test
  void unchangedRangeReusesItsSessionInANewRevision() throws Exception {
    place(1, 0, 5);
    place(2, 0, 5);
    clock.advance(Duration.ofMinutes(1));
    table.releaseDrained();
    assertEquals(List.of("0-5"), sessions.opened);
    assertEquals(List.of(), sessions.closed);
    assertEquals(1, table.openSessions());
  }

  @Test
  void prepareOfAStaleRevisionIsRefused() throws Exception {
    place(4, 0, 10);
    AssignmentException e =
        assertThrows(AssignmentException.class, () -> table.prepare(assign(3, 0, 5)));
    assertTrue(e.getMessage().contains("revision 4 is already committed"), e.getMessage());
  }

  @Test
  void prepareOfARangeOutsideTheModelIsRefused() {
    InvalidAssignmentException e =
        assertThrows(InvalidAssignmentException.class, () -> table.prepare(assign(1, 3, 11)));
    assertTrue(e.getMessage().contains("toSegment <= 10"), e.getMessage());
  }

  @Test
  void relayWithANextStageTakesAndPassesOnTheModelInputWithoutASession() throws Exception {
    table.prepare(relay(1, 0, Optional.of(URI.create("http://stage:8080"))));
    table.commit(1);
    try (StageTable.Lease lease = table.acquire(OptionalLong.empty())) {
      assertEquals("0-0", lease.assignment().range());
      assertEquals("input", lease.input().name());
      assertEquals("input", lease.output().name());
      Tensor in = ones();
      assertSame(in, lease.run(in));
    }
    assertEquals(List.of(), sessions.opened);
    assertEquals(0, table.openSessions());
    assertEquals(0, table.heldRanges());
  }

  @Test
  void relayWithoutANextStageIsRefusedNamingNext() {
    InvalidAssignmentException e =
        assertThrows(
            InvalidAssignmentException.class, () -> table.prepare(relay(1, 0, Optional.empty())));
    assertTrue(e.getMessage().contains("range 0-0"), e.getMessage());
    assertTrue(e.getMessage().contains("needs next"), e.getMessage());
  }

  @Test
  void emptyRangeOtherThanTheRelayIsRefusedNamingTheRelayForm() {
    InvalidAssignmentException e =
        assertThrows(
            InvalidAssignmentException.class,
            () -> table.prepare(relay(1, 3, Optional.of(URI.create("http://stage:8080")))));
    assertTrue(e.getMessage().contains("range 3-3"), e.getMessage());
    assertTrue(e.getMessage().contains("0-0 with next"), e.getMessage());
  }

  @Test
  void unknownRevisionNamesWhatTheWorkerHolds() throws Exception {
    place(1, 0, 10);
    UnknownRevisionException e =
        assertThrows(UnknownRevisionException.class, () -> table.acquire(OptionalLong.of(7)));
    assertTrue(e.getMessage().contains("committed: 1"), e.getMessage());
  }

  @Test
  void atMostThreeRangesAreHeldDuringASwitch() throws Exception {
    place(1, 0, 3);
    place(2, 1, 4);
    table.prepare(assign(3, 2, 5));
    assertEquals(3, table.heldRanges());
    assertEquals(List.of("0-3", "1-4", "2-5"), sessions.opened);
  }

  @Test
  void extendingTheRangeBuildsOnlyTheAddedSegmentsAndRunsThemAfterTheHeldSession()
      throws Exception {
    place(1, 0, 3);

    place(2, 0, 5);

    assertEquals(List.of("0-3", "3-5"), sessions.opened);
    try (StageTable.Lease lease = table.acquire(OptionalLong.empty())) {
      assertEquals(6f, lease.run(ones()).data()[0], "1 + 3 + 2: both pieces ran");
    }
    assertEquals(1, table.heldRanges(), "the replaced range holds nothing the new one does not");
    clock.advance(Duration.ofMinutes(1));
    table.releaseDrained();
    assertEquals(List.of(), sessions.closed);
    assertEquals(2, table.openSessions());
  }

  @Test
  void extendingTheRangeAtItsStartBuildsOnlyTheAddedSegmentsBeforeTheHeldSession()
      throws Exception {
    place(1, 3, 5);

    table.prepare(assign(2, 1, 5));

    assertEquals(List.of("3-5", "1-3"), sessions.opened);
    try (StageTable.Lease lease = table.acquire(OptionalLong.of(2))) {
      assertEquals(5f, lease.run(ones()).data()[0]);
    }
  }

  @Test
  void shrinkingBackToAHeldPieceBuildsNothingAndClosesTheRestAfterTheDrain() throws Exception {
    place(1, 0, 3);
    place(2, 0, 5);

    assertEquals(Duration.ZERO, table.prepare(assign(3, 0, 3)));
    table.commit(3);
    clock.advance(Duration.ofMinutes(1));
    table.releaseDrained();

    assertEquals(List.of("0-3", "3-5"), sessions.opened);
    assertEquals(List.of("3-5"), sessions.closed);
    assertEquals(1, table.openSessions());
  }

  @Test
  void aRangeThatWouldNeedTwoNewPiecesIsBuiltWhole() throws Exception {
    place(1, 2, 3);

    table.prepare(assign(2, 0, 5));

    assertEquals(List.of("2-3", "0-5"), sessions.opened);
    assertEquals(2, table.heldRanges());
  }

  @Test
  void aPieceThatFailsToBuildLeavesTheHeldSessionsAsTheyWere() throws Exception {
    place(1, 0, 3);
    sessions.rejected.add("3-5");

    assertThrows(ModelSourceException.class, () -> table.prepare(assign(2, 0, 5)));
    place(3, 6, 8);
    clock.advance(Duration.ofMinutes(1));
    table.releaseDrained();

    assertEquals(List.of("0-3"), sessions.closed, "no owner was left behind by the failed prepare");
  }

  @Test
  void awaitingACommitReturnsTheNewerRevisionCommittedByAnotherThread() throws Exception {
    place(1, 0, 4);
    table.prepare(assign(2, 0, 5));
    Thread operator =
        new Thread(
            () -> {
              try {
                table.commit(2);
              } catch (UnknownRevisionException e) {
                throw new IllegalStateException(e);
              }
            });
    operator.start();

    Optional<Assignment> newer = table.awaitCommitAfter(1, Duration.ofSeconds(30));

    operator.join();
    assertEquals(2, newer.orElseThrow().revision());
  }

  @Test
  void awaitingACommitThatDoesNotComeEndsEmpty() throws Exception {
    place(1, 0, 4);

    assertTrue(table.awaitCommitAfter(1, Duration.ofMillis(20)).isEmpty());
  }
}
