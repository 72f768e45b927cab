package dev.strata.testbed.bench;

import dev.strata.core.models.BuiltinModels;
import dev.strata.testbed.cluster.EmulatedCluster;
import dev.strata.testbed.cluster.EmulatedNode;
import dev.strata.testbed.cluster.PodNetwork;
import dev.strata.testbed.load.Sample;
import dev.strata.testbed.report.LatencyChart;
import dev.strata.testbed.report.LatencySummary;
import dev.strata.testbed.report.Marker;
import dev.strata.testbed.scenario.ModeledEnergy;
import dev.strata.testbed.scenario.PipelineView;
import dev.strata.testbed.scenario.Scenario;
import dev.strata.testbed.scenario.ScenarioRun;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * {@code make bench-testbed}: every strategy through every scenario on the emulated cluster, one
 * fresh cluster per run, the real operator choosing (or, for the baselines, fixing) the placement.
 * Writes {@code testbed.md} and one latency plot per step-drop run ({@code
 * testbed-<model>-<scenario>-<strategy>.png}) under the results folder; the last line is {@code
 * BENCH testbed step_drop_latency_ratio=... worst_ratio=... energy_ratio=... failed_requests=...}
 * (adaptive over best static, mean latency of answered requests; energy is the planner's model, not
 * a measurement).
 *
 * <p>Arguments: {@code [--quick] [--resume | --stored] [--models a,b] [--scenarios a,b]
 * [--strategies a,b] [--pairs N] [--out DIR]} (strategies as {@code best-static}, {@code
 * strata-adaptive}, ...). {@code --pairs N} runs each model and scenario N times in a row and
 * compares adaptive with best static on the means over the pairs ({@link PairedRatio}). {@code
 * --quick}: VGG16, steady and step-drop at a third of their length, best static against adaptive:
 * the runs the BENCH line is made of, in a few minutes. Every finished run is also saved under
 * {@code DIR/runs/}; {@code --resume} takes the runs saved there instead of running them again, and
 * {@code --stored} runs nothing: it reports the saved runs of the selection and names the missing
 * ones (the whole matrix takes longer than one sitting).
 */
public final class TestbedBench {

  /** One way of placing the pipeline, as the operator's spec selects it. */
  public record Strategy(String name, String specStrategy, boolean adaptive) {
    /** The name in lower case with dashes, as {@code --strategies} takes it. */
    String specName() {
      return name.toLowerCase(Locale.ROOT).replace(' ', '-');
    }
  }

  static final List<Strategy> STRATEGIES =
      List.of(
          new Strategy("edge-only", "edge-only", false),
          new Strategy("cloud-only", "cloud-only", false),
          new Strategy("best static", "exact", false),
          new Strategy("Neurosurgeon", "single-cut", false),
          new Strategy("AMP4EC", "weighted-scoring", false),
          new Strategy("Strata adaptive", "exact", true));

  static final Strategy BEST_STATIC = STRATEGIES.get(2);
  public static final Strategy ADAPTIVE = STRATEGIES.get(5);

  /**
   * Quick runs' scenario length against the full one: step-drop's 60 s drop becomes 20 s, two to
   * five times the 4-8 s an adaptive re-plan has taken to react.
   */
  static final double QUICK_SCALE = 1.0 / 3;

  /** The client sends one request per this interval, or when the last one answered. */
  static final Duration PACE = Duration.ofMillis(500);

