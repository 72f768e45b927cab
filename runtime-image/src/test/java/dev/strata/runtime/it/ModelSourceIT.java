package dev.strata.runtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.strata.core.graph.OnnxModel;
import dev.strata.core.models.BuiltinModels;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A model that fails its sha256 check, is truncated or is not allowed by {@code
 * strata.allowed-model-uris} is an error the operator reads from {@code /control/status}, and the
 * worker stays unready; a verified http download and a model on a claim, configured through the
 * environment as the operator does, load.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelSourceIT {
  private byte[] model;
  private Path dir;

  @BeforeAll
  void writeModel() throws Exception {
    model = OnnxModel.of(BuiltinModels.build("mobilenet_v2", 2), "m").toBytes();
    dir = Files.createDirectories(Path.of("target", "it-models").toAbsolutePath());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static int readyStatus(WorkerProcess w) throws Exception {
    return WorkerProcess.HTTP
        .send(
            HttpRequest.newBuilder(w.base().resolve("/v2/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void sha256MismatchIsReportedAndTheWorkerStaysUnready() throws Exception {
    Path file = Files.write(dir.resolve("good.onnx"), model);
    try (WorkerProcess w =
        WorkerProcess.start(
            "sha-mismatch",
            Map.of(
                "strata.model-uri",
                file.toUri().toString(),
                "strata.model-sha256",
                "ab".repeat(32),
                "strata.allowed-model-uris",
                dir.toUri().toString()))) {
      JsonNode status = w.status();
      assertEquals("Failed", status.path("phase").asText());
      assertTrue(status.path("error").asText().contains("sha256 mismatch"), status.toString());
      assertEquals(503, readyStatus(w));
    }
  }

  @Test
  void truncatedModelIsReportedNotLoadedInPart() throws Exception {
    Path file =
        Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(model, model.length * 2 / 3));
    try (WorkerProcess w =
        WorkerProcess.start(
            "truncated",
            Map.of(
                "strata.model-uri",
                file.toUri().toString(),
                "strata.allowed-model-uris",
                dir.toUri().toString()))) {
      JsonNode status = w.status();
      assertEquals("Failed", status.path("phase").asText());
      assertTrue(
          status.path("error").asText().contains("not a readable ONNX model"), status.toString());
    }
  }

  @Test
  void httpModelWithMatchingSha256Loads() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/models/m.onnx",
        exchange -> {
          exchange.sendResponseHeaders(200, model.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(model);
          }
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/models/";
    try (WorkerProcess w =
        WorkerProcess.start(
            "http-model",
            Map.of(
                "strata.model-uri",
                base + "m.onnx",
                "strata.allowed-model-uris",
                base,
                "strata.model-sha256",
                sha256(model),
                "strata.model-cache",
                dir.resolve("cache").toString()))) {
      JsonNode status = w.status();
      assertEquals("Ready", status.path("phase").asText(), status.toString());
      assertEquals("m", status.path("model").asText());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void modelOutsideTheAllowlistIsReportedNamingTheSetting() throws Exception {
    Path file = Files.write(dir.resolve("good.onnx"), model);
    try (WorkerProcess w =
        WorkerProcess.start("not-allowed", Map.of("strata.model-uri", file.toUri().toString()))) {
      JsonNode status = w.status();
      assertEquals("Failed", status.path("phase").asText());
      String error = status.path("error").asText();
      assertTrue(
          error.contains("does not start with an allowed prefix builtin:, https://, pvc://"),
          error);
      assertTrue(
          error.contains("strata.allowed-model-uris (STRATA_ALLOWED_MODEL_URIS) on this worker"),
          error);
      assertEquals(503, readyStatus(w));
    }
  }

  @Test
  void blankAllowlistIsReportedNamingTheSetting() throws Exception {
    try (WorkerProcess w =
        WorkerProcess.start(
            "blank-allowlist",
            Map.of(
                "strata.model-uri",
                "builtin:mobilenet_v2?seed=2",
                "strata.allowed-model-uris",
                " "))) {
      JsonNode status = w.status();
      assertEquals("Failed", status.path("phase").asText());
      assertTrue(
          status
              .path("error")
              .asText()
              .startsWith(
                  "strata.allowed-model-uris (STRATA_ALLOWED_MODEL_URIS): the model URI allowlist"
                      + " must list at least one non-blank prefix"),
          status.toString());
    }
  }

  @Test
  void modelOnAClaimLoadsWithTheOperatorsEnvironment() throws Exception {
    Path claim = Files.createDirectories(dir.resolve("claim"));
    Files.write(Files.createDirectories(claim.resolve("nets")).resolve("m.onnx"), model);
    try (WorkerProcess w =
        WorkerProcess.start(
            "pvc-model",
            Map.of(),
            "2g",
            Map.of(
                "STRATA_MODEL_URI",
                "pvc://models/nets/m.onnx",
                "STRATA_MODEL_SHA256",
                sha256(model),
                "STRATA_MODEL_PVC_DIR",
                claim.toString(),
                "STRATA_ALLOWED_MODEL_URIS",
                "builtin:,pvc://"))) {
      JsonNode status = w.status();
      assertEquals("Ready", status.path("phase").asText(), status.toString());
      assertEquals("m", status.path("model").asText());
      assertEquals("pvc://models/nets/m.onnx", status.path("modelUri").asText());
    }
  }
}
