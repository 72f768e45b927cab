package dev.strata.testbed.bench;

import dev.strata.core.placement.CloudOnlyPlanner;
import dev.strata.core.placement.EdgeOnlyPlanner;
import dev.strata.core.placement.ExactPlanner;
import dev.strata.core.placement.Objective;
import dev.strata.core.placement.Placement;
import dev.strata.core.placement.Plan;
import dev.strata.core.placement.Planner;
import dev.strata.core.placement.PlanningException;
import dev.strata.core.placement.PlanningProblem;
import dev.strata.core.placement.SegmentRange;
import dev.strata.core.placement.SingleCutPlanner;
import dev.strata.core.placement.StageAssignment;
import dev.strata.core.placement.StaticSplitPlanner;
import dev.strata.core.placement.Tier;
import dev.strata.core.placement.WeightedScoringPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code make bench-planner}: runs {@link PlannerBenchmark} with short JMH settings (one fork, a
 * couple of minutes on 2 cores), compares every strategy on the same inputs, writes
 * bench/results/planner.md and prints {@code BENCH planner small_us=<x> large_ms=<x>} last.
 */
public final class PlannerBench {

  private PlannerBench() {}

  public static void main(String[] args) throws RunnerException, IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/results/planner.md");
    Options options =
        new OptionsBuilder()
            .include(PlannerBenchmark.class.getName())
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.milliseconds(400))
            .measurementIterations(5)
            .measurementTime(TimeValue.milliseconds(400))
            .jvmArgsAppend("-Xmx1g")
            .build();
    Collection<RunResult> results = new Runner(options).run();

    Map<String, Double> smallUs = new TreeMap<>();
    Map<String, Double> scalingUs = new TreeMap<>();
    for (RunResult r : results) {
      String method = r.getParams().getBenchmark();
      double us = r.getPrimaryResult().getScore();
      if (method.endsWith(".small")) {
        smallUs.put(r.getParams().getParam("objective"), us);
      } else {
        scalingUs.put(
            key(
                Integer.parseInt(r.getParams().getParam("nodes")),
                Integer.parseInt(r.getParams().getParam("segments"))),
            us);
      }
    }
    double small = required(smallUs, "LATENCY");
    double largeMs = required(scalingUs, key(1000, 300)) / 1000;

    StringBuilder md = new StringBuilder();
    md.append("# Planner benchmark\n\n")
        .append("`make bench-planner` (JMH, 1 fork, 3x400 ms warm-up, 5x400 ms measurement, ")
        .append("average time per `ExactPlanner.plan` call; problem built beforehand). ")
        .append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append(
            ".\n\n## Real pipeline shape: VGG16, 40 segments, 3 nodes (Pi 4, laptop, desktop)\n\n")
        .append("| objective | time per plan (us) |\n|---|---:|\n");
    smallUs.forEach(
        (objective, us) -> md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", objective, us)));
    md.append("\n## Growth, latency objective, random clusters over 3 tiers\n\n")
        .append("| nodes \\ segments | 40 | 150 | 300 |\n|---:|---:|---:|---:|\n");
    for (int nodes : new int[] {10, 100, 1000}) {
      md.append("| ").append(nodes);
      for (int segments : new int[] {40, 150, 300}) {
        Double us = scalingUs.get(key(nodes, segments));
        md.append(us == null ? " | - " : String.format(Locale.ROOT, " | %.3f ms", us / 1000));
      }
      md.append(" |\n");
    }
    md.append(
            "\nThe additive search (AdditiveSearch) is O(nodes x segments) for the tables and the"
                + " stage step; the link step is O(segments x nodes_t x nodes_earlier) in the worst"
                + " case but scans earlier states in cost order and stops at exact lower bounds"
                + " (cheapest incoming link, best placement known so far plus the cheapest way to"
                + " run the remaining segments), so it grows roughly linearly in nodes and in"
                + " segments on these instances. The machine is shared (2 cores, other builds"
                + " running): JMH error bars are wide; compare orders of magnitude.\n")
        .append(strategyTable());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, md.toString());
    System.out.println(md);
    System.out.println("wrote " + out);
    System.out.printf(Locale.ROOT, "BENCH planner small_us=%.1f large_ms=%.2f%n", small, largeMs);
  }

  private static double required(Map<String, Double> scores, String key) {
    Double score = scores.get(key);
    if (score == null) {
      throw new IllegalStateException("benchmark " + key + " produced no result; see the JMH log");
    }
    return score;
  }

  private static String key(int nodes, int segments) {
    return nodes + "x" + segments;
  }

  /** Predicted figures of every strategy on the same VGG16 three-tier inputs, per objective. */
  static String strategyTable() {
    StringBuilder md = new StringBuilder();
    md.append(
            "\n## Strategies on the same inputs (VGG16, 40 segments, Pi 4 / laptop / desktop)\n\n")
        .append("Predicted per request; energy is MODELED (profiled CPU time x dynamic watts + ")
        .append("transfer time x 1.5 W). Static split: first 13 segments on the Pi, rest on the ")
        .append("laptop (a split fixed at start-up).\n\n")
        .append("| objective | strategy | placement | latency ms | throughput rps | energy J |\n")
        .append("|---|---|---|---:|---:|---:|\n");
    Placement fixed =
        Placement.of(
            new StageAssignment("rpi-1", new SegmentRange(0, 13)),
            new StageAssignment("laptop", new SegmentRange(13, 40)));
    List<Planner> planners =
        List.of(
            new ExactPlanner(),
            new WeightedScoringPlanner(),
            SingleCutPlanner.edgeToCloud(),
            new SingleCutPlanner(Tier.EDGE, Tier.FOG),
            new EdgeOnlyPlanner(),
            new CloudOnlyPlanner(),
            new StaticSplitPlanner(fixed));
    for (Objective objective : Objective.values()) {
      PlanningProblem problem = SyntheticProblems.vgg16ThreeTier(objective);
      for (Planner planner : planners) {
        try {
          Plan p = planner.plan(problem);
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | %.1f | %.2f | %.3f |%n",
                  objective,
                  planner.name(),
                  p.placement(),
                  p.predicted().latencyMs(),
                  p.predicted().throughputRps(),
                  p.predicted().energyJ()));
        } catch (PlanningException e) {
          md.append(
              String.format(
                  "| %s | %s | %s | - | - | - |%n", objective, planner.name(), e.reason().code()));
        }
      }
    }
    return md.toString();
  }
}
