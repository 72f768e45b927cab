package dev.strata.testbed.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineViewTest {
  private static PipelineView placed(String... tiers) {
    GenericKubernetesResource pipeline = new GenericKubernetesResource();
    List<Map<String, Object>> stages =
        List.of(tiers).stream()
            .map(t -> Map.<String, Object>of("tier", t, "node", t + "-1", "segments", "0-1"))
            .toList();
    pipeline.setAdditionalProperty(
        "status", Map.of("placement", Map.of("revision", 3, "stages", stages)));
    return PipelineView.of(pipeline);
  }

  @Test
  void firstHopLeadsFromTheSourceToTheFirstStageOffIt() {
    assertEquals(Optional.of("edge-cloud"), placed("cloud").firstHop("edge"));
    assertEquals(Optional.of("edge-fog"), placed("edge", "fog", "cloud").firstHop("edge"));
    assertEquals(Optional.of("edge-cloud"), placed("edge", "cloud").firstHop("edge"));
    assertEquals(Optional.empty(), placed("edge").firstHop("edge"));
  }
}
