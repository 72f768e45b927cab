package dev.strata.operator.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.operator.testing.Pipelines;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageServicesTest {

  private final InferencePipeline cr = Pipelines.of("gate-camera", "edge", "cloud");

  @Test
  void headlessServicePublishesEveryStageAlsoBeforeItIsReady() {
    Service s = StageServices.headless(cr);
    assertEquals("gate-camera-stages", s.getMetadata().getName());
    assertEquals("None", s.getSpec().getClusterIP());
    assertTrue(s.getSpec().getPublishNotReadyAddresses());
    assertEquals(Map.of("strata.dev/pipeline", "gate-camera"), s.getSpec().getSelector());
    assertEquals(8080, s.getSpec().getPorts().get(0).getPort());
    assertEquals("http", s.getSpec().getPorts().get(0).getName());
  }

  @Test
  void entryServiceSelectsTheStagePodMarkedAsEntry() {
    Service s = StageServices.entry(cr);
    assertEquals("gate-camera", s.getMetadata().getName());
    assertEquals("true", s.getSpec().getSelector().get("strata.dev/entry"));
    assertEquals("gate-camera", s.getSpec().getSelector().get("strata.dev/pipeline"));
    assertEquals("uid-gate-camera", s.getMetadata().getOwnerReferences().get(0).getUid());
  }

  @Test
  void tokenSecretHoldsTheGivenToken() {
    assertEquals(
        "dDBrM24=",
        PipelineObjects.tokenSecret(cr, "t0k3n").getData().get(PipelineObjects.TOKEN_KEY));
  }
}
