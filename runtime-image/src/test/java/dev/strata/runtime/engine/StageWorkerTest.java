package dev.strata.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StageWorkerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final StageTable table =
      new StageTable(
          new FakeStageModel(10), new FakeSessionFactory(), clock, Duration.ofSeconds(5));
  private final List<NamedTensor> forwarded = new ArrayList<>();
  private final StageForwarder echoForwarder =
      (sender, activation, deadline) -> {
        forwarded.add(activation);
        return activation;
      };
  private final StageWorker worker = workerWith(echoForwarder, StageObserver.NONE);

  private static NamedTensor tensor(String name) {
    return new NamedTensor(
        name, "FP32", new long[] {1, 4}, new TensorValues.Floats(new float[] {0, 1, 2, 3}));
  }

  private void assign(long revision, int from, int to, boolean last) throws Exception {
    Optional<URI> next = last ? Optional.empty() : Optional.of(URI.create("http://next:8080"));
    table.prepare(new Assignment(revision, from, to, next, WirePrecision.FP32));
    table.commit(revision);
  }

  @Test
  void lastStageAnswersWithTheModelOutput() throws Exception {
    assign(1, 0, 10, true);
    Outcome outcome = worker.infer(Hop.entry(clock.instant().plusSeconds(5)), tensor("input"));
    assertEquals("output", outcome.output().name());
    assertArrayEquals(
        new float[] {10, 11, 12, 13}, ((TensorValues.Floats) outcome.output().values()).values());
  }

  @Test
  void enteringRequestWhoseNextStageIsGoneRunsAgainOnTheRevisionCommittedMeanwhile()
      throws Exception {
    List<Long> retried = new ArrayList<>();
    StageForwarder lostNode =
        (sender, activation, deadline) -> {
          if (sender.revision() == 1) {
            // The operator re-plans around the lost node while this request waits.
            table.prepare(
                new Assignment(
                    2, 0, 5, Optional.of(URI.create("http://cloud:8080")), WirePrecision.FP32));
            table.commit(2);
            throw new DownstreamException(502, "next stage unreachable", Optional.empty());
          }
          forwarded.add(activation);
          return activation;
        };
    StageWorker retrying =
        workerWith(
            lostNode,
            new StageObserver() {
              @Override
              public void computed(Assignment assignment, Duration took) {}

              @Override
              public void retried(long failed, long retry) {
                retried.add(failed);
                retried.add(retry);
              }
            });
    assign(1, 0, 3, false);

    Outcome outcome = retrying.infer(Hop.entry(clock.instant().plusSeconds(5)), tensor("input"));

    assertEquals(2, outcome.revision());
    assertEquals("cut4", forwarded.get(0).name(), "ran revision 2's range [0,5)");
    assertEquals(List.of(1L, 2L), retried);
  }

  @Test
  void enteringRequestFailsWhenNoNewRevisionComesBeforeItsDeadline() throws Exception {
    StageWorker failing = workerWith(unreachable(), StageObserver.NONE);
    assign(1, 0, 3, false);

    DownstreamException e =
        assertThrows(
            DownstreamException.class,
            () -> failing.infer(Hop.entry(clock.instant().plusMillis(30)), tensor("input")));
    assertEquals(502, e.status());
  }

  @Test
  void aHopIsNotRunAgainItsSenderDecides() throws Exception {
    StageWorker failing = workerWith(unreachable(), StageObserver.NONE);
    assign(1, 3, 6, false);
    Hop hop = hopFromRange0To3();

    assertThrows(DownstreamException.class, () -> failing.infer(hop, tensor("cut2")));
    assertEquals(1, table.committed().orElseThrow().revision(), "nothing waited for a commit");
  }

  private static StageForwarder unreachable() {
    return (sender, activation, deadline) -> {
      throw new DownstreamException(502, "next stage unreachable", Optional.empty());
    };
  }

  private StageWorker workerWith(StageForwarder forwarder, StageObserver observer) {
    return new StageWorker(
        table, new AdmissionQueue(4, 1, Duration.ofSeconds(1)), forwarder, observer, clock);
  }

  /** A hop of revision 1 from a sender that ran {@code [0, 3)}. */
  private Hop hopFromRange0To3() {
    return new Hop(
        OptionalLong.of(1), Optional.of(new SegmentRange(0, 3)), clock.instant().plusSeconds(5));
  }

  @Test
  void relayForwardsTheEnteringInputAsItCame() throws Exception {
    assign(1, 0, 0, false);
    NamedTensor input = tensor("input");

    worker.infer(Hop.entry(clock.instant().plusSeconds(5)), input);

    assertEquals("input", forwarded.get(0).name());
    assertArrayEquals(
        new float[] {0, 1, 2, 3}, ((TensorValues.Floats) forwarded.get(0).values()).values());
  }

  @Test
  void relayChecksTheEnteringInputAgainstTheModelInput() throws Exception {
    assign(1, 0, 0, false);
    assertThrows(
        InvalidTensorException.class,
        () -> worker.infer(Hop.entry(clock.instant().plusSeconds(5)), tensor("cut2")));
    assertEquals(List.of(), forwarded);
  }

  @Test
  void middleStageForwardsTheActivationOfItsLastCut() throws Exception {
    assign(1, 0, 3, false);
    worker.infer(Hop.entry(clock.instant().plusSeconds(5)), tensor("input"));
    assertEquals("cut2", forwarded.get(0).name());
  }

  @Test
  void hopFromASenderWhoseRangeDoesNotChainIsRefused() throws Exception {
    assign(1, 4, 10, true);
    Hop hop = hopFromRange0To3();
    assertThrows(AssignmentException.class, () -> worker.infer(hop, tensor("cut3")));
  }

  @Test
  void expiredDeadlineIsRefusedBeforeRunning() throws Exception {
    assign(1, 0, 10, true);
    assertThrows(
        DeadlineExceededException.class,
        () -> worker.infer(Hop.entry(clock.instant().minusMillis(1)), tensor("input")));
  }

  @Test
  void rejectedInputLeavesTheQueueEmpty() throws Exception {
    assign(1, 0, 10, true);
    assertThrows(
        InvalidTensorException.class,
        () -> worker.infer(Hop.entry(clock.instant().plusSeconds(5)), tensor("wrong")));
    assertEquals(0, worker.queueDepth());
  }
}
