package dev.strata.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testbed.load.Sample;
import dev.strata.testbed.report.LatencySummary;
import dev.strata.testbed.report.Marker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestbedBenchTest {

  @Test
  void prometheusSeriesOfOneMetricAreSummed() {
    String text =
        """
        # HELP strata_operator_probe_bytes_total bytes
        strata_operator_probe_bytes_total{pipeline="a"} 1000.0
        strata_operator_probe_bytes_total{pipeline="b"} 24.0
        strata_operator_probe_bytes_totally_else 5.0
        """;
    assertEquals(1024.0, TestbedBench.sum(text, "strata_operator_probe_bytes_total"));
    assertTrue(Double.isNaN(TestbedBench.sum(text, "strata_operator_profiling_seconds_sum")));
  }

  @Test
  void reactionIsFromTheFirstEventToTheFirstReplanAfterIt() {
    List<Marker> markers =
        List.of(
            new Marker(1_000, Marker.Kind.REPLAN, "noise"),
            new Marker(10_000, Marker.Kind.EVENT, "drop"),
            new Marker(25_500, Marker.Kind.REPLAN, "move"));
    assertEquals(15.5, TestbedBench.reaction(markers));
    assertTrue(Double.isNaN(TestbedBench.reaction(List.of())));
  }

  @Test
  void theChangedWindowRunsFromTheFirstEventToTheLastOrToTheEnd() {
    List<Sample> samples =
        List.of(
            new Sample(0, 100, 200, 1),
            new Sample(10_000, 900, 200, 1),
            new Sample(12_000, 300, 200, 2),
            new Sample(20_000, 500, 0, 2),
            new Sample(30_000, 100, 200, 2));
    List<Marker> dropAndBack =
        List.of(
            new Marker(10_000, Marker.Kind.EVENT, "drop"),
            new Marker(11_000, Marker.Kind.REPLAN, "move"),
            new Marker(30_000, Marker.Kind.EVENT, "back"));
    LatencySummary down = TestbedBench.whileChanged(samples, dropAndBack, 40_000);
    assertEquals(3, down.requests());
    assertEquals(1, down.failed());
    assertEquals(600, down.meanMillis());

    List<Marker> loss = List.of(new Marker(20_000, Marker.Kind.EVENT, "lost"));
    assertEquals(2, TestbedBench.whileChanged(samples, loss, 40_000).requests());
    assertNull(TestbedBench.whileChanged(samples, List.of(), 40_000));
  }

  @Test
  void aFolderOutsideGitHasNoCommit(@TempDir Path dir) {
    assertEquals("unknown", TestbedBench.commitOf(dir));
  }

  @Test
  void benchLineComparesAdaptiveWithBestStaticPerScenario() {
    List<TestbedBench.Row> rows =
        List.of(
            // Paced means: the static split's slow answers held back more of the client's requests.
            // While the link was down: 540 against 900 ms.
            row("m", "step-drop", TestbedBench.BEST_STATIC, 400, 800, 900, 2.0, 0),
            row("m", "step-drop", TestbedBench.ADAPTIVE, 300, 400, 540, 1.0, 1),
            // A static run's failures count only in the last figure.
            row("steady", TestbedBench.BEST_STATIC, 100, 1.0, 3),
            row("steady", TestbedBench.ADAPTIVE, 110, 1.0, 0));
    assertEquals(
        "BENCH testbed step_drop_latency_ratio=0.750 worst_ratio=1.100 energy_ratio=0.500"
            + " failed_requests=1 step_drop_paced_ratio=0.500 step_drop_window_ratio=0.600"
            + " failed_requests_all_strategies=4",
        TestbedBench.benchLine(rows));
  }

  @Test
  void benchLineTakesTheLargestStepDropRatioOverModelsAndNamesEachModel() {
    List<TestbedBench.Row> rows =
        List.of(
            row("a", "step-drop", TestbedBench.BEST_STATIC, 400, 400, 400, 2.0, 0),
            row("a", "step-drop", TestbedBench.ADAPTIVE, 200, 200, 200, 1.0, 0),
            row("b", "step-drop", TestbedBench.BEST_STATIC, 100, 100, 100, 1.0, 0),
            row("b", "step-drop", TestbedBench.ADAPTIVE, 90, 90, 95, 1.5, 2));
    assertEquals(
        "BENCH testbed step_drop_latency_ratio=0.900 worst_ratio=0.900 energy_ratio=1.500"
            + " failed_requests=2 step_drop_latency_ratio_a=0.500 step_drop_latency_ratio_b=0.900"
            + " step_drop_paced_ratio=0.900 step_drop_window_ratio=0.950"
            + " failed_requests_all_strategies=2",
        TestbedBench.benchLine(rows));
  }

  @Test
  void withSeveralPairsEachCellComparesPooledMeansAndReportsTheHighestIntervalEnd() {
    List<TestbedBench.Row> rows =
        List.of(
            // Pair 1: adaptive 6% slower on steady; pair 2 (run in reverse order): 2% faster.
            row("m", "steady", TestbedBench.BEST_STATIC, 100, 100, 100, 1.0, 0, 1),
            row("m", "steady", TestbedBench.ADAPTIVE, 106, 106, 106, 1.0, 0, 1),
            row("m", "steady", TestbedBench.ADAPTIVE, 98, 98, 98, 1.0, 0, 2),
            row("m", "steady", TestbedBench.BEST_STATIC, 100, 100, 100, 1.0, 0, 2),
            // A second pair with no static run: left out of the ratio, not of the failures.
            row("m", "step-drop", TestbedBench.BEST_STATIC, 400, 400, 800, 2.0, 0, 1),
            row("m", "step-drop", TestbedBench.ADAPTIVE, 300, 300, 400, 1.0, 0, 1),
            row("m", "step-drop", TestbedBench.ADAPTIVE, 100, 100, 100, 1.0, 3, 2));
    PairedRatio steady = PairedRatio.of(List.of(106.0, 98.0), List.of(100.0, 100.0));

    assertEquals(1.02, steady.ratio(), 1e-12);
    assertEquals(
        String.format(
            java.util.Locale.ROOT,
            "BENCH testbed step_drop_latency_ratio=0.750 worst_ratio=1.020 energy_ratio=0.500"
                + " failed_requests=3 step_drop_paced_ratio=0.750 step_drop_window_ratio=0.500"
                + " worst_ratio_high95=%.3f failed_requests_all_strategies=3",
            steady.high95()),
        TestbedBench.benchLine(rows));
  }

  @Test
  void everyOtherPairRunsTheStrategiesInReverse() {
    List<TestbedBench.Strategy> both = List.of(TestbedBench.BEST_STATIC, TestbedBench.ADAPTIVE);

    assertEquals(both, TestbedBench.inPairOrder(both, 1));
    assertEquals(
        List.of(TestbedBench.ADAPTIVE, TestbedBench.BEST_STATIC),
        TestbedBench.inPairOrder(both, 2));
    assertEquals(both, TestbedBench.inPairOrder(both, 3));
  }

  private static TestbedBench.Row row(
      String scenario, TestbedBench.Strategy s, double meanMs, double energy, int failed) {
    return row("m", scenario, s, meanMs, meanMs, meanMs, energy, failed);
  }

  private static TestbedBench.Row row(
      String model,
      String scenario,
      TestbedBench.Strategy s,
      double meanMs,
      double pacedMs,
      double changedMs,
      double energy,
      int failed) {
    return row(model, scenario, s, meanMs, pacedMs, changedMs, energy, failed, 1);
  }

  private static TestbedBench.Row row(
      String model,
      String scenario,
      TestbedBench.Strategy s,
      double meanMs,
      double pacedMs,
      double changedMs,
      double energy,
      int failed,
      int pair) {
    return new TestbedBench.Row(
        model,
        scenario,
        s,
        new LatencySummary(10, failed, meanMs, meanMs, 1, meanMs),
        new LatencySummary(4, 0, changedMs, changedMs, 1, changedMs),
        pacedMs,
        energy,
        energy / 4,
        0,
        1,
        1,
        1.0,
        1,
        1,
        1,
        "p",
        null,
        "abc1234",
        pair);
  }
}
