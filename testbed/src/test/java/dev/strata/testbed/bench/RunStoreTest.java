package dev.strata.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testbed.report.LatencySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
  @TempDir Path dir;

  @Test
  void aSavedRunIsFoundAgainWithEveryFigure() throws Exception {
    RunStore store = new RunStore(dir);
    TestbedBench.Row row =
        new TestbedBench.Row(
            "alexnet",
            "step-drop",
            TestbedBench.ADAPTIVE,
            new LatencySummary(301, 0, 77, 148, 2.01, 99.4),
            new LatencySummary(120, 0, 80, 150, 2.0, 101.2),
            99.5,
            0.454,
            0.061,
            2,
            22,
            3.0,
            0.31,
            5.196e7,
            139.9,
            4.1,
            "revision 3: edge@edge-1[0-14] -> fog@fog-1[15-18]",
            null,
            "052940f",
            1);
    store.save(new RunStore.StoredRun("2026-11-26T13:00:00Z", 150, row));

    Optional<RunStore.StoredRun> found =
        store.find("alexnet", "step-drop", 150, TestbedBench.ADAPTIVE, 1);

    assertEquals(Optional.of(new RunStore.StoredRun("2026-11-26T13:00:00Z", 150, row)), found);
  }

  @Test
  void aRunThatCouldNotPlaceKeepsItsReasonAndItsMissingFigures() throws Exception {
    RunStore store = new RunStore(dir);
    TestbedBench.Strategy edgeOnly = TestbedBench.STRATEGIES.get(0);
    TestbedBench.Row row =
        TestbedBench.Row.notPlaced(
            "alexnet",
            "steady",
            edgeOnly,
            "range [0,19) needs 277920864 bytes",
            "052940f-dirty",
            1);
    store.save(new RunStore.StoredRun("2026-11-26T13:00:00Z", 90, row));

    TestbedBench.Row found = store.find("alexnet", "steady", 90, edgeOnly, 1).orElseThrow().row();

    assertEquals(row, found);
    assertTrue(Double.isNaN(found.readySeconds()));
  }

  @Test
  void aRunOfAnotherScenarioLengthOrStrategyIsNotTaken() throws Exception {
    RunStore store = new RunStore(dir);
    TestbedBench.Row row =
        new TestbedBench.Row(
            "alexnet",
            "step-drop",
            TestbedBench.BEST_STATIC,
            new LatencySummary(150, 0, 70, 180, 2.0, 104),
            null,
            104,
            0.27,
            null,
            0,
            20,
            Double.NaN,
            Double.NaN,
            2.3e7,
            38.2,
            4.0,
            "revision 1",
            null,
            "052940f",
            1);
    // A quick run: the scenario at half length.
    store.save(new RunStore.StoredRun("2026-11-26T13:00:00Z", 75, row));

    assertEquals(
        Optional.empty(), store.find("alexnet", "step-drop", 150, TestbedBench.BEST_STATIC, 1));
    assertEquals(
        Optional.empty(), store.find("alexnet", "step-drop", 75, TestbedBench.ADAPTIVE, 1));
  }

  @Test
  void eachPairOfACellIsStoredApartAndTheFirstKeepsTheNameOfRunsBeforePairs() throws Exception {
    RunStore store = new RunStore(dir);
    for (int pair = 1; pair <= 2; pair++) {
      TestbedBench.Row row =
          TestbedBench.Row.notPlaced(
              "vgg16", "steady", TestbedBench.ADAPTIVE, "reason " + pair, "abc1234", pair);
      store.save(new RunStore.StoredRun("2026-11-27T08:00:00Z", 90, row));
    }

    assertEquals(
        "not placed: reason 2",
        store.find("vgg16", "steady", 90, TestbedBench.ADAPTIVE, 2).orElseThrow().row().error());
    assertEquals(
        "not placed: reason 1",
        store.find("vgg16", "steady", 90, TestbedBench.ADAPTIVE, 1).orElseThrow().row().error());
    assertTrue(Files.exists(dir.resolve("vgg16-steady-90s-strata-adaptive.json")));
    assertEquals(Optional.empty(), store.find("vgg16", "steady", 90, TestbedBench.ADAPTIVE, 3));
  }

  @Test
  void aRunSavedBeforeTheEdgeDeviceEnergyAndTheSwitchTimeHasNeitherAndTheTableSaysSo()
      throws Exception {
    Files.writeString(
        dir.resolve("alexnet-steady-90s-best-static.json"),
        """
        {"finished": "2026-11-26T19:56:39Z", "scenarioSeconds": 90,
         "row": {"model": "alexnet", "scenario": "steady",
                 "strategy": {"name": "best static", "specStrategy": "exact", "adaptive": false},
                 "all": {"requests": 181, "failed": 0, "p50Millis": 25.1, "p95Millis": 36.3,
                         "throughputRps": 2.01, "meanMillis": 26.9},
                 "pacedMeanMillis": 26.9, "energyJ": 0.058, "replans": 0,
                 "readySeconds": 18.9, "reactionSeconds": "NaN", "probeBytes": 1.0E7,
                 "probeSeconds": 7.2, "profilingSeconds": 2.8, "placement": "revision 1",
                 "error": null, "commit": "9c2d197"}}
        """);

    TestbedBench.Row row =
        new RunStore(dir)
            .find("alexnet", "steady", 90, TestbedBench.BEST_STATIC, 1)
            .orElseThrow()
            .row();

    assertEquals(0.058, row.energyJ());
    assertEquals(1, row.pair());
    assertNull(row.entryNodeEnergyJ());
    assertNull(row.switchSeconds());
    assertTrue(
        TestbedBench.table(List.of(row), "scope").contains("| 0.058 | - | 0 | NaN | - | 19 |"),
        TestbedBench.table(List.of(row), "scope"));
  }

  @Test
  void aDamagedFileIsAnErrorThatNamesItAndTheWayOut() throws Exception {
    Path file = dir.resolve("alexnet-steady-90s-best-static.json");
    Files.writeString(file, "{\"finished\": \"2026-11-26T13:00:00Z\", \"row\": {");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new RunStore(dir).find("alexnet", "steady", 90, TestbedBench.BEST_STATIC, 1));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("delete it to run again"), e.getMessage());
  }
}
