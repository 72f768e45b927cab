package dev.strata.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testbed.report.LatencySummary;
import java.nio.file.Files;
import java.nio.file.Path;
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
            99.5,
            0.454,
            2,
            22,
            3.0,
            5.196e7,
            139.9,
            4.1,
            "revision 3: edge@edge-1[0-14] -> fog@fog-1[15-18]",
            null,
            "052940f");
    store.save(new RunStore.StoredRun("2026-11-26T13:00:00Z", 150, row));

    Optional<RunStore.StoredRun> found =
        store.find("alexnet", "step-drop", 150, TestbedBench.ADAPTIVE);

    assertEquals(Optional.of(new RunStore.StoredRun("2026-11-26T13:00:00Z", 150, row)), found);
  }

  @Test
  void aRunThatCouldNotPlaceKeepsItsReasonAndItsMissingFigures() throws Exception {
    RunStore store = new RunStore(dir);
    TestbedBench.Strategy edgeOnly = TestbedBench.STRATEGIES.get(0);
    TestbedBench.Row row =
        TestbedBench.Row.notPlaced(
            "alexnet", "steady", edgeOnly, "range [0,19) needs 277920864 bytes", "052940f-dirty");
    store.save(new RunStore.StoredRun("2026-11-26T13:00:00Z", 90, row));

    TestbedBench.Row found = store.find("alexnet", "steady", 90, edgeOnly).orElseThrow().row();

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
            104,
            0.27,
            0,
            20,
            Double.NaN,
            2.3e7,
            38.2,
            4.0,
            "revision 1",
            null,
            "052940f");
    // A quick run: the scenario at half length.
    store.save(new RunStore.StoredRun("2026-11-26T13:00:00Z", 75, row));

    assertEquals(
        Optional.empty(), store.find("alexnet", "step-drop", 150, TestbedBench.BEST_STATIC));
    assertEquals(Optional.empty(), store.find("alexnet", "step-drop", 75, TestbedBench.ADAPTIVE));
  }

  @Test
  void aDamagedFileIsAnErrorThatNamesItAndTheWayOut() throws Exception {
    Path file = dir.resolve("alexnet-steady-90s-best-static.json");
    Files.writeString(file, "{\"finished\": \"2026-11-26T13:00:00Z\", \"row\": {");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new RunStore(dir).find("alexnet", "steady", 90, TestbedBench.BEST_STATIC));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("delete it to run again"), e.getMessage());
  }
}
