package dev.strata.runtime.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.exec.Tensor;
import dev.strata.runtime.control.ControlResource;
import dev.strata.runtime.oip.InferResource;
import dev.strata.runtime.oip.InferRoute;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.ByteArrayInputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
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

/**
 * Every bad input gets a clear refusal: token (on every control endpoint, found by reflection),
 * shape, datatype, size, queue, revision, model.
 */
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

  /** An HTTP method and a path with its parameters filled in. */
  private record Endpoint(String method, String path) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /**
   * The resource methods of {@code resource}: those with a JAX-RS HTTP method annotation, at the
   * class path joined with the method path, path parameters replaced by {@code parameter}.
   */
  private static List<Endpoint> endpointsOf(Class<?> resource, String parameter) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Method method : resource.getMethods()) {
      List<String> verbs = new ArrayList<>();
      for (Annotation annotation : method.getAnnotations()) {
        HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
        if (verb != null) {
          verbs.add(verb.value());
        }
      }
      Path path = method.getAnnotation(Path.class);
      assertTrue(
          path == null || !verbs.isEmpty(),
          method + " is a sub-resource locator, which this test does not follow");
      String template =
          ("/"
                  + resource.getAnnotation(Path.class).value()
                  + "/"
                  + (path == null ? "" : path.value()))
              .replaceAll("/+", "/")
              .replaceAll("(.)/$", "$1")
              .replaceAll("\\{[^}]*}", parameter);
      verbs.forEach(verb -> endpoints.add(new Endpoint(verb, template)));
    }
    return endpoints;
  }

  private HttpResponse<byte[]> call(Endpoint endpoint, String authorization) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(worker.base().resolve(endpoint.path()))
            .header("Content-Type", "application/json")
            .method(
                endpoint.method(),
                endpoint.method().equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    return WorkerProcess.HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void everyControlEndpointRefusesCallsWithoutTheRightToken() throws Exception {
    List<Endpoint> endpoints = endpointsOf(ControlResource.class, "dummy");
    assertTrue(
        endpoints.containsAll(
            List.of(
                new Endpoint("POST", "/control/prepare"),
                new Endpoint("POST", "/control/commit"),
                new Endpoint("GET", "/control/status"),
                new Endpoint("POST", "/control/sink"))),
        endpoints.toString());
    List<String> open = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      // With the token, a method no resource declares answers 405, not 404: the path is a route.
      HttpResponse<byte[]> route =
          call(
              new Endpoint("STRATA-ROUTE-CHECK", endpoint.path()), "Bearer " + WorkerProcess.TOKEN);
      assertEquals(405, route.statusCode(), endpoint + " is not a route of the worker");
      for (String authorization :
          new String[] {null, "Bearer wrong", "Basic " + WorkerProcess.TOKEN}) {
        HttpResponse<byte[]> r = call(endpoint, authorization);
        if (r.statusCode() != 401
            || !r.headers().firstValue("WWW-Authenticate").orElse("").equals("Bearer")) {
          open.add(endpoint + " with Authorization " + authorization + ": HTTP " + r.statusCode());
        }
      }
    }
    assertEquals(List.of(), open, "control endpoints must answer 401 without the bearer token");
  }

  @Test
  void dataPlaneEndpointsNeedNoToken() throws Exception {
    List<Endpoint> endpoints = new ArrayList<>(endpointsOf(InferResource.class, MODEL));
    endpoints.add(new Endpoint("POST", InferRoute.PATH.replace(":name", MODEL)));
    assertTrue(
        endpoints.containsAll(
            List.of(
                new Endpoint("GET", "/v2"),
                new Endpoint("GET", "/v2/health/ready"),
                new Endpoint("GET", "/v2/models/" + MODEL),
                new Endpoint("POST", "/v2/models/" + MODEL + "/infer"))),
        endpoints.toString());
    for (Endpoint endpoint : endpoints) {
      HttpResponse<byte[]> r = call(endpoint, null);
      // 200 for health and metadata; the infer call's empty body is a 400, not a 401.
      int expected = endpoint.path().endsWith("/infer") ? 400 : 200;
      assertEquals(expected, r.statusCode(), endpoint + ": " + new String(r.body()));
    }
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

  /** Posts {@code body} to the infer endpoint with the given headers (name, value, ...). */
  private HttpResponse<byte[]> postInfer(HttpRequest.BodyPublisher body, String... headers)
      throws Exception {
    return WorkerProcess.HTTP.send(
        HttpRequest.newBuilder(worker.base().resolve("/v2/models/" + MODEL + "/infer"))
            .headers(headers)
            .POST(body)
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void bodyWithoutLengthOverThePayloadLimitAnswers413() throws Exception {
    // ofInputStream sends the body chunked, without Content-Length: the limit is found while
    // reading, not from the header.
    HttpResponse<byte[]> r =
        postInfer(
            HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(new byte[1_200_000])),
            "Content-Type",
            "application/octet-stream");
    assertEquals(413, r.statusCode());
    String body = new String(r.body());
    assertTrue(body.contains("1200000 bytes exceeds the limit of 1000000"), body);
    // The connection stays usable: the next request on the same client is answered.
    assertEquals(
        400,
        OipClient.inferBinary(
                worker.base(), MODEL, "input", OipClient.randomInput(new long[] {1, 3, 2, 2}, 1))
            .statusCode());
  }

  @Test
  void headerThatIsNotANumberAnswers400NamingIt() throws Exception {
    HttpResponse<byte[]> r =
        postInfer(
            HttpRequest.BodyPublishers.ofString("{}"),
            "Strata-Deadline-Ms",
            "soon",
            "Content-Type",
            "application/json");
    assertEquals(400, r.statusCode());
    String body = new String(r.body());
    assertTrue(body.contains("Strata-Deadline-Ms must be an integer, got \\\"soon\\\""), body);
  }

  @Test
  void requestWhoseDeadlineHasRunOutAnswers504() throws Exception {
    HttpResponse<byte[]> r =
        postInfer(
            HttpRequest.BodyPublishers.ofString(
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1],"
                    + "\"datatype\":\"FP32\",\"data\":[1]}]}"),
            "Strata-Deadline-Ms",
            "0",
            "Content-Type",
            "application/json");
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
