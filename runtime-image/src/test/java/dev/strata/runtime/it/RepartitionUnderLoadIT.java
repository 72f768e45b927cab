package dev.strata.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.exec.SegmentSession;
import dev.strata.core.exec.Tensor;
import dev.strata.core.graph.ModelGraph;
import dev.strata.core.graph.OnnxModel;
import dev.strata.core.models.BuiltinModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Re-assigns the ranges of a three-stage MobileNetV2 chain twice while a load generator runs: once
 * committing upstream first, once downstream first. No request may fail, every answer must equal
 * the unsplit model's, and the new placement must be in effect afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepartitionUnderLoadIT {
  private static final String MODEL = "mobilenet_v2";
  private List<WorkerProcess> stages;
  private ModelGraph graph;
  private Tensor input;
  private Tensor expected;

  @BeforeAll
  void start() throws Exception {
    Map<String, String> settings =
        Map.of("strata.model-uri", "builtin:mobilenet_v2?seed=3", "strata.drain-period", "2s");
    stages =
        List.of(
            WorkerProcess.start("switch-edge", settings),
            WorkerProcess.start("switch-fog", settings),
            WorkerProcess.start("switch-cloud", settings));
    OnnxModel model = OnnxModel.of(BuiltinModels.build(MODEL, 3), MODEL);
    graph = ModelGraph.analyze(model);
    input = OipClient.randomInput(graph.inputs().get(0).shape(), 9);
    try (SegmentSession whole = SegmentSession.open(model.toBytes(), 1, true)) {
      expected = whole.run(input);
    }
  }

  @AfterAll
  void stop() {
    if (stages != null) {
      stages.forEach(WorkerProcess::close);
    }
  }

  private void prepareAll(long revision, int a, int b) throws Exception {
    int n = graph.segments().size();
    stages.get(2).prepare(revision, b, n, null, "fp32");
    stages.get(1).prepare(revision, a, b, stages.get(2), "fp32");
    stages.get(0).prepare(revision, 0, a, stages.get(1), "fp32");
  }

  @Test
  @Order(1)
  void reassigningRangesUnderLoadFailsNoRequest() throws Exception {
    int n = graph.segments().size();
    prepareAll(1, n / 4, n / 2);
    for (WorkerProcess s : stages) {
      s.commit(1);
    }
    String inputName = graph.inputs().get(0).name();
    try (LoadGenerator load =
        new LoadGenerator(
            stages.get(0).base(),
            MODEL,
            inputName,
            input,
            expected,
            3,
            20_000,
            Duration.ofSeconds(120))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> load.servedOn(1) >= 20 || load.hasFailed());

      prepareAll(2, n / 2, 3 * n / 4);
      for (WorkerProcess s : stages) { // upstream first: hops of revision 2 meet prepared stages
        s.commit(2);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> load.servedOn(2) >= 20 || load.hasFailed());

      prepareAll(3, n / 3, n - 2);
      for (int i = stages.size() - 1; i >= 0; i--) { // downstream first
        stages.get(i).commit(3);
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> load.servedOn(3) >= 20 || load.hasFailed());
      load.close();
      assertEquals(List.of(), load.failures());
      assertTrue(load.servedOn(3) >= 20);
      assertTrue(load.succeeded() >= 60);
    }

    int[][] expectedRanges = {{0, n / 3}, {n / 3, n - 2}, {n - 2, n}};
    for (int i = 0; i < stages.size(); i++) {
      JsonNode committed =
          stages
              .get(i)
              .control("GET", "/control/assignment", null)
              .expect(200)
              .json()
              .path("committed");
      assertEquals(3, committed.path("revision").asLong());
      assertEquals(expectedRanges[i][0], committed.path("fromSegment").asInt());
      assertEquals(expectedRanges[i][1], committed.path("toSegment").asInt());
    }
  }

  @Test
  @Order(2)
  void replacedSessionsAreReleasedAfterTheDrainPeriod() throws Exception {
    WorkerProcess solo = stages.get(2);
    int n = graph.segments().size();
    long base = 100;
    solo.prepare(base, n - 5, n, null, "fp32");
    solo.commit(base);
    // A range inside the committed one cannot run on its session: a second one is built, and the
    // first is held until the drain period has passed.
    solo.prepare(base + 1, n - 3, n, null, "fp32");
    solo.commit(base + 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                solo.control("GET", "/control/assignment", null).json().path("sessions").asInt()
                    == 1);
    // Its sessions hold memory the process did not have once the model had loaded.
    assertTrue(
        solo.control("GET", "/control/assignment", null).json().path("sessionBytes").asLong() > 0);
  }
}
