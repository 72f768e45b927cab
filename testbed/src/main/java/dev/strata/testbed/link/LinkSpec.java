package dev.strata.testbed.link;

import java.time.Duration;
import java.util.Locale;

/**
 * A link's emulated properties, the same in both directions.
 *
 * @param bitsPerSecond serialization rate shared by every connection on the link
 * @param delay one-way propagation delay (an RTT is twice this plus serialization)
 */
public record LinkSpec(long bitsPerSecond, Duration delay) {
  public LinkSpec {
    if (bitsPerSecond <= 0) {
      throw new IllegalArgumentException("link rate must be positive, got " + bitsPerSecond);
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("link delay must not be negative, got " + delay);
    }
  }

  public static LinkSpec mbit(double megabitsPerSecond, long delayMillis) {
    return new LinkSpec((long) (megabitsPerSecond * 1e6), Duration.ofMillis(delayMillis));
  }

  public double megabitsPerSecond() {
    return bitsPerSecond / 1e6;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.1f Mbit/s %d ms", megabitsPerSecond(), delay.toMillis());
  }
}