  /**
   * One run's figures; {@code error} set when the strategy could not place the pipeline.
   *
   * @param energyJ modeled energy per request, every node and transfer, J
   * @param entryNodeEnergyJ the part of it on the edge device requests enter on, J; null in runs
   *     saved before the status gave it
   * @param whileChanged the requests sent while the scenario's change was on ({@link
   *     #whileChanged}); null for a scenario without events and in runs saved before it was
   *     measured
   * @param switchSeconds mean time of the run's re-plans from the first prepare to the last commit
   *     (NaN without a re-plan); null in runs saved before the operator measured it
   * @param pair which pair of its cell the run belongs to, from 1 ({@code --pairs}); runs saved
   *     before pairs were counted are pair 1
   */
  record Row(
      String model,
      String scenario,
      Strategy strategy,
      LatencySummary all,
      LatencySummary whileChanged,
      double pacedMeanMillis,
      double energyJ,
      Double entryNodeEnergyJ,
      int replans,
      double readySeconds,
      double reactionSeconds,
      Double switchSeconds,
      double probeBytes,
      double probeSeconds,
      double profilingSeconds,
      String placement,
      String error,
      String commit,
      int pair) {

    Row {
      pair = Math.max(1, pair);
    }

    /** A run whose strategy could not place the model: no figures, only the reason. */
    static Row notPlaced(
        String model, String scenario, Strategy strategy, String why, String commit, int pair) {
      return new Row(
          model,
          scenario,
          strategy,
          null,
          null,
          Double.NaN,
          Double.NaN,
          null,
          0,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          "",
          "not placed: " + why,
          commit,
          pair);
    }
  }

  private TestbedBench() {}

