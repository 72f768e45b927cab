package dev.strata.testbed.link;

import java.time.Duration;

/**
 * One direction of a link: a single serializer shared by all connections, like a real interface,
 * with a short queue in front of it. Pure arithmetic on nanosecond timestamps, so it is tested
 * without threads.
 */
final class Transmitter {
  private long busyUntil = Long.MIN_VALUE;

  /**
   * Schedules {@code bytes} that arrived at {@code now} and returns when they are delivered at the
   * far end: after the queue ahead of them drains, their own serialization, and the delay.
   */
  synchronized long deliveryTime(long now, int bytes, LinkSpec spec) {
    long start = Math.max(now, busyUntil);
    long serialization = (long) (bytes * 8.0 * 1e9 / spec.bitsPerSecond());
    busyUntil = start + serialization;
    return busyUntil + spec.delay().toNanos();
  }

  /**
   * How long a sender must wait at {@code now} before its next chunk joins the queue: zero while
   * less than {@code queue} of serialization is waiting ahead. Connections that wait here take
   * turns chunk by chunk, as TCP flows share a router's interface, instead of one message queueing
   * whole behind another.
   */
  synchronized long admissionWait(long now, Duration queue) {
    if (busyUntil == Long.MIN_VALUE) {
      return 0; // never used
    }
    return Math.max(0, busyUntil - now - queue.toNanos());
  }
}
