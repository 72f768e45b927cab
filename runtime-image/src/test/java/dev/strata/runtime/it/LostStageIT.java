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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The next stage of a MobileNetV2 chain dies while a request is on its way: the stage the request
 * entered (the entry stage, or a relay in front of it) holds the request until the replacement
 * placement is committed and answers it from there.
 */
class LostStageIT {
  private static final String MODEL = "mobilenet_v2";
  private static final Map<String, String> SETTINGS =
      Map.of("strata.model-uri", "builtin:mobilenet_v2?seed=3");

  private static ModelGraph graph;
  private static Tensor input;
  private static Tensor expected;

  @BeforeAll
  static void unsplitAnswer() throws Exception {
    OnnxModel model = OnnxModel.of(BuiltinModels.build(MODEL, 3), MODEL);
    graph = ModelGraph.analyze(model);
    input = OipClient.randomInput(graph.inputs().get(0).shape(), 4);
    try (SegmentSession whole = SegmentSession.open(model.toBytes(), 1, true)) {
      expected = whole.run(input);
    }
  }

  @Test
  void requestWhoseNextStageDiedIsAnsweredOnTheRevisionCommittedAfterIt() throws Exception {
    int n = graph.segments().size();
    int cut = n / 2;
    try (WorkerProcess entry = WorkerProcess.start("lost-entry", SETTINGS);
        WorkerProcess spare = WorkerProcess.start("lost-spare", SETTINGS)) {
      WorkerProcess doomed = WorkerProcess.start("lost-doomed", SETTINGS);
      doomed.prepare(1, cut, n, null, "fp32");
      entry.prepare(1, 0, cut, doomed, "fp32");
      doomed.commit(1);
      entry.commit(1);
      doomed.close(); // its node is gone

      CompletableFuture<HttpResponse<byte[]>> answer = inferAsync(entry);
      awaitFirstRun(entry); // it found the next stage unreachable and is waiting now

      // What the operator does after a node is lost: a placement without it.
      spare.prepare(2, cut, n, null, "fp32");
      entry.prepare(2, 0, cut, spare, "fp32");
      spare.commit(2);
      entry.commit(2);

      Tensor output = OipClient.output(answer.get(60, TimeUnit.SECONDS));
      assertClose(expected.data(), output.data());
      assertEquals(1.0, WorkerProcess.sample(entry.metrics(), "strata_stage_retries_total"));
    }
  }

  @Test
  void relayForwardsTheRequestToTheStageThatRunsTheModelAndPassesBackItsAnswer() throws Exception {
    int n = graph.segments().size();
    try (WorkerProcess relay = WorkerProcess.start("relay", SETTINGS);
        WorkerProcess whole = WorkerProcess.start("relay-whole", SETTINGS)) {
      whole.prepare(1, 0, n, null, "fp32");
      JsonNode prepared = relay.prepare(1, 0, 0, whole, "fp32");
      whole.commit(1);
      relay.commit(1);

      assertEquals("0-0", prepared.path("prepared").path("range").asText());
      assertTrue(prepared.path("sessionBuildMs").asDouble() < 50, prepared.toString());
      assertEquals(0, relay.status().path("assignment").path("sessions").asInt());
      JsonNode meta = relay.metadata(MODEL);
      assertEquals(graph.inputs().get(0).name(), meta.path("inputs").get(0).path("name").asText());

      HttpResponse<byte[]> response =
          OipClient.inferBinary(relay.base(), MODEL, graph.inputs().get(0).name(), input);
      assertClose(expected.data(), OipClient.output(response).data());
      assertEquals("1", response.headers().firstValue("Strata-Revision").orElseThrow());
    }
  }

  @Test
  void relayHoldsTheRequestWhoseStageDiedUntilTheReplacementIsCommitted() throws Exception {
    int n = graph.segments().size();
    try (WorkerProcess relay = WorkerProcess.start("relay-lost", SETTINGS);
        WorkerProcess spare = WorkerProcess.start("relay-spare", SETTINGS)) {
      WorkerProcess doomed = WorkerProcess.start("relay-doomed", SETTINGS);
      doomed.prepare(1, 0, n, null, "fp32");
      relay.prepare(1, 0, 0, doomed, "fp32");
      doomed.commit(1);
      relay.commit(1);
      doomed.close(); // the node of the first stage is gone

      CompletableFuture<HttpResponse<byte[]>> answer = inferAsync(relay);
      awaitFirstRun(relay); // it found the stage unreachable and is waiting now

      spare.prepare(2, 0, n, null, "fp32");
      relay.prepare(2, 0, 0, spare, "fp32");
      spare.commit(2);
      relay.commit(2);

      HttpResponse<byte[]> response = answer.get(60, TimeUnit.SECONDS);
      assertClose(expected.data(), OipClient.output(response).data());
      assertEquals("2", response.headers().firstValue("Strata-Revision").orElseThrow());
      assertEquals(1.0, WorkerProcess.sample(relay.metrics(), "strata_stage_retries_total"));
    }
  }

  /** Sends the input to {@code worker} as a client would, without waiting for the answer. */
  private static CompletableFuture<HttpResponse<byte[]>> inferAsync(WorkerProcess worker) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return OipClient.inferBinary(worker.base(), MODEL, graph.inputs().get(0).name(), input);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Waits until {@code worker} ran its range once (a relay's takes no time but counts). */
  private static void awaitFirstRun(WorkerProcess worker) {
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions() // the series appears with the first run
        .until(
            () ->
                WorkerProcess.sample(worker.metrics(), "strata_stage_compute_seconds_count") >= 1);
  }

  private static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertTrue(
          Math.abs(expected[i] - actual[i]) <= 1e-3 * Math.max(1, Math.abs(expected[i])),
          "output " + i + ": expected " + expected[i] + " but was " + actual[i]);
    }
  }
}
