package dev.strata.runtime.engine;

import dev.strata.core.exec.Tensor;
import dev.strata.core.graph.TensorInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The sessions of one worker, by placement revision, and the two-phase switch between them.
 *
 * <p>{@link #prepare} builds the session for a new revision while the committed one keeps serving;
 * {@link #commit} makes it the one that new requests use. A request holds a {@link Lease} on the
 * revision it started with, so it finishes there. The replaced session is kept for the drain
 * period, because hops of the old revision may still be on their way from upstream stages, and
 * closed once the period has passed and no lease holds it. At most three ranges are held: the
 * committed one, the prepared one and, during the drain, the one before.
 *
 * <p>A range runs as a chain of one to {@value #MAX_PIECES} pieces, each an ONNX Runtime session of
 * consecutive segments. A new range starts from the pieces this worker already holds: moving from
 * {@code [0, 31)} to {@code [0, 32)} builds only {@code [31, 32)} and runs the two in turn, instead
 * of a second session of 31 segments beside the first. A node that had room for the planned range
 * but not for two copies of it (an edge worker at its memory limit) is not run out of memory by the
 * switch. At most one piece is built per prepare; a range the held pieces do not cover that way is
 * built whole. Each boundary between pieces costs one copy of its activation.
 *
 * <p>Across a chain of stages nothing fails as long as the operator prepares every stage before it
 * commits any: an upstream stage that committed first sends hops tagged with the new revision, and
 * the downstream stage serves them from its prepared session.
 */
public final class StageTable implements AutoCloseable {
  private static final int MAX_PIECES = 3;

  private final StageModel model;
  private final SessionFactory factory;
  private final Clock clock;
  private final Duration drainPeriod;
  private final Object prepareLock = new Object();

  // Guarded by this.
  private final List<Slot> held = new ArrayList<>();
  private final List<Piece> pieces = new ArrayList<>();
  private Slot committed;
  private Slot prepared;

  public StageTable(StageModel model, SessionFactory factory, Clock clock, Duration drainPeriod) {
    this.model = model;
    this.factory = factory;
    this.clock = clock;
    this.drainPeriod = drainPeriod;
  }

  /** The model this table serves ranges of. */
  public StageModel model() {
    return model;
  }

  /**
   * Phase one: builds the session for {@code assignment} while the committed revision keeps
   * serving. Preparing the revision that is already prepared with the same assignment does nothing;
   * preparing another one replaces the prepared session (which then drains).
   *
   * @return how long the new piece took to build (about zero when held pieces already cover the
   *     range, or for a relay, which runs no segment)
   * @throws InvalidAssignmentException when the range is out of bounds, or empty other than a
   *     relay's {@code 0-0} with a next stage
   * @throws AssignmentException when the revision is not newer than the committed one
   * @throws ModelSourceException when ONNX Runtime rejects the extracted range
   */
  public Duration prepare(Assignment assignment) throws StageException {
    checkRange(assignment);
    synchronized (prepareLock) {
      synchronized (this) {
        if (committed != null && assignment.revision() <= committed.assignment.revision()) {
          throw new AssignmentException(
              "prepare(revision="
                  + assignment.revision()
                  + ") refused: revision "
                  + committed.assignment.revision()
                  + " is already committed; prepare a newer revision");
        }
        if (prepared != null && prepared.assignment.equals(assignment)) {
          return Duration.ZERO;
        }
      }
      Instant start = clock.instant();
      List<Piece> chain = chain(assignment.fromSegment(), assignment.toSegment());
      Duration buildTime = Duration.between(start, clock.instant());
      Slot slot =
          new Slot(
              assignment,
              chain,
              model.inputOf(assignment.fromSegment()),
              model.outputOf(assignment.toSegment()));
      synchronized (this) {
        if (prepared != null) {
          prepared.superseded = true;
          retire(prepared);
        }
        prepared = slot;
        held.add(slot);
      }
      return buildTime;
    }
  }

  /**
   * Phase two: makes the prepared revision the one new requests use. Committing the revision that
   * is already committed does nothing.
   *
   * @throws UnknownRevisionException when {@code revision} was not prepared
   */
  public void commit(long revision) throws UnknownRevisionException {
    synchronized (this) {
      if (committed != null && committed.assignment.revision() == revision) {
        return;
      }
      if (prepared == null || prepared.assignment.revision() != revision) {
        throw new UnknownRevisionException(
            "commit(revision="
                + revision
                + ") refused: revision "
                + revision
                + " was not prepared (prepared: "
                + (prepared == null ? "none" : prepared.assignment.revision())
                + "); call prepare with this revision first");
      }
      if (committed != null) {
        retire(committed);
      }
      committed = prepared;
      prepared = null;
      notifyAll();
    }
    releaseDrained();
  }

  /**
   * Waits until a revision newer than {@code revision} is committed, at most {@code wait}.
   *
   * @return the newly committed assignment; empty when none came in time
   */
  public synchronized Optional<Assignment> awaitCommitAfter(long revision, Duration wait) {
    long end = System.nanoTime() + Math.max(0, wait.toNanos());
    while (committed == null || committed.assignment.revision() <= revision) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.of(committed.assignment);
  }

  /**
   * Takes a lease on a revision for one request.
   *
   * @param revision the revision named by the upstream stage; empty for a request that enters the
   *     pipeline here, which uses the committed revision, or, when the committed range no longer
   *     starts at the model's input (the entry moved to another stage while the request was on its
   *     way), the newest replaced revision that still held the entry here
   * @throws ModelNotReadyException when no revision is committed and none is named
   * @throws UnknownRevisionException when the named revision is not held (any more)
   * @throws AssignmentException when an entering request finds this stage no longer the entry and
   *     no replaced revision that was
   */
  public Lease acquire(OptionalLong revision) throws StageException {
    synchronized (this) {
      Slot slot;
      if (revision.isEmpty()) {
        if (committed == null) {
          throw new ModelNotReadyException(
              "no revision committed yet: the operator has not assigned a range to this worker");
        }
        slot = committed.assignment.fromSegment() == 0 ? committed : formerEntry();
      } else {
        slot = find(revision.getAsLong());
      }
      slot.leases++;
      return new Lease(slot);
    }
  }

  private Slot formerEntry() throws AssignmentException {
    return held.stream()
        .filter(s -> s.retiredAt != null && s.assignment.fromSegment() == 0)
        .max(java.util.Comparator.comparingLong(s -> s.assignment.revision()))
        .orElseThrow(
            () ->
                new AssignmentException(
                    "revision "
                        + committed.assignment.revision()
                        + " runs segments "
                        + committed.assignment.range()
                        + " here: this stage is not the pipeline's entry; send requests to the"
                        + " pipeline's entry Service"));
  }

  /** The committed assignment, if any. */
  public synchronized Optional<Assignment> committed() {
    return Optional.ofNullable(committed).map(s -> s.assignment);
  }

  /** The prepared assignment, if any. */
  public synchronized Optional<Assignment> prepared() {
    return Optional.ofNullable(prepared).map(s -> s.assignment);
  }

  /** Revisions replaced but still held for the drain period or open leases. */
  public synchronized List<Long> draining() {
    return held.stream()
        .filter(s -> s.retiredAt != null)
        .map(s -> s.assignment.revision())
        .toList();
  }

  /** Number of ONNX Runtime sessions (pieces) open now; a relay has none. */
  public synchronized int openSessions() {
    return pieces.size();
  }

  /**
   * Number of ranges whose sessions this worker holds memory for: the committed range, a different
   * prepared one, and each range of a replaced revision that still holds a piece neither of them
   * runs (one that only shares their pieces holds nothing more). A relay holds none.
   */
  public synchronized int heldRanges() {
    Set<Piece> current = new HashSet<>();
    Set<String> ranges = new HashSet<>();
    for (Slot s : Stream.of(committed, prepared).filter(Objects::nonNull).toList()) {
      current.addAll(s.chain);
      if (!s.chain.isEmpty()) {
        ranges.add(s.assignment.range());
      }
    }
    for (Slot s : held) {
      if (s.retiredAt != null && !current.containsAll(s.chain)) {
        ranges.add(s.assignment.range());
      }
    }
    return ranges.size();
  }

  /**
   * Closes replaced sessions whose drain period has passed and that no lease holds.
   *
   * @return how many sessions were closed
   */
  public int releaseDrained() {
    List<Slot> done = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      for (var it = held.iterator(); it.hasNext(); ) {
        Slot s = it.next();
        if (s.retiredAt != null && s.leases == 0 && !now.isBefore(s.retiredAt.plus(drainPeriod))) {
          it.remove();
          done.add(s);
        }
      }
    }
    done.forEach(Slot::release);
    return done.size();
  }

  /**
   * Closes every session at shutdown; a session that a request is still running on is closed when
   * that request lets go of it (freeing it under a running ONNX Runtime call crashed the process).
   */
  @Override
  public void close() {
    List<Slot> idle = new ArrayList<>();
    synchronized (this) {
      for (Slot s : held) {
        if (s.leases == 0) {
          idle.add(s);
        } else {
          s.closeWithLastLease = true;
        }
      }
      held.clear();
      committed = null;
      prepared = null;
    }
    idle.forEach(Slot::release);
  }

  /**
   * The pieces that run {@code [from, to)}, each with its owner count raised: held ones where they
   * fit, and at most one built now. Empty for a relay.
   */
  private List<Piece> chain(int from, int to) throws ModelSourceException {
    List<Step> steps;
    synchronized (this) {
      steps = cover(from, to);
      steps.stream().filter(Step::held).forEach(step -> step.piece().owners++);
    }
    List<Piece> chain = new ArrayList<>();
    try {
      for (Step step : steps) {
        chain.add(step.held() ? step.piece() : build(step.from(), step.to()));
      }
    } catch (ModelSourceException | RuntimeException e) {
      // Only the one piece to build can fail, and then nothing was built.
      steps.stream().filter(Step::held).forEach(step -> step.piece().release());
      throw e;
    }
    return List.copyOf(chain);
  }

  /** One link of a chain: a held piece, or a range to build. */
  private record Step(Piece piece, int from, int to) {
    boolean held() {
      return piece != null;
    }
  }

  /**
   * Covers {@code [from, to)} with held pieces, each time the longest that starts where the chain
   * has got to, and one range to build for the rest; the whole range to build when that takes more
   * than one new piece or more than {@value #MAX_PIECES} pieces in all.
   */
  private List<Step> cover(int from, int to) {
    List<Step> steps = new ArrayList<>();
    int built = 0;
    int at = from;
    while (at < to) {
      Piece longest = null;
      for (Piece p : pieces) {
        if (p.from == at && p.to <= to && (longest == null || p.to > longest.to)) {
          longest = p;
        }
      }
      if (longest != null) {
        steps.add(new Step(longest, longest.from, longest.to));
        at = longest.to;
        continue;
      }
      int end = to;
      for (Piece p : pieces) {
        if (p.from > at && p.from < end && p.to <= to) {
          end = p.from;
        }
      }
      steps.add(new Step(null, at, end));
      built++;
      at = end;
    }
    if (built > 1 || steps.size() > MAX_PIECES) {
      return List.of(new Step(null, from, to));
    }
    return steps;
  }

  private Piece build(int from, int to) throws ModelSourceException {
    Piece piece = new Piece(from, to, factory.open(model.extract(from, to)));
    synchronized (this) {
      pieces.add(piece);
    }
    return piece;
  }

  private void checkRange(Assignment a) throws InvalidAssignmentException {
    int count = model.segmentCount();
    if (a.isRelay()) {
      if (a.isLast()) {
        throw new InvalidAssignmentException(
            "range 0-0 forwards requests without running a segment and needs next: the stage to"
                + " forward to; give next, or a range of at least one segment");
      }
    } else if (a.fromSegment() < 0 || a.toSegment() > count || a.fromSegment() >= a.toSegment()) {
      throw new InvalidAssignmentException(
          "range "
              + a.range()
              + " is not within model \""
              + model.name()
              + "\" which has segments 0.."
              + (count - 1)
              + "; need 0 <= fromSegment < toSegment <= "
              + count
              + ", or 0-0 with next for a relay that only forwards requests");
    }
    if (a.revision() < 0) {
      throw new InvalidAssignmentException("revision must be >= 0, got " + a.revision());
    }
  }

  private Slot find(long revision) throws UnknownRevisionException {
    Slot found = null;
    for (Slot s : held) {
      if (!s.superseded && s.assignment.revision() == revision) {
        found = s;
      }
    }
    if (found == null) {
      throw new UnknownRevisionException(
          "revision "
              + revision
              + " is not held by this worker (committed: "
              + (committed == null ? "none" : committed.assignment.revision())
              + ", prepared: "
              + (prepared == null ? "none" : prepared.assignment.revision())
              + "); the sender is on a placement this stage has not prepared or already released");
    }
    return found;
  }

  private void retire(Slot slot) {
    slot.retiredAt = clock.instant();
  }

  /**
   * The session of segments {@code [from, to)} and the number of slots whose chains hold it; closed
   * when the last one lets go.
   */
  private final class Piece {
    final int from;
    final int to;
    final StageSession session;
    int owners = 1; // guarded by StageTable.this

    Piece(int from, int to, StageSession session) {
      this.from = from;
      this.to = to;
      this.session = session;
    }

    void release() {
      boolean last;
      synchronized (StageTable.this) {
        last = --owners == 0;
        if (last) {
          pieces.remove(this);
        }
      }
      if (last) {
        session.close();
      }
    }
  }

  private static final class Slot {
    final Assignment assignment;
    final List<Piece> chain;
    final TensorInfo input;
    final TensorInfo output;
    int leases;
    Instant retiredAt;
    boolean superseded;
    boolean closeWithLastLease;

    Slot(Assignment assignment, List<Piece> chain, TensorInfo input, TensorInfo output) {
      this.assignment = assignment;
      this.chain = chain;
      this.input = input;
      this.output = output;
    }

    /** Runs the chain; a relay's empty chain passes the input on. */
    Tensor run(Tensor in) throws StageException {
      Tensor t = in;
      for (Piece p : chain) {
        t = p.session.run(t);
      }
      return t;
    }

    void release() {
      chain.forEach(Piece::release);
    }
  }

  /** One request's hold on a revision; close it when the stage is done computing. */
  public final class Lease implements AutoCloseable {
    private final Slot slot;
    private boolean closed;

    private Lease(Slot slot) {
      this.slot = slot;
    }

    public Assignment assignment() {
      return slot.assignment;
    }

    /** The tensor this range takes. */
    public TensorInfo input() {
      return slot.input;
    }

    /** The tensor this range produces. */
    public TensorInfo output() {
      return slot.output;
    }

    /** Runs the range of this revision. */
    public Tensor run(Tensor in) throws StageException {
      return slot.run(in);
    }

    @Override
    public void close() {
      boolean retired;
      boolean last;
      synchronized (StageTable.this) {
        if (closed) {
          return;
        }
        closed = true;
        slot.leases--;
        retired = slot.retiredAt != null;
        last = slot.closeWithLastLease && slot.leases == 0;
      }
      if (last) {
        slot.release();
      } else if (retired) {
        releaseDrained();
      }
    }
  }
}
