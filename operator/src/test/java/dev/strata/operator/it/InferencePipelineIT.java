package dev.strata.operator.it;

import static dev.strata.operator.it.OperatorHarness.CLOUD;
import static dev.strata.operator.it.OperatorHarness.EDGE;
import static dev.strata.operator.it.OperatorHarness.FOG;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.ModelSource;
import dev.strata.api.v1alpha1.PlacementStatus;
import dev.strata.api.v1alpha1.PlacementStrategy;
import dev.strata.api.v1alpha1.PredictedFigures;
import dev.strata.api.v1alpha1.StageStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator against the fabric8 mock server (CRUD) with three labelled nodes and fake stages.
 */
@EnableKubernetesMockClient(crud = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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

  private void awaitAdapting(String name, String reason, Duration within) {
    await()
        .atMost(within)
        .until(
            () ->
                cluster
                    .condition(name, "Adapting")
                    .map(c -> reason.equals(c.getReason()))
                    .orElse(false));
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
    assertEquals(
        "true",
        entryLabel("cam-" + cr.getStatus().getPlacement().getEntryNode()),
        "the entry Service must select the entry node's stage");
    assertNotNull(client.services().inNamespace(cluster.namespace).withName("cam").get());
    assertNotNull(client.services().inNamespace(cluster.namespace).withName("cam-stages").get());
    var secret = client.secrets().inNamespace(cluster.namespace).withName("cam-stage-token").get();
    String token = new String(java.util.Base64.getDecoder().decode(secret.getData().get("token")));
    assertTrue(token.matches("[0-9a-f]{64}"), token);
    assertTrue(cluster.stages.tokens.stream().allMatch(token::equals), "a stage got another token");
    assertNotNull(
        client.configMaps().inNamespace(cluster.namespace).withName("cam-profiles").get());
    assertTrue(
        client.v1().events().inNamespace(cluster.namespace).list().getItems().stream()
            .anyMatch(e -> "PlacementChanged".equals(e.getReason())));
  }

  @Test
  void requestsEnterOnTheSourceNodeWhoseStageRelaysThemToAFirstStageElsewhere() {
    InferencePipeline cr = createReady("relay");

    PlacementStatus placement = cr.getStatus().getPlacement();
    StageStatus first = placement.getStages().get(0);
    // The harness's edge node is ten times slower than the cloud and the links are fast.
    assertNotEquals(EDGE, first.getNode(), "expected the model placed off the slow edge node");
    assertEquals(EDGE, placement.getEntryNode());
    FakeStage.Assignment relay = cluster.stages.committedOn(EDGE);
    assertEquals(placement.getRevision(), relay.revision());
    assertEquals(0, relay.from());
    assertEquals(0, relay.to());
    assertTrue(
        relay.next().contains(first.getPod()),
        "the relay forwards to the first stage, got " + relay.next());
    assertEquals("true", entryLabel("relay-" + EDGE));
    assertNull(entryLabel(first.getPod()));
    // The relaying edge draws only its end of the transfers: part of the energy, not none of it.
    PredictedFigures predicted = placement.getPredicted();
    assertTrue(
        predicted.getEntryNodeEnergyJ() > 0
            && predicted.getEntryNodeEnergyJ() < predicted.getEnergyJ(),
        "entry node energy " + predicted.getEntryNodeEnergyJ() + " of " + predicted.getEnergyJ());
    assertTrue(
        cr.getStatus().getConditions().stream()
            .anyMatch(c -> c.getMessage().contains("requests enter on " + EDGE)));
  }

  private String entryLabel(String pod) {
    return client
        .pods()
        .inNamespace(cluster.namespace)
        .withName(pod)
        .get()
        .getMetadata()
        .getLabels()
        .get("strata.dev/entry");
  }

  @Test
  void linkDropPastTheThresholdAppliesANewRevisionThroughPrepareAndCommit() {
    InferencePipeline before = createReady("drop");
    long revision = before.getStatus().getPlacement().getRevision();
    List<String> nodes =
        before.getStatus().getPlacement().getStages().stream().map(StageStatus::getNode).toList();
    assertTrue(nodes.contains(CLOUD), "expected the fast cloud node in use, got " + nodes);

    cluster.stages.link(EDGE, CLOUD, 0.5, 40);
    cluster.stages.link(FOG, CLOUD, 0.5, 40);

    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.revision("drop") > revision);
    InferencePipeline after = cluster.get("drop");
    long now = after.getStatus().getPlacement().getRevision();
    assertTrue(after.getStatus().getPlacement().getReason().contains("link"));
    for (StageStatus stage : after.getStatus().getPlacement().getStages()) {
      assertEquals(now, cluster.stages.committedOn(stage.getNode()).revision());
      assertTrue(cluster.stages.count(stage.getNode(), "/control/commit") >= 1);
    }
    assertEquals(
        before.getStatus().getPlacement().getRevision(),
        after.getStatus().getHistory().get(1).getRevision());
    var switches = cluster.registry.find("strata.operator.switch").tag("pipeline", "drop").timer();
    assertNotNull(switches);
    assertEquals(now - revision, switches.count());
  }

  @Test
  void aDriftMoveWaitsForANodeThatStillDrainsAReplacedSessionBeforeGivingItANewRange() {
    InferencePipeline before = createReady("drain");
    long revision = before.getStatus().getPlacement().getRevision();
    for (String node : List.of(EDGE, FOG, CLOUD)) {
      cluster.stages.drainingSessions.put(node, 1);
    }

    cluster.stages.link(EDGE, CLOUD, 0.5, 40);
    cluster.stages.link(FOG, CLOUD, 0.5, 40);

    awaitAdapting("drain", "Draining", Duration.ofSeconds(30));
    assertEquals(revision, cluster.revision("drain"));
    String message = cluster.condition("drain", "Adapting").orElseThrow().getMessage();
    assertTrue(message.contains("to release the session of a replaced revision"), message);

    cluster.stages.drainingSessions.clear();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.revision("drain") > revision);
    assertTrue(cluster.get("drain").getStatus().getPlacement().getReason().contains("link"));
  }

  @Test
  void aNodeWhoseStageMeasuresItsSessionsAboveTheModelGetsNoOtherRangeBesideThem() {
    InferencePipeline before = createReady("measured");
    long revision = before.getStatus().getPlacement().getRevision();
    assertEquals(
        List.of(CLOUD + "[0,6)"), ranges(before), "the fast cloud node runs the whole model first");
    // The cloud's stage reports its sessions take more than the node has: a different range
    // cannot be built beside them, however small the model prices the one it holds.
    cluster.stages.sessionBytes.put(CLOUD, 1L << 40);

    // The edge's link to the cloud drops: without the reading, the fog would run the first
    // segment and the cloud the rest, [1,6), beside its [0,6).
    cluster.stages.link(EDGE, CLOUD, 2, 40);

    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.revision("measured") > revision);
    List<String> after = ranges(cluster.get("measured"));
    assertTrue(
        after.stream().noneMatch(r -> r.startsWith(CLOUD) && !r.equals(CLOUD + "[0,6)")),
        "the cloud keeps [0,6) or is left out: " + after);
  }

  private static List<String> ranges(InferencePipeline p) {
    return p.getStatus().getPlacement().getStages().stream()
        .filter(s -> s.getToSegment() > s.getFromSegment())
        .map(s -> s.getNode() + "[" + s.getFromSegment() + "," + s.getToSegment() + ")")
        .toList();
  }

  @Test
  void aDroppedLinkIsMeasuredAgainAtOnceUntilTheDropSettles() {
    InferencePipeline cr = OperatorHarness.pipeline("confirm", "edge", "fog", "cloud");
    // Rounds far apart: every extra measurement of the link before the next round is a
    // confirmation.
    cr.getSpec().getAdaptation().setProbeInterval("5s");
    cluster.create(cr);
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.isReady("confirm"));
    int mark = cluster.stages.calls.size();

    cluster.stages.link(EDGE, CLOUD, 0.5, 40);

    String dropped = FakeStage.link(EDGE, CLOUD);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> cluster.stages.probedLinks(mark).stream().filter(dropped::equals).count() >= 3);
    List<String> probed = cluster.stages.probedLinks(mark);
    int first = probed.indexOf(dropped);
    List<String> untilSettled = new java.util.ArrayList<>();
    for (int i = first + 1, seen = 1; seen < 3; i++) {
      seen += probed.get(i).equals(dropped) ? 1 : 0;
      untilSettled.add(probed.get(i));
    }
    // Two more samples of the dropped link, and at most the rest of the first round's other links.
    for (String other : List.of(FakeStage.link(EDGE, FOG), FakeStage.link(FOG, CLOUD))) {
      assertTrue(
          untilSettled.stream().filter(other::equals).count() <= 1,
          "links probed after the first sample of the drop: " + untilSettled);
    }
  }

  @Test
  void staticBaselineKeepsItsPlacementWhenTheLinkDrops() {
    InferencePipeline cr = OperatorHarness.pipeline("static", "edge", "fog", "cloud");
    cr.getSpec().setStrategy(PlacementStrategy.SINGLE_CUT);
    cr.getSpec().getAdaptation().setEnabled(false);
    cluster.create(cr);
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.isReady("static"));
    InferencePipeline placed = cluster.get("static");
    assertEquals("single-cut-edge-cloud", placed.getStatus().getPlacement().getStrategy());
    List<String> nodes =
        placed.getStatus().getPlacement().getStages().stream().map(StageStatus::getNode).toList();
    assertTrue(nodes.stream().noneMatch(FOG::equals), "one cut, edge to cloud: " + nodes);
    long prepares = cluster.stages.count("/control/prepare");

    cluster.stages.link(EDGE, CLOUD, 0.5, 40);
    long probes = cluster.stages.count("/control/probe");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.stages.count("/control/probe") >= probes + 6);

    assertEquals(placed.getStatus().getPlacement().getRevision(), cluster.revision("static"));
    assertEquals(prepares, cluster.stages.count("/control/prepare"));
    assertEquals(
        "AdaptationDisabled", cluster.condition("static", "Adapting").orElseThrow().getReason());
  }

  @Test
  void driftInsideTheThresholdMovesNothing() {
    InferencePipeline before = createReady("calm");
    long revision = before.getStatus().getPlacement().getRevision();
    long prepares = cluster.stages.count("/control/prepare");

    cluster.stages.link(EDGE, CLOUD, 90, 2);
    long probes = cluster.stages.count("/control/probe");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.stages.count("/control/probe") >= probes + 6);

    assertEquals(revision, cluster.revision("calm"));
    assertEquals(prepares, cluster.stages.count("/control/prepare"));
  }

  @Test
  void invalidSpecGivesAClearConditionAndNoPods() {
    InferencePipeline cr = OperatorHarness.pipeline("bad", "edge", "edge");
    cluster.create(cr);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                cluster
                    .condition("bad", "Placed")
                    .map(c -> "InvalidSpec".equals(c.getReason()))
                    .orElse(false));
    String message = cluster.condition("bad", "Placed").orElseThrow().getMessage();
    assertTrue(message.contains("appears twice"), message);
    assertTrue(message.contains(cluster.namespace + "/bad"), message);
    assertEquals("False", cluster.condition("bad", "Ready").orElseThrow().getStatus());
    assertTrue(pods("bad").isEmpty());
    assertTrue(
        client.v1().events().inNamespace(cluster.namespace).list().getItems().stream()
            .anyMatch(e -> "InvalidSpec".equals(e.getReason()) && "Warning".equals(e.getType())));
  }

  @Test
  void failedModelLoadSaysWhatToFix() {
    cluster.stages.failModel(EDGE, "model https://x/m.onnx: sha256 mismatch: expected aa, got bb");
    cluster.create(OperatorHarness.pipeline("sum", "edge", "fog", "cloud"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                cluster
                    .condition("sum", "ModelLoaded")
                    .map(c -> "ModelChecksumMismatch".equals(c.getReason()))
                    .orElse(false));
    String message = cluster.condition("sum", "ModelLoaded").orElseThrow().getMessage();
    assertTrue(message.contains("spec.model.sha256"), message);
    assertEquals(0, cluster.stages.count("/control/prepare"));
  }

  @Test
  void deletedNodeIsReplacedByANewPlacement() {
    InferencePipeline before = createReady("loss");
    long revision = before.getStatus().getPlacement().getRevision();

    client.nodes().withName(CLOUD).delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.revision("loss") > revision && cluster.isReady("loss"));
    InferencePipeline after = cluster.get("loss");
    assertTrue(
        after.getStatus().getPlacement().getStages().stream()
            .noneMatch(s -> CLOUD.equals(s.getNode())));
    assertTrue(after.getStatus().getPlacement().getReason().contains(CLOUD));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> pods("loss").stream().noneMatch(p -> CLOUD.equals(p.getSpec().getNodeName())));
  }

  @Test
  void restartedOperatorKeepsOnePlacementAndNoDuplicatePods() {
    InferencePipeline before = createReady("again");
    long revision = before.getStatus().getPlacement().getRevision();
    List<String> podNames =
        pods("again").stream().map(p -> p.getMetadata().getName()).sorted().toList();

    cluster.stopOperator();
    cluster.startOperator();
    long statusCalls = cluster.stages.count("/control/status");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.stages.count("/control/status") >= statusCalls + 6);

    assertEquals(revision, cluster.revision("again"));
    assertEquals(
        podNames, pods("again").stream().map(p -> p.getMetadata().getName()).sorted().toList());
  }

  @Test
  void restartBetweenPrepareAndCommitConvergesToOneConsistentPlacement() {
    InferencePipeline before = createReady("mid");
    long revision = before.getStatus().getPlacement().getRevision();
    cluster.stages.failCommits = true;
    cluster.stages.link(EDGE, CLOUD, 0.5, 40);
    cluster.stages.link(FOG, CLOUD, 0.5, 40);
    awaitAdapting("mid", "ApplyFailed", Duration.ofSeconds(20));

    cluster.stopOperator();
    cluster.stages.failCommits = false;
    cluster.startOperator();

    await()
        .atMost(Duration.ofSeconds(30))
        .alias(
            "new revision after restart; status: " + cluster.get("mid").getStatus().getConditions())
        .until(() -> cluster.revision("mid") > revision && cluster.isReady("mid"));
    InferencePipeline after = cluster.get("mid");
    long now = after.getStatus().getPlacement().getRevision();
    for (StageStatus stage : after.getStatus().getPlacement().getStages()) {
      assertEquals(now, cluster.stages.committedOn(stage.getNode()).revision());
    }
    assertEquals(
        pods("mid").size(),
        pods("mid").stream().map(p -> p.getSpec().getNodeName()).distinct().count());
  }

  @Test
  void unreachableStageMakesThePipelineNotReadyUntilItAnswersAgain() {
    InferencePipeline before = createReady("lost");
    String node = before.getStatus().getPlacement().getStages().get(0).getNode();

    cluster.stages.unreachable.add(node);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                cluster
                    .condition("lost", "Placed")
                    .map(c -> "StageUnavailable".equals(c.getReason()))
                    .orElse(false));
    assertEquals("False", cluster.condition("lost", "Ready").orElseThrow().getStatus());
    String degraded = cluster.condition("lost", "Degraded").orElseThrow().getMessage();
    assertTrue(degraded.contains("502") && degraded.contains(node), degraded);

    cluster.stages.unreachable.remove(node);
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.isReady("lost"));
  }

  @Test
  void changedModelRecreatesStagesAndPlacesAgain() {
    InferencePipeline before = createReady("swap");
    long revision = before.getStatus().getPlacement().getRevision();

    client
        .resources(InferencePipeline.class)
        .inNamespace(cluster.namespace)
        .withName("swap")
        .edit(
            cr -> {
              cr.getSpec().getModel().setUri("builtin:alexnet?seed=7");
              return cr;
            });

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster.revision("swap") > revision
                    && cluster.isReady("swap")
                    && !pods("swap").isEmpty()
                    && pods("swap").stream()
                        .allMatch(
                            p ->
                                p.getSpec().getContainers().get(0).getEnv().stream()
                                    .anyMatch(e -> "builtin:alexnet?seed=7".equals(e.getValue()))));
    assertEquals(2L, cluster.get("swap").getStatus().getObservedGeneration());
  }

  @Test
  void candidateThatNeverProfilesIsLeftOutAfterTheProfileTimeout() {
    cluster.stages.unreachable.add(FOG);
    cluster.create(OperatorHarness.pipeline("slow", "edge", "fog", "cloud"));
    long statusCalls = cluster.stages.count("/control/status");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.stages.count("/control/status") >= statusCalls + 4);
    assertEquals(0, cluster.revision("slow"));

    cluster.clock.advance(Duration.ofMinutes(2));

    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.isReady("slow"));
    InferencePipeline cr = cluster.get("slow");
    assertTrue(
        cr.getStatus().getPlacement().getStages().stream().noneMatch(s -> FOG.equals(s.getNode())));
    String degraded = cluster.condition("slow", "Degraded").orElseThrow().getMessage();
    assertTrue(degraded.contains(FOG), degraded);
  }

  @Test
  void busyNodeReportedByMetricsServerMovesTheStagesAway() {
    InferencePipeline before = createReady("busy");
    long revision = before.getStatus().getPlacement().getRevision();
    String node = before.getStatus().getPlacement().getStages().get(0).getNode();

    reportBusy(node);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> cluster.revision("busy") > revision);
      InferencePipeline after = cluster.get("busy");
      assertTrue(
          after.getStatus().getPlacement().getReason().contains("CPU share"),
          after.getStatus().getPlacement().getReason());
    } finally {
      forgetUsage(node);
    }
  }

  @Test
  void loadThatAppearedWhileTheOperatorWasDownIsDriftFromThePlannedBaseline() {
    InferencePipeline before = createReady("restart-busy");
    long revision = before.getStatus().getPlacement().getRevision();
    String node = before.getStatus().getPlacement().getStages().get(0).getNode();
    cluster.stopOperator();

    reportBusy(node);
    try {
      cluster.startOperator();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.revision("restart-busy") > revision);
      assertTrue(
          cluster.get("restart-busy").getStatus().getPlacement().getReason().contains("CPU share"));
    } finally {
      forgetUsage(node);
    }
  }

  @Test
  void loadOfThePipelinesOwnStageIsNotDrift() {
    InferencePipeline before = createReady("own-load");
    long revision = before.getStatus().getPlacement().getRevision();
    StageStatus first = before.getStatus().getPlacement().getStages().get(0);
    long prepares = cluster.stages.count("/control/prepare");

    reportBusy(first.getNode());
    client
        .resource(
            new io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder()
                .withNewMetadata()
                .withName(first.getPod())
                .withNamespace(cluster.namespace)
                .endMetadata()
                .addNewContainer()
                .withName("stage")
                .withUsage(
                    java.util.Map.of(
                        "cpu", new io.fabric8.kubernetes.api.model.Quantity("3800m"),
                        "memory", new io.fabric8.kubernetes.api.model.Quantity("900Mi")))
                .endContainer()
                .build())
        .create();
    try {
      long probes = cluster.stages.count("/control/probe");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cluster.stages.count("/control/probe") >= probes + 6);
      assertEquals(revision, cluster.revision("own-load"));
      assertEquals(prepares, cluster.stages.count("/control/prepare"));
    } finally {
      forgetUsage(first.getNode());
    }
  }

  private void reportBusy(String node) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder()
                .withNewMetadata()
                .withName(node)
                .endMetadata()
                .withUsage(
                    java.util.Map.of(
                        "cpu", new io.fabric8.kubernetes.api.model.Quantity("3900m"),
                        "memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi")))
                .build())
        .create();
  }

  private void forgetUsage(String node) {
    client
        .resources(io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics.class)
        .withName(node)
        .delete();
  }

  @Test
  void adaptingPipelineKeepsAStandbyStageOnEveryCandidate() {
    createReady("standby");
    long probes = cluster.stages.count("/control/probe");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.stages.count("/control/probe") >= probes + 6);
    assertEquals(
        java.util.Set.of(EDGE, FOG, CLOUD),
        pods("standby").stream()
            .map(p -> p.getSpec().getNodeName())
            .collect(java.util.stream.Collectors.toSet()));
  }

  @Test
  void unusedStagesKeepTheirPodsForTheDrainPeriod() {
    cluster.stopOperator();
    cluster.startOperator(Optional.empty(), Duration.ofMinutes(1));
    InferencePipeline created = OperatorHarness.pipeline("drain", "edge", "fog", "cloud");
    created.getSpec().getAdaptation().setStandbyStages(false);
    cluster.create(created);
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.isReady("drain"));
    InferencePipeline cr = cluster.get("drain");
    List<String> used =
        cr.getStatus().getPlacement().getStages().stream().map(StageStatus::getNode).toList();
    long statusCalls = cluster.stages.count("/control/status");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> cluster.stages.count("/control/status") >= statusCalls + 6);
    assertEquals(3, pods("drain").size());

    cluster.clock.advance(Duration.ofMinutes(2));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                pods("drain").stream()
                    .map(p -> p.getSpec().getNodeName())
                    .allMatch(n -> used.contains(n) || EDGE.equals(n)));
  }

  @Test
  void deletedPipelineLeavesNothingBehind() {
    createReady("gone");

    client
        .resources(InferencePipeline.class)
        .inNamespace(cluster.namespace)
        .withName("gone")
        .delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                cluster.get("gone") == null
                    && pods("gone").isEmpty()
                    && client.services().inNamespace(cluster.namespace).list().getItems().isEmpty()
                    && client
                            .secrets()
                            .inNamespace(cluster.namespace)
                            .withName("gone-stage-token")
                            .get()
                        == null
                    && client
                            .configMaps()
                            .inNamespace(cluster.namespace)
                            .withName("gone-profiles")
                            .get()
                        == null);
  }

  @Test
  void leaderElectedOperatorHoldsTheLeaseAndReconciles() {
    // JOSDK checks its Lease permissions with a SelfSubjectRulesReview, which the mock server
    // cannot evaluate: answer it the way an API server would for deploy/base/rbac.yaml.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
    cluster.stopOperator();
    cluster.startOperator(Optional.of("strata-operator"));

    createReady("led");

    var lease = client.leases().inNamespace(cluster.namespace).withName("strata-operator").get();
    assertNotNull(lease, "no Lease strata-operator in " + cluster.namespace);
    assertNotNull(lease.getSpec().getHolderIdentity());
  }

  @Test
  void replansAreCountedWithTheirReason() {
    createReady("counted");

    var replans =
        cluster.registry.find("strata.operator.replans").tag("reason", "Initial").counter();
    assertNotNull(replans);
    assertTrue(replans.count() >= 1);
    assertNotNull(cluster.registry.find("strata.operator.placement.revision").gauge());
    assertTrue(cluster.registry.find("strata.operator.probe.bytes").counter().count() > 0);
    assertNotNull(cluster.registry.find("strata.operator.profiling").timer());
    // The first placement is not a switch.
    assertNull(cluster.registry.find("strata.operator.switch").tag("pipeline", "counted").timer());
  }

  @Test
  void pipelineOwnsNetworkPoliciesForItsStagesAndItsEntryAndTheyGoWithIt() {
    createReady("fenced");
    var policies = client.network().v1().networkPolicies().inNamespace(cluster.namespace);
    var stages = policies.withName("fenced-stage-ingress").get();
    var entry = policies.withName("fenced-entry-ingress").get();
    assertNotNull(stages);
    assertNotNull(entry);
    assertEquals(
        "fenced", stages.getSpec().getPodSelector().getMatchLabels().get("strata.dev/pipeline"));
    assertEquals("true", entry.getSpec().getPodSelector().getMatchLabels().get("strata.dev/entry"));

    client
        .resources(InferencePipeline.class)
        .inNamespace(cluster.namespace)
        .withName("fenced")
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                policies.withName("fenced-stage-ingress").get() == null
                    && policies.withName("fenced-entry-ingress").get() == null);
  }

  @Test
  void modelOnAMissingClaimIsReportedAndStartsOnceTheClaimExists() {
    InferencePipeline cr = OperatorHarness.pipeline("on-claim", "edge", "fog", "cloud");
    cr.getSpec().setModel(new ModelSource("pvc://model-store/vision/vgg16.onnx", "a".repeat(64)));
    cluster.create(cr);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster
                    .condition("on-claim", "ModelLoaded")
                    .map(c -> "ModelClaimNotFound".equals(c.getReason()))
                    .orElse(false));
    String message = cluster.condition("on-claim", "ModelLoaded").orElseThrow().getMessage();
    assertTrue(message.contains("PersistentVolumeClaim \"model-store\""), message);
    assertTrue(message.contains("does not exist in namespace " + cluster.namespace), message);
    assertEquals(List.of(), pods("on-claim"));

    client
        .persistentVolumeClaims()
        .inNamespace(cluster.namespace)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("model-store")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadOnlyMany")
                .endSpec()
                .build())
        .create();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.isReady("on-claim"));
    for (Pod pod : pods("on-claim")) {
      assertTrue(
          pod.getSpec().getVolumes().stream()
              .anyMatch(
                  v ->
                      v.getPersistentVolumeClaim() != null
                          && "model-store".equals(v.getPersistentVolumeClaim().getClaimName())
                          && v.getPersistentVolumeClaim().getReadOnly()),
          pod.getMetadata().getName());
    }
  }

  @Test
  void withANodeCacheEachNodeGetsOneClaimThatOutlivesItsStagePod() {
    cluster.stopOperator();
    cluster.stage = cluster.stage.withModelCache("local-path");
    cluster.startOperator();
    createReady("cached");
    for (Pod pod : pods("cached")) {
      String node = pod.getMetadata().getLabels().get("strata.dev/node");
      String claim =
          pod.getSpec().getVolumes().stream()
              .filter(v -> v.getName().equals("cache"))
              .findFirst()
              .orElseThrow()
              .getPersistentVolumeClaim()
              .getClaimName();
      assertEquals("strata-model-cache-" + node, claim);
    }
    assertEquals(3, cacheClaims().size());

    Pod edge =
        pods("cached").stream()
            .filter(
                p ->
                    OperatorHarness.EDGE.equals(p.getMetadata().getLabels().get("strata.dev/node")))
            .findFirst()
            .orElseThrow();
    client.resource(edge).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                pods("cached").stream()
                    .anyMatch(
                        p ->
                            OperatorHarness.EDGE.equals(
                                    p.getMetadata().getLabels().get("strata.dev/node"))
                                && !p.getMetadata().getUid().equals(edge.getMetadata().getUid())));
    assertEquals(3, cacheClaims().size());
    assertTrue(
        cacheClaims().stream()
            .allMatch(
                c ->
                    "local-path".equals(c.getSpec().getStorageClassName())
                        && c.getMetadata().getOwnerReferences().isEmpty()));
  }

  private List<PersistentVolumeClaim> cacheClaims() {
    return client
        .persistentVolumeClaims()
        .inNamespace(cluster.namespace)
        .withLabel("strata.dev/model-cache", "true")
        .list()
        .getItems();
  }

  /** Runs last: every API call the operator made in this class is allowed by deploy/base. */
  @Test
  @Order(Integer.MAX_VALUE)
  void operatorCallsOnlyWhatDeployRbacAllows() throws Exception {
    RbacRules rules =
        new RbacRules(
            client,
            java.nio.file.Path.of(
                System.getProperty("strata.repo.dir", ".."), "deploy/base/rbac.yaml"));
    java.util.Set<RbacRules.Need> needs =
        new java.util.TreeSet<>(java.util.Comparator.comparing(Object::toString));
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      String agent = r.getHeader("User-Agent");
      if (agent != null && agent.contains(OperatorHarness.OPERATOR_AGENT)) {
        RbacRules.of(r.getMethod(), r.getPath()).ifPresent(needs::add);
      }
    }
    assertTrue(needs.size() > 5, "too few operator calls recorded: " + needs);
    List<RbacRules.Need> denied = needs.stream().filter(n -> !rules.allows(n)).toList();
    assertTrue(
        denied.isEmpty(),
        "deploy/base/rbac.yaml misses " + denied + " (operator used " + needs + ")");
  }
}
