package dev.strata.testbed;

import dev.strata.core.models.BuiltinModels;
import dev.strata.testbed.cluster.EmulatedCluster;
import dev.strata.testbed.cluster.EmulatedNode;
import dev.strata.testbed.cluster.PodNetwork;
import dev.strata.testbed.report.LatencyChart;
import dev.strata.testbed.report.LatencySummary;
import dev.strata.testbed.report.Marker;
import dev.strata.testbed.scenario.PipelineView;
import dev.strata.testbed.scenario.Scenario;
import dev.strata.testbed.scenario.ScenarioRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code make demo}: the real operator on an emulated three-tier cluster. Starts the cluster,
 * applies an example pipeline, waits for it to place itself, streams requests from the edge through
 * a scenario, and prints a table and writes a latency plot.
 *
 * <p>Arguments: {@code [--model vgg16] [--scenario PATH] [--quick] [--out DIR] [--port N]}.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    String model = "vgg16";
    Path root =
        Path.of(System.getProperty("strata.project.root", ".")).toAbsolutePath().normalize();
    Path scenarioFile = root.resolve("testbed/scenarios/first-hop-drop.yaml");
    Path out = root.resolve("out/demo");
    boolean quick = false;
    int port = 16443;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = args[++i];
        case "--scenario" -> scenarioFile = Path.of(args[++i]);
        case "--quick" -> quick = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--port" -> port = Integer.parseInt(args[++i]);
        default -> {
          System.err.println(
              "demo: unknown argument "
                  + args[i]
                  + "; use --model, --scenario, --quick, --out, --port");
          System.exit(2);
        }
      }
    }
    Scenario scenario = Scenario.load(scenarioFile);
    if (quick) {
      scenario = scenario.scaled(0.5);
    }
    PrintStream o = System.out;
    Path example = root.resolve("examples/" + model + ".yaml");
    o.printf(
        "== Strata demo: %s on an emulated edge/fog/cloud cluster, scenario %s%n",
        model, scenario.name());
    o.println("   " + scenario.description());
    EmulatedCluster cluster =
        EmulatedCluster.start(
            new EmulatedCluster.Layout(root, out, port),
            EmulatedNode.defaultTiers(),
            PodNetwork.defaultLinks(),
            // The default stage limit (2Gi) cannot hold VGG16 whole; the cloud node here can.
            List.of("-Dstrata.operator.stage-memory-limit=6Gi"),
            line -> o.println("   " + line));
    o.printf(
        "== cluster up: API %s; while it runs, try:%n   kubectl --kubeconfig %s get ip,pods -o wide%n",
        cluster.api().url(), out.resolve("kubeconfig"));
    o.println("== applying " + root.relativize(example) + " (like kubectl apply)");
    cluster.apply(example);
    String namespace = "default";
    // Resource names cannot hold '_': examples/mobilenet_v2.yaml names its pipeline mobilenet-v2.
    String name = model.replace('_', '-');
    PipelineView placed =
        ScenarioRun.awaitReady(
            cluster, namespace, name, Duration.ofMinutes(5), line -> o.println("   " + line));
    o.println("== placed: " + placed);
    o.printf("== streaming requests from the edge for %d s%n", scenario.duration().toSeconds());
    ScenarioRun.Result result =
        ScenarioRun.run(
            cluster,
            scenario,
            namespace,
            name,
            BuiltinModels.inputShape(model),
            Duration.ofSeconds(1),
            line -> o.println("   " + line));
    cluster.close();
    report(o, result, out, model);
  }

  static void report(PrintStream o, ScenarioRun.Result result, Path out, String model)
      throws Exception {
    List<Marker> markers = result.markers();
    double end =
        result.samples().isEmpty()
            ? 0
            : result.samples().get(result.samples().size() - 1).startMillis() + 1;
    List<double[]> windows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    double from = 0;
    String label = "start";
    for (Marker m : markers) {
      windows.add(new double[] {from, m.atMillis()});
      labels.add(label);
      from = m.atMillis();
      label = m.label();
    }
    windows.add(new double[] {from, end});
    labels.add(label);
    StringBuilder table = new StringBuilder();
    table.append("| from (s) | to (s) | since | requests | failed | p50 ms | p95 ms | req/s |\n");
    table.append("|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < windows.size(); i++) {
      LatencySummary s = LatencySummary.of(result.samples(), windows.get(i)[0], windows.get(i)[1]);
      table.append(
          String.format(
              Locale.ROOT,
              "| %.0f | %.0f | %s | %d | %d | %.0f | %.0f | %.2f |%n",
              windows.get(i)[0] / 1000,
              windows.get(i)[1] / 1000,
              labels.get(i),
              s.requests(),
              s.failed(),
              s.p50Millis(),
              s.p95Millis(),
              s.throughputRps()));
    }
    LatencySummary all = LatencySummary.of(result.samples(), 0, end);
    Path png = out.resolve("latency.png");
    LatencyChart.write(
        png,
        "Strata demo: " + model + ", scenario " + result.scenario().name(),
        result.samples(),
        markers);
    String md =
        "# Strata demo: "
            + model
            + ", scenario "
            + result.scenario().name()
            + "\n\n"
            + result.scenario().description()
            + "\n\n"
            + table
            + "\nWhole run: "
            + all
            + "; re-plans: "
            + result.replans()
            + "; final placement: "
            + result.last()
            + "\n";
    Files.writeString(out.resolve("report.md"), md);
    o.println("== results");
    o.print(table);
    o.println("whole run: " + all + "; re-plans: " + result.replans());
    o.println("final placement: " + result.last());
    o.println("plot: " + png + "   table: " + out.resolve("report.md"));
  }
}