  public static void main(String[] args) throws Exception {
    Path root =
        Path.of(System.getProperty("strata.project.root", ".")).toAbsolutePath().normalize();
    boolean quick = false;
    boolean resume = false;
    boolean storedOnly = false;
    int pairs = 1;
    List<String> allModels = List.of("vgg16", "alexnet", "mobilenet_v2");
    List<String> allScenarios =
        List.of("steady", "step-drop", "cpu-contention", "oscillation", "node-loss");
    List<String> models = allModels;
    List<String> scenarios = allScenarios;
    Path out = root.resolve("bench/results");
    Optional<List<String>> only = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--resume" -> resume = true;
        case "--stored" -> storedOnly = true;
        case "--models" -> models = List.of(args[++i].split(","));
        case "--scenarios" -> scenarios = List.of(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--strategies" -> only = Optional.of(List.of(args[++i].split(",")));
        case "--pairs" -> pairs = pairsArgument(args[++i]);
        default -> {
          System.err.println(
              "bench-testbed: unknown argument "
                  + args[i]
                  + "; use --quick, --resume, --stored, --models a,b, --scenarios a,b,"
                  + " --strategies a,b, --pairs N, --out DIR");
          System.exit(2);
        }
      }
    }
    if (quick) {
      // VGG16: the one model that is split on the emulated cluster. AlexNet and MobileNetV2 run
      // whole on the edge in every strategy that can hold them, so no link drop touches them.
      models = List.of("vgg16");
      scenarios = List.of("steady", "step-drop");
    }
    PrintStream o = System.out;
    Path work = root.resolve("out/bench-testbed");
    RunStore store = new RunStore(out.resolve("runs"));
    String commit = commitOf(root);
    List<Row> rows = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    int kept = 0;
    for (String model : models) {
      for (String name : scenarios) {
        Scenario scenario = Scenario.load(root.resolve("testbed/scenarios/" + name + ".yaml"));
        if (quick) {
          scenario = scenario.scaled(QUICK_SCALE);
        }
        long seconds = scenario.duration().toSeconds();
        for (int pair = 1; pair <= pairs; pair++) {
          for (Strategy strategy : inPairOrder(strategiesFor(quick, only), pair)) {
            o.printf(
                Locale.ROOT,
                "== %s, %s (%d s), %s%s%n",
                model,
                scenario.name(),
                seconds,
                strategy.name(),
                pairs > 1 ? ", pair " + pair : "");
            Optional<RunStore.StoredRun> stored =
                resume || storedOnly
                    ? store.find(model, scenario.name(), seconds, strategy, pair)
                    : Optional.empty();
            if (stored.isEmpty() && storedOnly) {
              o.println("   -> not stored");
              missing.add(
                  model
                      + " "
                      + scenario.name()
                      + " "
                      + strategy.name()
                      + (pair > 1 ? " pair " + pair : ""));
              continue;
            }
            if (stored.isPresent()) {
              Row row = stored.get().row();
              o.printf(
                  "   -> kept from %s at %s: %s%n",
                  stored.get().finished(), row.commit(), describe(row));
              rows.add(row);
              kept++;
              continue;
            }
            Row row =
                run(
                    root,
                    work,
                    out,
                    model,
                    scenario,
                    strategy,
                    pair,
                    commit,
                    line -> o.println("   " + line));
            store.save(new RunStore.StoredRun(Instant.now().toString(), seconds, row));
            o.println("   -> " + describe(row));
            rows.add(row);
          }
        }
      }
    }
    Files.createDirectories(out);
    String scope;
    if (quick) {
      scope =
          "Quick run (`make bench-testbed-quick`): VGG16, steady and step-drop at a third of their"
              + " length, best static against adaptive.";
    } else if (models.equals(allModels) && scenarios.equals(allScenarios) && only.isEmpty()) {
      scope = "Full run (`make bench-testbed`).";
    } else {
      scope =
          "Partial run: models "
              + String.join(", ", models)
              + "; scenarios "
              + String.join(", ", scenarios)
              + "; strategies "
              + only.map(l -> String.join(", ", l)).orElse("all")
              + " (`make bench-testbed` runs every one).";
    }
    if (!missing.isEmpty()) {
      scope +=
          " Not run yet ("
              + missing.size()
              + "; `make bench-testbed TESTBED_ARGS=--resume` runs them): "
              + String.join(", ", missing)
              + ".";
    }
    if (pairs > 1) {
      scope +=
          " "
              + pairs
              + " pairs per cell, each run back to back, the strategies in reverse order every"
              + " other pair; the rows are in run order.";
    }
    if (kept > 0) {
      scope +=
          " "
              + kept
              + " of the "
              + rows.size()
              + " runs were kept from earlier invocations (`--resume`); the commit column says"
              + " which code each row measured.";
    }
    String table = table(rows, scope);
    Files.writeString(out.resolve("testbed.md"), table);
    o.print(table);
    o.println(benchLine(rows));
  }

  private static int pairsArgument(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    System.err.println("bench-testbed: --pairs takes a whole number from 1, got " + value);
    System.exit(2);
    return 0;
  }

  /**
   * The strategies of pair {@code pair}: as listed in odd pairs, reversed in even ones, so that
   * over two pairs neither strategy of a comparison always runs first (after the other's cluster
   * has just been torn down, on a machine that warmed up or cooled down meanwhile).
   */
  static List<Strategy> inPairOrder(List<Strategy> strategies, int pair) {
    if (pair % 2 == 1) {
      return strategies;
    }
    List<Strategy> reversed = new ArrayList<>(strategies);
    Collections.reverse(reversed);
    return reversed;
  }

  private static List<Strategy> strategiesFor(boolean quick, Optional<List<String>> only) {
    List<Strategy> all = quick ? List.of(BEST_STATIC, ADAPTIVE) : STRATEGIES;
    return all.stream().filter(s -> only.map(o -> o.contains(s.specName())).orElse(true)).toList();
  }

  private static Row run(
      Path root,
      Path work,
      Path out,
      String model,
      Scenario scenario,
      Strategy strategy,
      int pair,
      String commit,
      Consumer<String> log)
      throws Exception {
    String id =
        model
            + "-"
            + scenario.name()
            + "-"
            + strategy.specName()
            + (pair > 1 ? "-pair" + pair : "");
    Path dir = work.resolve(id);
    deleteTree(dir);
    Files.createDirectories(dir);
    String name = model.replace('_', '-');
    try (EmulatedCluster cluster =
        EmulatedCluster.start(
            new EmulatedCluster.Layout(root, dir, freePort()),
            EmulatedNode.defaultTiers(),
            PodNetwork.defaultLinks(),
            // The default stage limit (2Gi) cannot hold VGG16 whole; the cloud node here can.
            List.of("-Dstrata.operator.stage-memory-limit=6Gi"),
            line -> {})) {
      Path yaml = Files.writeString(dir.resolve("pipeline.yaml"), pipeline(name, model, strategy));
      long start = System.nanoTime();
      cluster.apply(yaml);
      PipelineView placed;
      try {
        placed =
            ScenarioRun.awaitReady(cluster, "default", name, Duration.ofMinutes(4), line -> {});
      } catch (IllegalStateException e) {
        return failed(model, scenario, strategy, pair, cluster, name, commit, e);
      }
      double ready = (System.nanoTime() - start) / 1e9;
      log.accept("placed in " + Math.round(ready) + " s: " + placed);
      ScenarioRun.Result result =
          ScenarioRun.run(
              cluster, scenario, "default", name, BuiltinModels.inputShape(model), PACE, log);
      String metrics = cluster.operator().metrics();
      if (scenario.name().startsWith("step-drop")) {
        Files.createDirectories(out);
        LatencyChart.write(
            out.resolve("testbed-" + dir.getFileName() + ".png"),
            model + ", " + scenario.name() + ", " + strategy.name(),
            result.samples(),
            result.markers());
      }
      double end =
          result.samples().isEmpty()
              ? 0
              : result.samples().get(result.samples().size() - 1).startMillis() + 1;
      ModeledEnergy energy = result.meanEnergy();
      return new Row(
          model,
          scenario.name(),
          strategy,
          LatencySummary.of(result.samples(), 0, end),
          whileChanged(result.samples(), result.markers(), end),
          LatencySummary.paceCorrectedMean(result.samples(), PACE.toMillis()),
          energy.totalJ(),
          energy.entryNodeJ(),
          result.replans(),
          ready,
          reaction(result.markers()),
          sum(metrics, "strata_operator_switch_seconds_sum")
              / sum(metrics, "strata_operator_switch_seconds_count"),
          sum(metrics, "strata_operator_probe_bytes_total"),
          sum(metrics, "strata_operator_probe_seconds_sum"),
          sum(metrics, "strata_operator_profiling_seconds_sum"),
          result.last().toString(),
          null,
          commit,
          pair);
    }
  }

  private static Row failed(
      String model,
      Scenario scenario,
      Strategy strategy,
      int pair,
      EmulatedCluster cluster,
      String name,
      String commit,
      IllegalStateException e) {
    String why =
        cluster
            .pipeline("default", name)
            .map(PipelineView::problem)
            .filter(m -> !m.isBlank())
            .orElse(e.getMessage());
    return Row.notPlaced(model, scenario.name(), strategy, why, commit, pair);
  }

  /** The InferencePipeline YAML of one run, in namespace default. */
  public static String pipeline(String name, String model, Strategy strategy) {
    return """
        apiVersion: strata.dev/v1alpha1
        kind: InferencePipeline
        metadata: {name: %s, namespace: default}
        spec:
          model: {uri: "builtin:%s?seed=7"}
          tiers:
            - {name: edge, nodeSelector: {strata.dev/tier: edge}}
            - {name: fog, nodeSelector: {strata.dev/tier: fog}}
            - {name: cloud, nodeSelector: {strata.dev/tier: cloud}}
          objective: latency
          strategy: %s
          adaptation: {enabled: %s, probeInterval: 2s, driftThreshold: 0.2, minGain: 0.05, cooldown: 10s}
          runtime: {wirePrecision: fp32, maxQueue: 16}
        """
        .formatted(name, model, strategy.specStrategy(), strategy.adaptive());
  }

  /**
   * The requests sent from the scenario's first event to its last: on step-drop, from the drop to
   * the recovery, so the reaction and the switch count in it. With one event (node loss), from it
   * to {@code endMillis}. Null without events.
   */
  static LatencySummary whileChanged(List<Sample> samples, List<Marker> markers, double endMillis) {
    double[] events =
        markers.stream()
            .filter(m -> m.kind() == Marker.Kind.EVENT)
            .mapToDouble(Marker::atMillis)
            .toArray();
    if (events.length == 0) {
      return null;
    }
    double from = events[0];
    double to = events[events.length - 1] > from ? events[events.length - 1] : endMillis;
    return LatencySummary.of(samples, from, to);
  }

  /** Seconds from the first scenario event to the first re-plan after it; NaN when none. */
  static double reaction(List<Marker> markers) {
    Optional<Marker> event =
        markers.stream().filter(m -> m.kind() == Marker.Kind.EVENT).findFirst();
    if (event.isEmpty()) {
      return Double.NaN;
    }
    return markers.stream()
        .filter(m -> m.kind() == Marker.Kind.REPLAN && m.atMillis() > event.get().atMillis())
        .findFirst()
        .map(m -> (m.atMillis() - event.get().atMillis()) / 1000)
        .orElse(Double.NaN);
  }

  /** Sum of every series of {@code metric} in Prometheus text; NaN when absent. */
  static double sum(String prometheus, String metric) {
    double total = 0;
    boolean seen = false;
    for (String line : prometheus.split("\n")) {
      if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        seen = true;
      }
    }
    return seen ? total : Double.NaN;
  }

  static String table(List<Row> rows, String scope) {
    StringBuilder t = new StringBuilder("# Strategies x scenarios on the emulated cluster\n\n");
    t.append(scope).append("\n\n");
    long pace = PACE.toMillis();
    t.append(
        "Closed-loop client at the edge, one request every "
            + pace
            + " ms (or when the last answered); latency of answered requests. Energy is the"
            + " planner's model per request (J), not a measurement: total over every node and"
            + " transfer, and the edge device's part (its compute and its end of the transfers"
            + " to and from it; - in runs saved before the operator reported it). Paced mean:"
            + " the mean with each slow answer also counted for the requests the client did not send while waiting"
            + " for it (coordinated omission correction at the "
            + pace
            + " ms pace). While changed: the mean of the requests sent from the scenario's first"
            + " event to its last (on step-drop, from the drop to the recovery, reaction and switch"
            + " included), or to the end when it has one event; - in steady runs and runs saved"
            + " before it. Reaction: seconds from the scenario's first event to the first"
            + " re-plan. Switch: mean seconds of a re-plan from the first prepare to the last"
            + " commit (operator metric; - in runs saved before it). Ready: seconds from apply to"
            + " Ready (profiling, probes, placement)."
            + " Probe MB, probe s (the time the operator waited on link probes, summed over"
            + " links) and profiling s are the operator's own metrics.\n\n");
    t.append(
        "| model | scenario | strategy | requests | failed | mean ms | paced mean ms |"
            + " while changed ms | p50 ms |"
            + " p95 ms | req/s |"
            + " energy J (modeled) | edge device J (modeled) | re-plans | reaction s | switch s |"
            + " ready s |"
            + " profiling s | probe MB |"
            + " probe s | commit | final placement |\n");
    t.append(
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      if (r.error() != null) {
        t.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s |%n",
                r.model(),
                r.scenario(),
                strategyCell(r),
                r.error(),
                r.commit()));
        continue;
      }
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %d | %.0f | %.0f | %s | %.0f | %.0f | %.2f | %.3f | %s | %d |"
                  + " %.1f | %s |"
                  + " %.0f |"
                  + " %.1f | %.2f | %.1f | %s | %s |%n",
              r.model(),
              r.scenario(),
              strategyCell(r),
              r.all().requests(),
              r.all().failed(),
              r.all().meanMillis(),
              r.pacedMeanMillis(),
              r.whileChanged() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", r.whileChanged().meanMillis()),
              r.all().p50Millis(),
              r.all().p95Millis(),
              r.all().throughputRps(),
              r.energyJ(),
              r.entryNodeEnergyJ() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.3f", r.entryNodeEnergyJ()),
              r.replans(),
              r.reactionSeconds(),
              r.switchSeconds() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", r.switchSeconds()),
              r.readySeconds(),
              r.profilingSeconds(),
              r.probeBytes() / 1e6,
              r.probeSeconds(),
              r.commit(),
              r.placement().replace("|", "/")));
    }
    Map<String, List<Row[]>> cells = pairs(rows);
    if (cells.values().stream().anyMatch(p -> p.size() > 1)) {
      t.append(
          "\n## Pairs\n\nAdaptive over best static per cell: the ratio of the mean latencies over"
              + " every pair, each pair's own, and a 95% interval from the pairs' log ratios"
              + " (Student t).\n\n");
      t.append("| model | scenario | pairs | ratio | single pairs | 95% interval |\n");
      t.append("|---|---|---|---|---|---|\n");
      cells.forEach(
          (cell, pairs) -> {
            PairedRatio r = paired(pairs, row -> row.all().meanMillis());
            t.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %.3f | %s | %s |%n",
                    pairs.get(0)[0].model(),
                    pairs.get(0)[0].scenario(),
                    r.pairs(),
                    r.ratio(),
                    String.join(
                        ", ",
                        pairs.stream()
                            .map(
                                p ->
                                    String.format(
                                        Locale.ROOT,
                                        "%.3f",
                                        p[0].all().meanMillis() / p[1].all().meanMillis()))
                            .toList()),
                    r.pairs() > 1
                        ? String.format(Locale.ROOT, "%.3f-%.3f", r.low95(), r.high95())
                        : "-"));
          });
    }
    return t.toString();
  }

  private static String strategyCell(Row r) {
    return r.strategy().name() + (r.pair() > 1 ? " (pair " + r.pair() + ")" : "");
  }

  /**
   * Adaptive over best static, each cell (model and scenario) over its pairs ({@link PairedRatio}):
   * mean latency on step-drop (the largest over the models run, then each model's own), the worst
   * such ratio over every scenario run, modeled energy on step-drop (the largest over the models),
   * the adaptive runs' failed requests, the step-drop ratio of the paced means (largest over the
   * models), the step-drop ratio of the means while the link was down (largest over the models;
   * left out when no pair has it), the largest upper end of a cell's 95% interval (only when a cell
   * has two pairs or more), and last the failed requests of every run, whatever its strategy.
   */
  static String benchLine(List<Row> rows) {
    Map<String, PairedRatio> ratios = new LinkedHashMap<>();
    Map<String, Double> stepDrop = new LinkedHashMap<>();
    Map<String, Double> pacedStepDrop = new LinkedHashMap<>();
    Map<String, Double> whileDown = new LinkedHashMap<>();
    Map<String, Double> energy = new LinkedHashMap<>();
    long failed =
        rows.stream()
            .filter(r -> r.strategy().equals(ADAPTIVE) && r.all() != null)
            .mapToLong(r -> r.all().failed())
            .sum();
    pairs(rows)
        .forEach(
            (cell, pairs) -> {
              PairedRatio ratio = paired(pairs, r -> r.all().meanMillis());
              ratios.put(cell, ratio);
              Row first = pairs.get(0)[0];
              if (first.scenario().startsWith("step-drop")) {
                stepDrop.put(first.model(), ratio.ratio());
                pacedStepDrop.put(first.model(), paired(pairs, Row::pacedMeanMillis).ratio());
                energy.put(first.model(), paired(pairs, Row::energyJ).ratio());
                List<Row[]> changed =
                    pairs.stream()
                        .filter(p -> p[0].whileChanged() != null && p[1].whileChanged() != null)
                        .toList();
                if (!changed.isEmpty()) {
                  whileDown.put(
                      first.model(), paired(changed, r -> r.whileChanged().meanMillis()).ratio());
                }
              }
            });
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "BENCH testbed step_drop_latency_ratio=%.3f worst_ratio=%.3f energy_ratio=%.3f"
                    + " failed_requests=%d",
                largest(stepDrop.values()),
                largest(ratios.values().stream().map(PairedRatio::ratio).toList()),
                largest(energy.values()),
                failed));
    if (stepDrop.size() > 1) {
      stepDrop.forEach(
          (model, ratio) ->
              line.append(
                  String.format(Locale.ROOT, " step_drop_latency_ratio_%s=%.3f", model, ratio)));
    }
    line.append(
        String.format(Locale.ROOT, " step_drop_paced_ratio=%.3f", largest(pacedStepDrop.values())));
    if (!whileDown.isEmpty()) {
      line.append(
          String.format(Locale.ROOT, " step_drop_window_ratio=%.3f", largest(whileDown.values())));
    }
    List<Double> high95 =
        ratios.values().stream().filter(r -> r.pairs() > 1).map(PairedRatio::high95).toList();
    if (!high95.isEmpty()) {
      line.append(String.format(Locale.ROOT, " worst_ratio_high95=%.3f", largest(high95)));
    }
    long failedAll =
        rows.stream().filter(r -> r.all() != null).mapToLong(r -> r.all().failed()).sum();
    line.append(String.format(Locale.ROOT, " failed_requests_all_strategies=%d", failedAll));
    return line.toString();
  }

  /**
   * The placed adaptive and best static runs of each cell ("model/scenario", in the order the cells
   * first appear), matched by pair: {adaptive, static}. A pair that misses either run, or whose
   * strategy could not place, is left out.
   */
  static Map<String, List<Row[]>> pairs(List<Row> rows) {
    Map<String, List<Row[]>> cells = new LinkedHashMap<>();
    for (Row adaptive : rows) {
      if (!adaptive.strategy().equals(ADAPTIVE) || adaptive.error() != null) {
        continue;
      }
      rows.stream()
          .filter(
              r ->
                  r.strategy().equals(BEST_STATIC)
                      && r.model().equals(adaptive.model())
                      && r.scenario().equals(adaptive.scenario())
                      && r.pair() == adaptive.pair()
                      && r.error() == null)
          .findFirst()
          .ifPresent(
              fixed ->
                  cells
                      .computeIfAbsent(
                          adaptive.model() + "/" + adaptive.scenario(), k -> new ArrayList<>())
                      .add(new Row[] {adaptive, fixed}));
    }
    return cells;
  }

  private static PairedRatio paired(List<Row[]> pairs, ToDoubleFunction<Row> figure) {
    return PairedRatio.of(
        pairs.stream().map(p -> figure.applyAsDouble(p[0])).toList(),
        pairs.stream().map(p -> figure.applyAsDouble(p[1])).toList());
  }

  private static double largest(Collection<Double> values) {
    return values.stream().max(Comparator.naturalOrder()).orElse(Double.NaN);
  }

  private static String describe(Row r) {
    return r.error() != null
        ? r.error()
        : r.all()
            + String.format(
                Locale.ROOT,
                ", mean %.0f ms, energy %.3f J (modeled), %d re-plans",
                r.all().meanMillis(),
                r.energyJ(),
                r.replans());
  }

  /**
   * The checked-out commit, marked {@code -dirty} when tracked files outside bench/results (where
   * the bench writes) differ from it; "unknown" without git.
   */
  static String commitOf(Path root) {
    String head = git(root, "rev-parse", "--short", "HEAD");
    if (head.isEmpty()) {
      return "unknown";
    }
    String changed =
        git(root, "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results");
    return changed.isEmpty() ? head : head + "-dirty";
  }

  /** A git command's output in {@code root}; empty when it fails or git is missing. */
  private static String git(Path root, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
    command.addAll(List.of(args));
    try {
      Process git =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
