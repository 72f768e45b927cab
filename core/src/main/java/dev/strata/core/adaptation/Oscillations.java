package dev.strata.core.adaptation;

import dev.strata.core.placement.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The metrics of one pipeline that keep settling at alternating levels, and the levels they settled
 * at. Such a metric flips slower than the policy's hysteresis but faster than a move pays off: each
 * move arrives a reaction time late, often into the opposite phase.
 *
 * <p>A metric re-planned at new levels in alternating directions {@value #REVERSALS} times within
 * {@value #WINDOW_COOLDOWNS} cooldowns, each time with a different best placement than at its level
 * before, is held: planned at its long-run value between its last two levels (for bandwidth and CPU
 * share the harmonic mean, since time per byte or per operation goes with the inverse; the mean for
 * RTT; the smaller for free memory), its drifts not acted on. It is released once its samples have
 * stopped crossing that value for the same window.
 *
 * <p>A reversal whose levels both lead to the same placement does not count: noise just past the
 * threshold on a fast link alternates too, and holding such a link at its noise would hide a real
 * drop on it for the whole window (a 200 Mbit/s loopback link was re-planned at +23%, -28% and +26%
 * within a minute).
 *
 * <p>Outlives the {@link AdaptationPolicy} it is given to: an operator builds a new policy after
 * each move. Mutable and not thread-safe, like the policy.
 */
public final class Oscillations {

  /** Level changes in alternating directions that make a metric oscillating. */
  static final int REVERSALS = 2;

  /** The window for {@link #REVERSALS} and for releasing a held metric, in cooldowns. */
  static final int WINDOW_COOLDOWNS = 6;

  /**
   * A level a settled metric was re-planned at, the direction it had moved in, and the best
   * placement at it.
   */
  private record Level(Instant at, double value, int direction, Placement best) {}

  /** A held metric: its long-run value and the side of it its samples were last seen on. */
  private static final class Held {
    private final double value;
    private int side;
    private Instant lastCrossing;

    Held(double value, Instant since) {
      this.value = value;
      this.lastCrossing = since;
    }
  }

  private final Map<Metric, Deque<Level>> levels = new HashMap<>();
  private final Map<Metric, Held> held = new LinkedHashMap<>();

  /** Whether {@code metric} is held. */
  boolean holds(Metric metric) {
    return held.containsKey(metric);
  }

  /** The long-run value {@code metric} is held at. */
  Optional<Double> heldValue(Metric metric) {
    return Optional.ofNullable(held.get(metric)).map(h -> h.value);
  }

  /**
   * Records the levels settled metrics are re-planned at, with the best placement there, and holds
   * those that have reversed often enough.
   *
   * @param best the best placement under the metrics' new levels
   * @return what it started holding, to append to the decision's reason ("" when nothing)
   */
  String record(List<Drift> settled, Placement best, Instant now, AdaptationSettings settings) {
    Duration window = window(settings);
    StringBuilder out = new StringBuilder();
    for (Drift d : settled) {
      Deque<Level> history = levels.computeIfAbsent(d.metric(), m -> new ArrayDeque<>());
      history.addLast(new Level(now, d.now(), d.relativeChange() > 0 ? 1 : -1, best));
      while (Duration.between(history.peekFirst().at(), now).compareTo(window) > 0) {
        history.removeFirst();
      }
      if (reversals(history) < REVERSALS) {
        continue;
      }
      Level last = history.pollLast();
      Level before = history.peekLast();
      double value = longRun(d.metric().kind(), last.value(), before.value());
      held.put(d.metric(), new Held(value, now));
      history.clear();
      out.append(
          String.format(
              Locale.ROOT,
              "; %s oscillates (%d level changes in alternating directions within %d s):"
                  + " planned at %s between %s and %s, held until it stops",
              d.metric().describe(),
              REVERSALS + 1,
              window.toSeconds(),
              d.metric().format(value),
              d.metric().format(before.value()),
              d.metric().format(last.value())));
    }
    return out.toString();
  }

  /**
   * Releases the held metrics whose samples stayed on one side of their long-run value (or at it)
   * for the window: their drift from that value counts again.
   *
   * @param latest a metric's last raw sample, empty when it has none
   */
  void release(Instant now, Function<Metric, OptionalDouble> latest, AdaptationSettings settings) {
    Duration window = window(settings);
    double tolerance = settings.driftThreshold();
    held.entrySet()
        .removeIf(
            e -> {
              Held h = e.getValue();
              OptionalDouble sample = latest.apply(e.getKey());
              if (sample.isPresent()) {
                double change = (sample.getAsDouble() - h.value) / e.getKey().kind().scale(h.value);
                int side = change > tolerance ? 1 : change < -tolerance ? -1 : 0;
                if (side != 0 && side != h.side) {
                  h.side = side;
                  h.lastCrossing = now;
                }
              }
              return Duration.between(h.lastCrossing, now).compareTo(window) > 0;
            });
  }

  /** The held metrics, to append to a reason ("" when none). */
  String describeHolds() {
    StringBuilder out = new StringBuilder();
    held.forEach(
        (metric, h) ->
            out.append("; holding ")
                .append(metric.describe())
                .append(" at ")
                .append(metric.format(h.value))
                .append(" while it oscillates"));
    return out.toString();
  }

  private static Duration window(AdaptationSettings settings) {
    return settings.cooldown().multipliedBy(WINDOW_COOLDOWNS);
  }

  private static int reversals(Deque<Level> history) {
    int reversals = 0;
    Level previous = null;
    for (Level level : history) {
      if (previous != null
          && level.direction() != previous.direction()
          && !level.best().equals(previous.best())) {
        reversals++;
      }
      previous = level;
    }
    return reversals;
  }

  // The value that prices time spent at two levels alike.
  private static double longRun(Metric.Kind kind, double a, double b) {
    return switch (kind) {
      case BANDWIDTH, CPU_SHARE -> 2 / (1 / a + 1 / b);
      case RTT -> (a + b) / 2;
      case FREE_MEMORY -> Math.min(a, b);
    };
  }
}
