package dev.strata.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.exec.Tensor;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every bad input gets a clear refusal: token, shape, datatype, size, queue, revision, model. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  private static final String MODEL = "mobilenet_v2";
  private static final long[] SHAPE = {1, 3, 224, 224};
  private WorkerProcess worker;

  @BeforeAll
  void start() throws Exception {
    worker =
        WorkerProcess.start(
            "bad-input",
            Map.of(
                "strata.model-uri", "builtin:mobilenet_v2?seed=1",
                "strata.max-queue", "1",
                "strata.max-payload-bytes", "1000000"));
    worker.prepare(1, 0, ModelSegments.of(worker), null, "fp32");
    worker.commit(1);
  }

  @AfterAll
  void stop() {
    if (worker != null) {
      worker.close();
    }
  }

  private HttpResponse<byte[]> control(String authorization) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(worker.base().resolve("/control/assignment")).GET();
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return WorkerProcess.HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void controlWithoutTokenIsUnauthorized() throws Exception {
    HttpResponse<byte[]> r = control(null);
    assertEquals(401, r.statusCode());
    assertTrue(new String(r.body()).contains("missing bearer token"));
  }

  @Test
  void controlWithWrongTokenIsUnauthorized() throws Exception {
    assertEquals(401, control("Bearer wrong").statusCode());
  }

  @Test
  void wrongShapeAnswers400WithTheExpectedShape() throws Exception {
    HttpResponse<byte[]> r =
        OipClient.inferBinary(
            worker.base(), MODEL, "input", OipClient.randomInput(new long[] {1, 3, 112, 112}, 1));
    assertEquals(400, r.statusCode());
    assertTrue(new String(r.body()).contains("expected [1, 3, 224, 224]"), new String(r.body()));
  }

  @Test
  void wrongDatatypeAnswers400WithTheExpectedDatatype() throws Exception {
    HttpResponse<byte[]> r =
        OipClient.inferJson(
            worker.base(),
            MODEL,
            Map.of(
                "inputs",
                List.of(
                    Map.of(
                        "name",
                        "input",
                        "shape",
                        List.of(1),
                        "datatype",
                        "INT64",
                        "data",
                        List.of(1)))));
    assertEquals(400, r.statusCode());
    assertTrue(new String(r.body()).contains("expected FP32"), new String(r.body()));
  }

  @Test
  void valuesThatDoNotFillTheShapeAnswer400() throws Exception {
    HttpResponse<byte[]> r =
        OipClient.inferJson(
            worker.base(),
            MODEL,
            Map.of(
                "inputs",
                List.of(
                    Map.of(
                        "name",
                        "input",
                        "shape",
                        SHAPE,
                        "datatype",
                        "FP32",
                        "data",
                        List.of(1, 2, 3)))));
    assertEquals(400, r.statusCode());
    assertTrue(new String(r.body()).contains("needs 150528 values"), new String(r.body()));
  }

  @Test
  void bodyOverThePayloadLimitAnswers413() throws Exception {
    HttpResponse<byte[]> r = OipClient.send(worker.base(), MODEL, new byte[1_200_000], 10);
    assertEquals(413, r.statusCode());
    assertTrue(new String(r.body()).contains("strata.max-payload-bytes"), new String(r.body()));
  }

  @Test
  void requestWhoseDeadlineHasRunOutAnswers504() throws Exception {
    HttpResponse<byte[]> r =
        WorkerProcess.HTTP.send(
            HttpRequest.newBuilder(worker.base().resolve("/v2/models/" + MODEL + "/infer"))
                .header("Strata-Deadline-Ms", "0")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1],"
                            + "\"datatype\":\"FP32\",\"data\":[1]}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(504, r.statusCode());
  }

  @Test
  void unknownModelAnswers404() throws Exception {
    HttpResponse<byte[]> r =
        OipClient.inferBinary(worker.base(), "vgg16", "input", OipClient.randomInput(SHAPE, 1));
    assertEquals(404, r.statusCode());
  }

  @Test
  void commitWithoutPrepareIsRefusedWithConflict() throws Exception {
    WorkerProcess.Reply r = worker.control("POST", "/control/commit", Map.of("revision", 77));
    assertEquals(409, r.status());
    assertTrue(r.text().contains("was not prepared"), r.text());
  }

  @Test
  void prepareOutsideTheModelIsRefused() throws Exception {
    WorkerProcess.Reply r =
        worker.control(
            "POST",
            "/control/prepare",
            Map.of("revision", 50, "fromSegment", 0, "toSegment", 10_000));
    assertEquals(400, r.status());
  }

  @Test
  void fullQueueAnswers503WithRetryAfter() throws Exception {
    Tensor input = OipClient.randomInput(SHAPE, 2);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              List<CompletableFuture<HttpResponse<byte[]>>> burst = new ArrayList<>();
              for (int i = 0; i < 8; i++) {
                burst.add(
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            return OipClient.inferBinary(worker.base(), MODEL, "input", input);
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                        }));
              }
              boolean refused = false;
              for (CompletableFuture<HttpResponse<byte[]>> f : burst) {
                HttpResponse<byte[]> r = f.get();
                if (r.statusCode() == 503) {
                  assertTrue(r.headers().firstValue("Retry-After").isPresent());
                  assertTrue(new String(r.body()).contains("queue full"));
                  refused = true;
                } else {
                  assertEquals(200, r.statusCode(), new String(r.body()));
                }
              }
              return refused;
            });
  }
}
