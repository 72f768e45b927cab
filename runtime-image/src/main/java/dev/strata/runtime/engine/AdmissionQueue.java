package dev.strata.runtime.engine;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the requests a stage holds. At most {@code capacity} requests are admitted at once (queued
 * or computing); the bound is enforced by a {@link Semaphore}, so admission never races with a size
 * check. Of the admitted, at most {@code concurrency} run a session at a time.
 */
public final class AdmissionQueue {
  private final int capacity;
  private final Semaphore admitted;
  private final Semaphore running;
  private final Duration retryAfter;

  /**
   * @param capacity requests admitted at once, including the running ones; at least 1
   * @param concurrency requests computing at once; at least 1 and at most {@code capacity}
   * @param retryAfter what a refused caller is told to wait
   */
  public AdmissionQueue(int capacity, int concurrency, Duration retryAfter) {
    if (capacity < 1 || concurrency < 1 || concurrency > capacity) {
      throw new IllegalArgumentException(
          "need 1 <= concurrency <= maxQueue, got concurrency="
              + concurrency
              + " maxQueue="
              + capacity);
    }
    this.capacity = capacity;
    this.admitted = new Semaphore(capacity);
    this.running = new Semaphore(concurrency, true);
    this.retryAfter = retryAfter;
  }

  /**
   * Admits a request or refuses it at once.
   *
   * @throws QueueFullException when {@code capacity} requests are already admitted
   */
  public Ticket admit() throws QueueFullException {
    if (!admitted.tryAcquire()) {
      throw new QueueFullException(
          "queue full: " + capacity + " requests already admitted (strata.max-queue)", retryAfter);
    }
    return new Ticket();
  }

  /** Requests admitted now (queued plus computing). */
  public int depth() {
    return capacity - admitted.availablePermits();
  }

  /** The bound. */
  public int capacity() {
    return capacity;
  }

  /** One admitted request; close it when the stage is done with the request. */
  public final class Ticket implements AutoCloseable {
    private boolean running;
    private boolean closed;

    private Ticket() {}

    /**
     * Waits until the request may compute.
     *
     * @throws DeadlineExceededException when no slot frees up within {@code remaining}
     */
    public void awaitTurn(Duration remaining) throws DeadlineExceededException {
      try {
        if (remaining.isNegative()
            || !AdmissionQueue.this.running.tryAcquire(remaining.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new DeadlineExceededException(
              "deadline ran out after waiting in the queue of this stage");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeadlineExceededException("interrupted while waiting in the queue");
      }
      running = true;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (running) {
        AdmissionQueue.this.running.release();
      }
      admitted.release();
    }
  }
}
