package dev.strata.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;

/**
 * The next stage of a two-stage MobileNetV2 chain dies while a request is on its way: the entry
 * stage holds the request until the replacement placement is committed and answers it from there.
 */
class LostStageIT {
  private static final String MODEL = "mobilenet_v2";

  @Test
  void requestWhoseNextStageDiedIsAnsweredOnTheRevisionCommittedAfterIt() throws Exception {
    Map<String, String> settings = Map.of("strata.model-uri", "builtin:mobilenet_v2?seed=3");
    OnnxModel model = OnnxModel.of(BuiltinModels.build(MODEL, 3), MODEL);
    ModelGraph graph = ModelGraph.analyze(model);
    Tensor input = OipClient.randomInput(graph.inputs().get(0).shape(), 4);
    Tensor expected;
    try (SegmentSession whole = SegmentSession.open(model.toBytes(), 1, true)) {
      expected = whole.run(input);
    }
    int n = graph.segments().size();
    int cut = n / 2;
    try (WorkerProcess entry = WorkerProcess.start("lost-entry", settings);
        WorkerProcess spare = WorkerProcess.start("lost-spare", settings)) {
      WorkerProcess doomed = WorkerProcess.start("lost-doomed", settings);
      doomed.prepare(1, cut, n, null, "fp32");
      entry.prepare(1, 0, cut, doomed, "fp32");
      doomed.commit(1);
      entry.commit(1);
      doomed.close(); // its node is gone

      CompletableFuture<HttpResponse<byte[]>> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return OipClient.inferBinary(
                      entry.base(), MODEL, graph.inputs().get(0).name(), input);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // The entry ran its range and found the next stage unreachable: it is waiting now.
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions() // the series appears with the first run
          .until(
              () ->
                  WorkerProcess.sample(entry.metrics(), "strata_stage_compute_seconds_count") >= 1);

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

  private static void assertClose(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertTrue(
          Math.abs(expected[i] - actual[i]) <= 1e-3 * Math.max(1, Math.abs(expected[i])),
          "output " + i + ": expected " + expected[i] + " but was " + actual[i]);
    }
  }
}
