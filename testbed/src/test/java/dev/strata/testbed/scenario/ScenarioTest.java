package dev.strata.testbed.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {
  @TempDir Path dir;

  private static Path scenarios() {
    return Path.of(System.getProperty("user.dir")).resolve("scenarios");
  }

  @Test
  void everyShippedScenarioLoads() throws Exception {
    try (var files = Files.list(scenarios())) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      assertEquals(6, all.size());
      for (Path f : all) {
        Scenario s = Scenario.load(f);
        assertTrue(s.duration().toSeconds() > 0, f.toString());
      }
    }
  }

  @Test
  void stepDropHasTheDropAndTheRecovery() throws Exception {
    Scenario s = Scenario.load(scenarios().resolve("step-drop.yaml"));
    assertEquals(2, s.steps().size());
    Scenario.LinkChange drop = (Scenario.LinkChange) s.steps().get(0);
    assertEquals(Duration.ofSeconds(50), drop.at());
    assertEquals(2.0, drop.rateMbit());
  }

  @Test
  void oscillationCyclesItsRates() throws Exception {
    Scenario s = Scenario.load(scenarios().resolve("oscillation.yaml"));
    List<Double> rates = s.steps().stream().map(x -> ((Scenario.LinkChange) x).rateMbit()).toList();
    assertEquals(List.of(2.0, 20.0, 2.0, 20.0), rates.subList(0, 4));
    assertEquals(Duration.ofSeconds(38), s.steps().get(1).at());
  }

  @Test
  void dueReturnsStepsInTheHalfOpenWindow() throws Exception {
    Scenario s = Scenario.load(scenarios().resolve("step-drop.yaml"));
    assertEquals(1, s.due(Duration.ofSeconds(49), Duration.ofSeconds(50)).size());
    assertEquals(0, s.due(Duration.ofSeconds(50), Duration.ofSeconds(60)).size());
  }

  @Test
  void scalingShortensEveryTime() throws Exception {
    Scenario s = Scenario.load(scenarios().resolve("step-drop.yaml")).scaled(0.5);
    assertEquals(Duration.ofSeconds(75), s.duration());
    assertEquals(Duration.ofSeconds(25), s.steps().get(0).at());
  }

  @Test
  void badDurationNamesTheFileAndField() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"), "name: x\ndescription: y\nduration: soon\nevents: []\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Scenario.load(bad));
    assertTrue(
        e.getMessage().startsWith("bad.yaml field duration \"soon\" is not a duration"),
        e.getMessage());
  }

  @Test
  void eventWithoutAnActionIsRefused() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "name: x\ndescription: y\nduration: 10s\nevents:\n  - {at: 1s}\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Scenario.load(bad));
    assertTrue(
        e.getMessage().contains("bad.yaml event 0: needs one of link, contention or loseNode"),
        e.getMessage());
  }

  @Test
  void theDemoDropsTheFirstHopToATenthAndRestoresIt() throws Exception {
    Scenario s = Scenario.load(scenarios().resolve("first-hop-drop.yaml"));
    Scenario.LinkChange drop = (Scenario.LinkChange) s.steps().get(0);
    Scenario.LinkChange back = (Scenario.LinkChange) s.steps().get(1);
    assertEquals(Scenario.FIRST_HOP, drop.link());
    assertTrue(Double.isNaN(drop.rateMbit()));
    assertEquals(0.1, drop.rateFactor());
    assertEquals(1.0, back.rateFactor());
    assertEquals("first-hop -> x0.1 of its start rate", drop.describe());
  }

  @Test
  void aLinkEventNeedsExactlyOneOfRateAndFactor() throws Exception {
    for (String event :
        List.of(
            "{at: 1s, link: edge-fog}", "{at: 1s, link: edge-fog, rateMbit: 2, rateFactor: 0.5}")) {
      Path bad =
          Files.writeString(
              dir.resolve("bad.yaml"),
              "name: x\ndescription: y\nduration: 10s\nevents:\n  - " + event + "\n");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Scenario.load(bad), event);
      assertTrue(e.getMessage().contains("either rateMbit"), e.getMessage());
    }
  }
}
