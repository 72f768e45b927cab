package dev.strata.runtime.engine;

import dev.strata.core.exec.Tensor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Serves one request at this stage: admit it to the bounded queue, pick the session of its
 * revision, check the input, run the range, then either answer (last stage) or forward the
 * activation to the next stage. The queue slot and the session lease are released before
 * forwarding, so a slow downstream stage does not hold this stage's capacity. A relay's range is
 * empty: it checks the input and forwards it as the activation.
 */
public final class StageWorker {
  private final StageTable table;
  private final AdmissionQueue queue;
  private final StageForwarder forwarder;
  private final StageObserver observer;
  private final Clock clock;

  public StageWorker(
      StageTable table,
      AdmissionQueue queue,
      StageForwarder forwarder,
      StageObserver observer,
      Clock clock) {
    this.table = table;
    this.queue = queue;
    this.forwarder = forwarder;
    this.observer = observer;
    this.clock = clock;
  }

  /**
   * Runs this stage's range on {@code input} and returns the model output from the end of the
   * chain. An entering request whose next stage cannot be reached (502) waits, within its deadline,
   * for a newer revision to be committed here and runs once more on it: a node lost mid-request
   * costs the request a re-plan's time instead of an error.
   *
   * @throws QueueFullException when the queue is full (answer 503 with Retry-After)
   * @throws InvalidTensorException when the input does not match the range's input
   * @throws UnknownRevisionException when the hop names a revision this stage does not hold
   * @throws AssignmentException when the sender's range does not end where this range starts
   * @throws DeadlineExceededException when the deadline runs out
   */
  public Outcome infer(Hop hop, NamedTensor input) throws StageException {
    Computed first = compute(hop, input);
    try {
      return finish(first, hop);
    } catch (DownstreamException e) {
      if (hop.revision().isPresent() || e.status() != 502) {
        throw e;
      }
      // The next stage could not be reached (its node failed, or it is being replaced): the
      // operator re-plans and commits a new revision here. An entering request still has its
      // input, so it waits for that commit within its deadline and runs once more on it.
      long failed = first.assignment().revision();
      if (table.awaitCommitAfter(failed, remaining(hop.deadline())).isEmpty()) {
        throw e;
      }
      Outcome outcome = finish(compute(hop, input), hop);
      observer.retried(failed, outcome.revision());
      return outcome;
    }
  }

  /** This stage's range run on a request, under the revision it ran on. */
  private record Computed(Assignment assignment, NamedTensor activation) {}

  private Computed compute(Hop hop, NamedTensor input) throws StageException {
    try (AdmissionQueue.Ticket ticket = queue.admit();
        StageTable.Lease lease = table.acquire(hop.revision())) {
      Assignment assignment = lease.assignment();
      checkChain(hop, assignment);
      InputValidator.check(lease.input(), input);
      if (!(input.values() instanceof TensorValues.Floats floats)) {
        throw new InvalidTensorException(
            "input \"" + input.name() + "\": expected floating point values");
      }
      Tensor in = new Tensor(input.shape(), floats.values());
      ticket.awaitTurn(remaining(hop.deadline()));
      Instant start = clock.instant();
      Tensor out = lease.run(in);
      observer.computed(assignment, Duration.between(start, clock.instant()));
      return new Computed(assignment, NamedTensor.fp32(lease.output().name(), out));
    }
  }

  /** Answers from the last stage, or forwards the activation to the next one. */
  private Outcome finish(Computed computed, Hop hop) throws StageException {
    Assignment assignment = computed.assignment();
    if (assignment.isLast()) {
      return new Outcome(assignment.revision(), computed.activation());
    }
    if (remaining(hop.deadline()).isNegative()) {
      throw new DeadlineExceededException(
          "deadline ran out at stage " + assignment.range() + " before forwarding");
    }
    return new Outcome(
        assignment.revision(),
        forwarder.forward(assignment, computed.activation(), hop.deadline()));
  }

  /** Requests admitted now. */
  public int queueDepth() {
    return queue.depth();
  }

  private Duration remaining(Instant deadline) {
    return Duration.between(clock.instant(), deadline);
  }

  private static void checkChain(Hop hop, Assignment assignment) throws AssignmentException {
    if (hop.senderRange().isPresent() && hop.senderRange().get().to() != assignment.fromSegment()) {
      throw new AssignmentException(
          "revision "
              + assignment.revision()
              + ": previous stage ran segments "
              + hop.senderRange().get()
              + " but this stage starts at segment "
              + assignment.fromSegment()
              + "; the placement sent to the stages does not chain");
    }
  }
}
