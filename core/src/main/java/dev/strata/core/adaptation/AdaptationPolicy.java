package dev.strata.core.adaptation;

import dev.strata.core.placement.CostModel;
import dev.strata.core.placement.LinkProfile;
import dev.strata.core.placement.Links;
import dev.strata.core.placement.NodeProfile;
import dev.strata.core.placement.Objective;
import dev.strata.core.placement.Plan;
import dev.strata.core.placement.Planner;
import dev.strata.core.placement.PlanningException;
import dev.strata.core.placement.PlanningProblem;
import dev.strata.core.placement.Prediction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * Decides, one control-loop tick at a time, whether a pipeline keeps its placement.
 *
 * <p>Each tick ({@link #evaluate}):
 *
 * <ol>
 *   <li>smooth: every node metric and link probe feeds a {@link SmoothedMetric};
 *   <li>a placement node that disappeared forces a re-plan and a move at once (no cooldown, no
 *       minimum gain: the placement cannot run);
 *   <li>drift: a metric has drifted when its smoothed value differs from the value the current
 *       placement was planned with by more than {@code driftThreshold} (relative). Nothing drifted:
 *       stay;
 *   <li>hysteresis: a drift is acted on only once it has settled (the last {@code settleSamples}
 *       raw samples agree within the threshold), and only when {@code cooldown} has passed since
 *       the last move. A network that oscillates faster than that never settles, so the policy
 *       stays put rather than chase it;
 *   <li>re-plan under the smoothed values (settled metrics jump to their new level) and compare
 *       with the current placement priced under the same values: move only when the relative gain
 *       minus {@code switchingCost} reaches {@code minGain}. Either way the new values become the
 *       baseline for drift, so one level shift leads to one re-plan.
 *   <li>oscillation: a metric that keeps settling at alternating levels, each with another best
 *       placement, flips slower than the hysteresis but faster than a move pays off; it is planned
 *       at its long-run value and its drifts are not acted on until it stops ({@link
 *       Oscillations}).
 * </ol>
 *
 * <p>Because a move needs a predicted gain of at least {@code minGain + switchingCost} under the
 * current values, each move is predicted to pay for its own switching cost, and moves are at least
 * {@code cooldown} apart. Mutable and not thread-safe: one instance per pipeline, driven by one
 * loop.
 */
public final class AdaptationPolicy {

  private final AdaptationSettings settings;
  private final Planner planner;
  private final PlanningProblem template;
  private final Clock clock;
  private final Map<Metric, SmoothedMetric> smoothed = new HashMap<>();
  // The last reading of each node's held sessions: a bound to plan beside, not a drift signal.
  private final Map<String, Long> heldBytes = new HashMap<>();
  private final Map<Metric, Double> plannedWith = new HashMap<>();
  private final Oscillations oscillations;
  private Set<String> candidates;
  private Plan current;
  private Instant lastMove;

  /**
   * Starts from a placement already applied.
   *
   * @param template the problem {@code current} was planned for: model, candidates with their
   *     profiles, links, objective and constraints. Node metrics and links in it are the first
   *     baseline; observations update them.
   * @param current the placement running now
   */
  public AdaptationPolicy(
      AdaptationSettings settings,
      Planner planner,
      PlanningProblem template,
      Plan current,
      Clock clock) {
    this(settings, planner, template, current, clock, new Oscillations());
  }

  /**
   * Starts from a placement already applied, with what earlier policies of the same pipeline saw
   * oscillate: a move replaces the policy, and an oscillation that is chased move by move would
   * otherwise never be seen.
   */
  public AdaptationPolicy(
      AdaptationSettings settings,
      Planner planner,
      PlanningProblem template,
      Plan current,
      Clock clock,
      Oscillations oscillations) {
    this.oscillations = oscillations;
    this.settings = settings;
    this.planner = planner;
    this.template = template;
    this.current = current;
    this.clock = clock;
    this.lastMove = clock.instant();
    this.candidates = template.nodes().stream().map(NodeProfile::name).collect(toOrderedSet());
    for (NodeProfile node : template.nodes()) {
      plannedWith.put(Metric.cpuShare(node.name()), node.cpuShare());
      plannedWith.put(Metric.freeMemory(node.name()), (double) node.freeMemoryBytes());
    }
    for (LinkProfile link : template.links().all()) {
      plannedWith.put(Metric.bandwidth(link.from(), link.to()), link.bandwidthMbps());
      plannedWith.put(Metric.rtt(link.from(), link.to()), link.rttMs());
    }
  }

  /** The placement the policy considers current (the last one it moved to, as last priced). */
  public Plan current() {
    return current;
  }

  /** Feeds one tick's observation and decides. */
  public Decision evaluate(Observation observation) {
    Instant now = clock.instant();
    smooth(observation);
    oscillations.release(now, this::latest, settings);
    Set<String> present =
        observation.nodes().stream()
            .map(NodeSample::node)
            .filter(n -> template.node(n).isPresent())
            .collect(toOrderedSet());
    List<String> gone =
        current.stages().stream().map(s -> s.node()).filter(n -> !present.contains(n)).toList();
    if (!gone.isEmpty()) {
      return forcedMove(present, now, "node " + String.join(", ", gone) + " disappeared");
    }
    List<Drift> drifts = drifts(present);
    String candidateChange = candidateChange(present);
    if (drifts.isEmpty() && candidateChange.isEmpty()) {
      return stay(List.of(), "no drift: " + largestChange(present) + oscillations.describeHolds());
    }
    List<Drift> settled = drifts.stream().filter(Drift::settled).toList();
    if (settled.isEmpty() && candidateChange.isEmpty()) {
      return stay(
          drifts,
          describe(drifts)
              + " past the "
              + percent(settings.driftThreshold())
              + " threshold but not settled (recent samples disagree); staying");
    }
    Duration sinceMove = Duration.between(lastMove, now);
    if (sinceMove.compareTo(settings.cooldown()) < 0) {
      return stay(
          drifts,
          trigger(settled, candidateChange)
              + "; cooldown "
              + settings.cooldown().toSeconds()
              + " s: "
              + settings.cooldown().minus(sinceMove).toSeconds()
              + " s left");
    }
    return replan(present, settled, candidateChange, now);
  }

  private void smooth(Observation observation) {
    for (NodeSample s : observation.nodes()) {
      feed(Metric.cpuShare(s.node()), Math.max(1 - s.cpuLoad(), NodeProfile.MIN_CPU_SHARE));
      feed(Metric.freeMemory(s.node()), s.freeMemoryBytes());
      heldBytes.put(s.node(), s.heldBytes());
    }
    for (LinkSample s : observation.links()) {
      feed(Metric.bandwidth(s.from(), s.to()), s.bandwidthMbps());
      feed(Metric.rtt(s.from(), s.to()), s.rttMs());
    }
  }

  private void feed(Metric metric, double sample) {
    SmoothedMetric m = smoothed.get(metric);
    if (m == null) {
      smoothed.put(
          metric, new SmoothedMetric(settings.smoothing(), settings.settleSamples(), sample));
    } else {
      m.observe(sample);
    }
  }

  // Metrics of present nodes and of links between them, past the threshold, largest first.
  private List<Drift> drifts(Set<String> present) {
    return changes(present).stream()
        .filter(d -> Math.abs(d.relativeChange()) > settings.driftThreshold())
        .toList();
  }

  // Every metric with a baseline and not held, against that baseline, largest relative change
  // first.
  private List<Drift> changes(Set<String> present) {
    List<Drift> out = new ArrayList<>();
    for (Map.Entry<Metric, SmoothedMetric> e : smoothed.entrySet()) {
      Metric metric = e.getKey();
      Double base = plannedWith.get(metric);
      if (base == null || !concerns(metric, present) || oscillations.holds(metric)) {
        continue;
      }
      double now = e.getValue().estimate();
      double change = (now - base) / metric.kind().scale(base);
      boolean settled = e.getValue().isSettled(base, settings.driftThreshold(), metric.kind());
      out.add(new Drift(metric, base, now, change, settled));
    }
    out.sort(
        Comparator.comparingDouble((Drift d) -> -Math.abs(d.relativeChange()))
            .thenComparing(d -> d.metric().subject())
            .thenComparing(d -> d.metric().kind()));
    return out;
  }

  private static boolean concerns(Metric metric, Set<String> present) {
    if (!metric.isLink()) {
      return present.contains(metric.subject());
    }
    String[] ends = metric.subject().split("->", 2);
    return present.contains(ends[0]) && present.contains(ends[1]);
  }

  private String candidateChange(Set<String> present) {
    if (present.equals(candidates)) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    present.stream().filter(n -> !candidates.contains(n)).forEach(n -> parts.add("+" + n));
    candidates.stream().filter(n -> !present.contains(n)).forEach(n -> parts.add("-" + n));
    return "candidates changed: " + String.join(", ", parts);
  }

  private Decision replan(
      Set<String> present, List<Drift> settled, String candidateChange, Instant now) {
    for (Drift d : settled) {
      smoothed.get(d.metric()).settleAtWindowMean();
    }
    // Recomputed so that reasons show the level settled metrics jumped to, not the lagging EWMA.
    List<Drift> drifts = drifts(present);
    List<Drift> settledNow = drifts.stream().filter(Drift::settled).toList();
    String trigger = trigger(settledNow, candidateChange);
    PlanningProblem problem = problemNow(present);
    Plan candidate = null;
    PlanningException failure = null;
    try {
      candidate = planner.plan(problem);
      String held = oscillations.record(settledNow, candidate.placement(), now, settings);
      if (!held.isEmpty()) {
        // Priced again with the metrics that oscillate at their long-run values.
        trigger += held;
        problem = problemNow(present);
        candidate = planner.plan(problem);
      }
    } catch (PlanningException e) {
      failure = e;
    }
    rebase(present);
    if (failure != null) {
      Optional<Plan> kept = repriced(problem);
      String why = " (" + failure.reason().code() + "): " + failure.detail();
      if (kept.isEmpty()) {
        return new Decision(
            Decision.Kind.UNPLACEABLE,
            current,
            trigger + "; neither the current placement nor any other fits" + why,
            drifts,
            0);
      }
      current = kept.get();
      return new Decision(
          Decision.Kind.KEEP, current, trigger + "; re-plan found nothing" + why, drifts, 0);
    }
    Optional<Plan> kept = repriced(problem);
    if (kept.isEmpty()) {
      // Any placement beats one that cannot run: report the gain as 100%.
      return move(candidate, drifts, 1, trigger + "; current placement no longer fits", now);
    }
    double gain = gain(problem, kept.get().predicted(), candidate.predicted());
    double net = gain - settings.switchingCost();
    if (net >= settings.minGain() && !candidate.placement().equals(kept.get().placement())) {
      return move(
          candidate,
          drifts,
          gain,
          String.format(
              Locale.ROOT,
              "%s; %s predicts %s better than %s (%s after switching cost %s >= minGain %s)",
              trigger,
              candidate.placement(),
              percent(gain),
              kept.get().placement(),
              percent(net),
              percent(settings.switchingCost()),
              percent(settings.minGain())),
          now);
    }
    current = kept.get();
    return new Decision(
        Decision.Kind.KEEP,
        current,
        String.format(
            Locale.ROOT,
            "%s; re-planned, keeping %s: best alternative gains %s (%s after switching cost) <"
                + " minGain %s",
            trigger,
            current.placement(),
            percent(gain),
            percent(net),
            percent(settings.minGain())),
        drifts,
        gain);
  }

  private Decision forcedMove(Set<String> present, Instant now, String trigger) {
    try {
      PlanningProblem problem = problemNow(present);
      rebase(present);
      ForcedMove forced = ForcedMove.plan(planner, problem);
      return move(
          forced.plan(), List.of(), 0, trigger + "; re-planned without it" + forced.note(), now);
    } catch (PlanningException e) {
      return new Decision(
          Decision.Kind.UNPLACEABLE,
          current,
          trigger
              + "; no placement fits the remaining nodes ("
              + e.reason().code()
              + "): "
              + e.detail(),
          List.of(),
          0);
    }
  }

  private Decision move(Plan next, List<Drift> drifts, double gain, String reason, Instant now) {
    current = next;
    lastMove = now;
    return new Decision(Decision.Kind.MOVE, next, reason, drifts, gain);
  }

  private Decision stay(List<Drift> drifts, String reason) {
    return new Decision(Decision.Kind.STAY, current, reason, drifts, 0);
  }

  private Optional<Plan> repriced(PlanningProblem problem) {
    try {
      return Optional.of(CostModel.evaluate(problem, current.placement(), current.strategy()));
    } catch (PlanningException e) {
      return Optional.empty();
    }
  }

  // Relative improvement of next over now in the problem's objective; for Objective#BALANCED the
  // weighted mean of the latency and energy ratios.
  private static double gain(PlanningProblem problem, Prediction now, Prediction next) {
    if (problem.objective() == Objective.BALANCED) {
      double w = problem.constraints().balancedLatencyWeight();
      return 1
          - (w * next.latencyMs() / now.latencyMs() + (1 - w) * next.energyJ() / now.energyJ());
    }
    double before = CostModel.score(problem.objective(), now);
    return (before - CostModel.score(problem.objective(), next)) / before;
  }

  // The template with present nodes only, their smoothed metrics, and smoothed links, as a change
  // from the current placement.
  private PlanningProblem problemNow(Set<String> present) {
    List<NodeProfile> nodes = new ArrayList<>();
    for (NodeProfile node : template.nodes()) {
      if (present.contains(node.name())) {
        Optional<Double> share = planningValue(Metric.cpuShare(node.name()));
        Optional<Double> free = planningValue(Metric.freeMemory(node.name()));
        NodeProfile updated = node.withHeldBytes(heldBytes.getOrDefault(node.name(), 0L));
        if (share.isPresent()) {
          updated = updated.withCpuLoad(Math.min(1, Math.max(0, 1 - share.get())));
        }
        if (free.isPresent()) {
          updated = updated.withFreeMemoryBytes(Math.max(0, Math.round(free.get())));
        }
        nodes.add(updated);
      }
    }
    List<String> names = nodes.stream().map(NodeProfile::name).toList();
    Links.Builder links = Links.builder(names);
    Map<String, double[]> measured = new LinkedHashMap<>();
    for (LinkProfile l : template.links().all()) {
      measured.put(l.from() + "->" + l.to(), new double[] {l.bandwidthMbps(), l.rttMs()});
    }
    for (Metric metric : smoothed.keySet()) {
      if (metric.isLink()) {
        double[] pair = measured.computeIfAbsent(metric.subject(), k -> new double[2]);
        pair[metric.kind() == Metric.Kind.BANDWIDTH ? 0 : 1] = planningValue(metric).orElseThrow();
      }
    }
    for (Map.Entry<String, double[]> e : measured.entrySet()) {
      String[] ends = e.getKey().split("->", 2);
      if (present.contains(ends[0]) && present.contains(ends[1]) && e.getValue()[0] > 0) {
        links.link(ends[0], ends[1], e.getValue()[0], Math.max(0, e.getValue()[1]));
      }
    }
    return new PlanningProblem(
            template.model(),
            nodes,
            links.build(),
            template.sourceNode(),
            template.objective(),
            template.constraints(),
            template.energyModel())
        .changingFrom(current.placement());
  }

  // The values just planned with become the reference for drift.
  private void rebase(Set<String> present) {
    for (Metric metric : smoothed.keySet()) {
      plannedWith.put(metric, planningValue(metric).orElseThrow());
    }
    candidates = new LinkedHashSet<>(present);
  }

  // What a plan uses for a metric: its held long-run value, else its smoothed estimate.
  private Optional<Double> planningValue(Metric metric) {
    return oscillations
        .heldValue(metric)
        .or(() -> Optional.ofNullable(smoothed.get(metric)).map(SmoothedMetric::estimate));
  }

  private OptionalDouble latest(Metric metric) {
    SmoothedMetric m = smoothed.get(metric);
    return m == null ? OptionalDouble.empty() : OptionalDouble.of(m.latest());
  }

  private String largestChange(Set<String> present) {
    List<Drift> changes = changes(present);
    return changes.isEmpty()
        ? "nothing observed yet"
        : "largest change "
            + changes.get(0).describe()
            + ", threshold "
            + percent(settings.driftThreshold());
  }

  private static String trigger(List<Drift> settled, String candidateChange) {
    if (settled.isEmpty()) {
      return candidateChange;
    }
    return candidateChange.isEmpty()
        ? describe(settled)
        : describe(settled) + "; " + candidateChange;
  }

  private static String describe(List<Drift> drifts) {
    String first = drifts.get(0).describe();
    return drifts.size() == 1 ? first : first + " and " + (drifts.size() - 1) + " more";
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  private static Collector<String, ?, Set<String>> toOrderedSet() {
    return Collectors.toCollection(LinkedHashSet::new);
  }
}
