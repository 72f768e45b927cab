package dev.strata.testbed.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario file: how long to run and what happens when.
 *
 * <pre>
 * name: step-drop
 * description: edge-fog drops to 2 Mbit/s mid-run and comes back
 * duration: 150s
 * events:
 *   - {at: 50s, link: edge-fog, rateMbit: 2}
 *   - {at: 110s, link: edge-fog, rateMbit: 20}
 *   - {at: 30s, every: 8s, until: 120s, link: edge-fog, rateMbit: [2, 20]}   # oscillation
 *   - {at: 40s, contention: fog, processes: 2}                              # 0 stops it
 *   - {at: 60s, loseNode: fog-1}
 *   - {at: 50s, link: first-hop, rateFactor: 0.1}    # the link requests cross first, at 10%
 *   - {at: 110s, link: first-hop, rateFactor: 1}     # back to its rate at the start
 * </pre>
 *
 * <p>{@code first-hop} names the link from the edge, where requests enter, to the first stage of
 * the placement that is not on the edge; it is resolved when its first event fires and keeps that
 * meaning for the rest of the run. {@code rateFactor} scales the link's rate at the start of the
 * run.
 */
public record Scenario(String name, String description, Duration duration, List<Step> steps) {

  /** One change to apply at {@code at} after the start. */
  public sealed interface Step {
    Duration at();

    String describe();
  }

  /** The link name that means "the link requests cross first" (see the class comment). */
  public static final String FIRST_HOP = "first-hop";

  /**
   * Sets a link's rate, absolute ({@code rateMbit}) or relative to its rate at the start of the run
   * ({@code rateFactor}, when {@code rateMbit} is NaN), and optionally its one-way delay.
   */
  public record LinkChange(
      Duration at, String link, double rateMbit, double rateFactor, Long delayMs) implements Step {
    @Override
    public String describe() {
      String rate =
          Double.isNaN(rateMbit) ? "x" + rateFactor + " of its start rate" : rateMbit + " Mbit/s";
      return link + " -> " + rate + (delayMs == null ? "" : " " + delayMs + " ms");
    }
  }

  /** Starts ({@code processes > 0}) or stops CPU-bound load on a tier's node. */
  public record Contention(Duration at, String tier, int processes) implements Step {
    @Override
    public String describe() {
      return processes > 0
          ? "CPU contention on " + tier + " (" + processes + " busy processes)"
          : "contention on " + tier + " ends";
    }
  }

  /** A node fails. */
  public record NodeLoss(Duration at, String node) implements Step {
    @Override
    public String describe() {
      return "node " + node + " lost";
    }
  }

  /** The file form; {@link #load} turns it into steps. */
  record File(String name, String description, String duration, List<EventSpec> events) {}

  record EventSpec(
      String at,
      String every,
      String until,
      String link,
      List<Double> rateMbit,
      Double rateFactor,
      Long delayMs,
      String contention,
      Integer processes,
      String loseNode) {}

  /**
   * Reads a scenario file.
   *
   * @throws IllegalArgumentException naming the file, the event and the field that is wrong
   */
  public static Scenario load(Path path) throws IOException {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    File file = yaml.readValue(path.toFile(), File.class);
    String where = path.getFileName().toString();
    List<Step> steps = new ArrayList<>();
    int i = 0;
    for (EventSpec e : file.events() == null ? List.<EventSpec>of() : file.events()) {
      String event = where + " event " + i++;
      Duration at = duration(e.at(), event + " field at");
      List<Duration> times = new ArrayList<>();
      times.add(at);
      if (e.every() != null) {
        Duration every = duration(e.every(), event + " field every");
        Duration until = duration(e.until(), event + " field until");
        for (Duration t = at.plus(every); t.compareTo(until) <= 0; t = t.plus(every)) {
          times.add(t);
        }
      }
      for (int k = 0; k < times.size(); k++) {
        steps.add(step(e, times.get(k), k, event));
      }
    }
    steps.sort(java.util.Comparator.comparing(Step::at));
    return new Scenario(
        file.name(),
        file.description(),
        duration(file.duration(), where + " field duration"),
        List.copyOf(steps));
  }

  private static Step step(EventSpec e, Duration at, int k, String event) {
    if (e.link() != null) {
      boolean absolute = e.rateMbit() != null && !e.rateMbit().isEmpty();
      if (absolute == (e.rateFactor() != null)) {
        throw new IllegalArgumentException(
            event
                + ": a link event needs either rateMbit (one value or a list to cycle) or"
                + " rateFactor (relative to the link's rate at the start)");
      }
      if (!absolute && !(e.rateFactor() > 0)) {
        throw new IllegalArgumentException(event + ": rateFactor must be > 0");
      }
      return absolute
          ? new LinkChange(
              at, e.link(), e.rateMbit().get(k % e.rateMbit().size()), Double.NaN, e.delayMs())
          : new LinkChange(at, e.link(), Double.NaN, e.rateFactor(), e.delayMs());
    }
    if (e.contention() != null) {
      return new Contention(at, e.contention(), e.processes() == null ? 1 : e.processes());
    }
    if (e.loseNode() != null) {
      return new NodeLoss(at, e.loseNode());
    }
    throw new IllegalArgumentException(event + ": needs one of link, contention or loseNode");
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

  static Duration duration(String text, String field) {
    if (text == null) {
      throw new IllegalArgumentException(field + " is missing; write e.g. 30s, 500ms or 2m");
    }
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          field + " \"" + text + "\" is not a duration; write e.g. 30s, 500ms or 2m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  /** The steps due in {@code (from, to]}, in order. */
  public List<Step> due(Duration from, Duration to) {
    return steps.stream()
        .filter(s -> s.at().compareTo(from) > 0 && s.at().compareTo(to) <= 0)
        .toList();
  }

  /** The same scenario, with every time scaled by {@code factor} (quick runs). */
  public Scenario scaled(double factor) {
    List<Step> scaled = new ArrayList<>();
    for (Step s : steps) {
      Duration at = Duration.ofMillis(Math.round(s.at().toMillis() * factor));
      if (s instanceof LinkChange l) {
        scaled.add(new LinkChange(at, l.link(), l.rateMbit(), l.rateFactor(), l.delayMs()));
      } else if (s instanceof Contention c) {
        scaled.add(new Contention(at, c.tier(), c.processes()));
      } else if (s instanceof NodeLoss n) {
        scaled.add(new NodeLoss(at, n.node()));
      }
    }
    return new Scenario(
        name, description, Duration.ofMillis(Math.round(duration.toMillis() * factor)), scaled);
  }
}
