package dev.strata.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.exec.SegmentSession;
import dev.strata.core.exec.Tensor;
import dev.strata.core.graph.ModelGraph;
import dev.strata.core.graph.OnnxModel;
import dev.strata.core.models.BuiltinModels;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three workers on loopback run ResNet18 (a DAG: residual branches) split in three ranges; the
 * chain's answer must equal the unsplit model's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageChainIT {
  private static final String MODEL = "resnet18";
  private final AtomicLong revision = new AtomicLong();
  private WorkerProcess edge;
  private WorkerProcess fog;
  private WorkerProcess cloud;
  private ModelGraph graph;
  private Tensor input;
  private Tensor expected;

  @BeforeAll
  void start() throws Exception {
    Map<String, String> settings = Map.of("strata.model-uri", "builtin:resnet18?seed=11");
    edge = WorkerProcess.start("chain-edge", settings);
    fog = WorkerProcess.start("chain-fog", settings);
    cloud = WorkerProcess.start("chain-cloud", settings);
    OnnxModel model = OnnxModel.of(BuiltinModels.build(MODEL, 11), MODEL);
    graph = ModelGraph.analyze(model);
    input = OipClient.randomInput(graph.inputs().get(0).shape(), 5);
    try (SegmentSession whole = SegmentSession.open(model.toBytes(), 1, true)) {
      expected = whole.run(input);
    }
  }

  @AfterAll
  void stop() {
    for (WorkerProcess w : new WorkerProcess[] {edge, fog, cloud}) {
      if (w != null) {
        w.close();
      }
    }
  }

  private int segments() {
    return graph.segments().size();
  }

  /** Places [0,a) on edge, [a,b) on fog, [b,n) on cloud under a new revision. */
  private long place(int a, int b, String precision) throws Exception {
    long rev = revision.incrementAndGet();
    cloud.prepare(rev, b, segments(), null, precision);
    fog.prepare(rev, a, b, cloud, precision);
    edge.prepare(rev, 0, a, fog, precision);
    edge.commit(rev);
    fog.commit(rev);
    cloud.commit(rev);
    return rev;
  }

  private String inputName() {
    return graph.inputs().get(0).name();
  }

  @Test
  void threeStageChainMatchesTheUnsplitModel() throws Exception {
    long rev = place(segments() / 3, 2 * segments() / 3, "fp32");
    HttpResponse<byte[]> response = OipClient.inferBinary(edge.base(), MODEL, inputName(), input);
    Tensor out = OipClient.output(response);
    assertEquals(String.valueOf(rev), response.headers().firstValue("Strata-Revision").orElse(""));
    assertTrue(
        out.maxRelativeDifference(expected, 1e-3) <= LoadGenerator.TOLERANCE,
        "split differs from unsplit");
  }

  @Test
  void fp16OnTheWireStaysCloseToTheUnsplitModel() throws Exception {
    place(segments() / 2, segments() - 2, "fp16");
    Tensor out = OipClient.output(OipClient.inferBinary(edge.base(), MODEL, inputName(), input));
    assertTrue(out.maxRelativeDifference(expected, 1.0) < 2e-2, "fp16 wire drifted too far");
  }

  @Test
  void jsonRequestEntersTheChainAndGetsJsonBack() throws Exception {
    place(4, segments() - 4, "fp32");
    Map<String, Object> request =
        Map.of(
            "id",
            "json-1",
            "inputs",
            List.of(
                Map.of(
                    "name", inputName(),
                    "shape", input.shape(),
                    "datatype", "FP32",
                    "data", input.data())));
    HttpResponse<byte[]> response = OipClient.inferJson(edge.base(), MODEL, request);
    assertEquals(200, response.statusCode(), new String(response.body()));
    JsonNode body = WorkerProcess.JSON.readTree(response.body());
    assertEquals("json-1", body.path("id").asText());
    JsonNode data = body.path("outputs").get(0).path("data");
    assertEquals(expected.data().length, data.size());
    assertEquals(
        expected.data()[0], data.get(0).floatValue(), 1e-3 * Math.abs(expected.data()[0]) + 1e-4);
  }

  @Test
  void metadataOfAMiddleStageDescribesItsCutTensor() throws Exception {
    int a = segments() / 3;
    place(a, 2 * segments() / 3, "fp32");
    JsonNode meta = fog.metadata(MODEL);
    assertEquals(
        graph.cuts().get(a - 1).tensor().name(), meta.path("inputs").get(0).path("name").asText());
  }

  @Test
  void hopNamingAnUnknownRevisionIsRefusedWithConflict() throws Exception {
    place(segments() / 3, 2 * segments() / 3, "fp32");
    HttpResponse<byte[]> response =
        WorkerProcess.HTTP.send(
            HttpRequest.newBuilder(fog.base().resolve("/v2/models/" + MODEL + "/infer"))
                .header("Strata-Revision", "999")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(409, response.statusCode());
    assertTrue(new String(response.body()).contains("revision 999 is not held"));
  }

  @Test
  void profileReportsEverySegmentAndTheNode() throws Exception {
    JsonNode report =
        cloud
            .control("POST", "/control/profile", Map.of("runs", 2, "warmup", 1))
            .expect(200)
            .json();
    assertEquals(segments(), report.path("segments").size());
    assertTrue(report.path("segments").get(0).path("medianMs").asDouble() > 0);
    assertTrue(report.path("node").path("cores").asInt() > 0);
    assertTrue(!report.path("node").path("arch").asText().isEmpty());
  }

  @Test
  void probeMeasuresTheLinkAndCountsItsOwnBytes() throws Exception {
    JsonNode report =
        edge.control(
                "POST",
                "/control/probe",
                Map.of(
                    "target", fog.base().toString(), "sizes", List.of(1024, 1048576), "repeats", 2))
            .expect(200)
            .json();
    assertEquals(2, report.path("sizes").size());
    assertTrue(report.path("rttMs").asDouble() > 0);
    JsonNode large = report.path("sizes").get(1);
    assertTrue(
        large.path("minMs").asDouble() > 0
            && large.path("minMs").asDouble() <= large.path("medianMs").asDouble(),
        large.toString());
    assertTrue(report.path("bytesUsed").asLong() >= 2L * (1024 + 1048576));
  }

  @Test
  void metricsArePublishedInPrometheusFormat() throws Exception {
    place(segments() / 3, 2 * segments() / 3, "fp32");
    OipClient.output(OipClient.inferBinary(edge.base(), MODEL, inputName(), input));
    String metrics = fog.metrics();
    for (String name :
        List.of(
            "strata_stage_request_seconds_bucket",
            "strata_queue_depth",
            "strata_stage_bytes_total",
            "strata_session_build_seconds",
            "strata_revision_committed",
            "strata_sessions_open",
            "strata_session_memory_bytes",
            "strata_profile_runs_total",
            "strata_probe_runs_total")) {
      assertTrue(metrics.contains(name), "missing metric " + name);
    }
  }
}
