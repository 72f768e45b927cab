package dev.strata.testbed.link;

/**
 * One direction of a link: a single serializer shared by all connections, like a real interface.
 * Pure arithmetic on nanosecond timestamps, so it is tested without threads.
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
}
