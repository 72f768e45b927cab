package dev.strata.testbed.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.models.BuiltinModels;
import dev.strata.testbed.bench.TestbedBench;
import dev.strata.testbed.cluster.EmulatedCluster;
import dev.strata.testbed.cluster.EmulatedNode;
import dev.strata.testbed.cluster.PackagedLayout;
import dev.strata.testbed.cluster.PodNetwork;
import dev.strata.testbed.link.LinkSpec;
import dev.strata.testbed.report.LatencySummary;
import dev.strata.testbed.report.Marker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end on the emulated cluster: the real operator places AlexNet over a fast edge-fog link
 * from an edge slowed to 0.1 CPU, so that the fog is worth the hop (AlexNet fits the default
 * 0.4-CPU, 512 MiB edge whole, where no link drop would touch it); the link drops; the operator
 * must move the placement without failing a request and the request stream must recover. About two
 * minutes; part of {@code make test}.
 */
class StepDropIT {

  @Test
  void linkDropMovesThePlacementWithoutFailingARequest() throws Exception {
    EmulatedCluster.Layout layout = PackagedLayout.inNewDir("step-drop-it");
    Path dir = layout.workDir();
    Map<String, LinkSpec> links = PodNetwork.defaultLinks();
    links.put("edge-fog", LinkSpec.mbit(200, 1)); // fast enough that the fog's CPU is worth the hop
    try (EmulatedCluster cluster =
        EmulatedCluster.start(layout, slowEdge(), links, List.of(), System.out::println)) {
      // The adaptive strategy exactly as make bench-testbed runs it.
      Path yaml =
          Files.writeString(
              dir.resolve("it.yaml"),
              TestbedBench.pipeline("it", "alexnet", TestbedBench.ADAPTIVE));
      cluster.apply(yaml);
      PipelineView placed =
          ScenarioRun.awaitReady(
              cluster, "default", "it", Duration.ofMinutes(4), System.out::println);
      System.out.println("placed: " + placed);
      Scenario drop =
          new Scenario(
              "it-step-drop",
              "edge-fog drops from 200 to 1 Mbit/s",
              Duration.ofSeconds(105),
              List.of(
                  new Scenario.LinkChange(
                      Duration.ofSeconds(15), "edge-fog", 1, Double.NaN, null)));
      ScenarioRun.Result result =
          ScenarioRun.run(
              cluster,
              drop,
              "default",
              "it",
              BuiltinModels.inputShape("alexnet"),
              Duration.ofMillis(500),
              System.out::println);
      assertTrue(result.samples().size() > 20, "requests sent: " + result.samples().size());
      assertEquals(0, result.failed(), "failed requests: " + result.samples());
      double dropAt = 15_000;
      assertTrue(
          result.markers().stream()
              .anyMatch(m -> m.kind() == Marker.Kind.REPLAN && m.atMillis() > dropAt),
          "no re-plan after the drop: " + result.markers());
      double end = result.samples().get(result.samples().size() - 1).startMillis();
      LatencySummary recovered = LatencySummary.of(result.samples(), end - 30_000, end + 1);
      assertTrue(
          recovered.requests() - recovered.failed() >= 10,
          "service did not recover after the re-plan: last 30 s " + recovered);
    }
  }

  private static List<EmulatedNode> slowEdge() {
    List<EmulatedNode> tiers = new ArrayList<>(EmulatedNode.defaultTiers());
    tiers.set(0, tiers.get(0).withCpus(0.1));
    return tiers;
  }
}
