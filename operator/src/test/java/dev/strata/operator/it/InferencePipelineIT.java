package dev.strata.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.StageStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against the fabric8 mock server (CRUD) with three labelled nodes and fake stages.
 */
@EnableKubernetesMockClient(crud = true)
class InferencePipelineIT {

  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final AtomicInteger NS = new AtomicInteger();
  private OperatorHarness cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = new OperatorHarness(client, "it-" + NS.incrementAndGet());
    cluster.startOperator();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private InferencePipeline createReady(String name) {
    cluster.create(OperatorHarness.pipeline(name, "edge", "fog", "cloud"));
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.isReady(name));
    return cluster.get(name);
  }

  private List<Pod> pods(String pipeline) {
    return client
        .pods()
        .inNamespace(cluster.namespace)
        .withLabel("strata.dev/pipeline", pipeline)
        .list()
        .getItems();
  }

  @Test
  void createdPipelineRunsStagesOnTheirNodesAndBecomesReadyWithAPlacement() {
    InferencePipeline cr = createReady("cam");

    assertNotNull(cr.getStatus().getPlacement());
    assertTrue(cr.getStatus().getPlacement().getRevision() >= 1);
    for (StageStatus stage : cr.getStatus().getPlacement().getStages()) {
      Pod pod = client.pods().inNamespace(cluster.namespace).withName(stage.getPod()).get();
      assertNotNull(pod, "pod of stage on " + stage.getNode());
      assertEquals(stage.getNode(), pod.getSpec().getNodeName());
      assertEquals(stage.getNode(), pod.getMetadata().getLabels().get("strata.dev/node"));
      FakeStage.Assignment committed = cluster.stages.committedOn(stage.getNode());
      assertEquals(cr.getStatus().getPlacement().getRevision(), committed.revision());
      assertEquals(stage.getFromSegment(), committed.from());
    }
    String first = cr.getStatus().getPlacement().getStages().get(0).getPod();
    assertEquals(
        "true",
        client
            .pods()
            .inNamespace(cluster.namespace)
            .withName(first)
            .get()
            .getMetadata()
            .getLabels()
            .get("strata.dev/entry"));
    assertNotNull(client.services().inNamespace(cluster.namespace).withName("cam").get());
    assertNotNull(client.services().inNamespace(cluster.namespace).withName("cam-stages").get());
    assertNotNull(
        client.secrets().inNamespace(cluster.namespace).withName("cam-stage-token").get());
    assertNotNull(
        client.configMaps().inNamespace(cluster.namespace).withName("cam-profiles").get());
    assertTrue(
        client.v1().events().inNamespace(cluster.namespace).list().getItems().stream()
            .anyMatch(e -> "PlacementChanged".equals(e.getReason())));
  }
}
