package dev.strata.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.graph.OnnxModel;
import dev.strata.core.models.BuiltinModels;
import dev.strata.core.models.ModelUriPolicy;
import dev.strata.runtime.engine.CoreStageModel;
import dev.strata.runtime.engine.FakeModelServer;
import dev.strata.runtime.engine.ModelSource;
import dev.strata.runtime.engine.ModelSourceException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {
  private static byte[] modelBytes;
  @TempDir Path dir;

  @BeforeAll
  static void buildModel() {
    modelBytes = OnnxModel.of(BuiltinModels.build("mobilenet_v2", 1), "m").toBytes();
  }

  /** The default allowlist plus the temp directory, as the ITs configure a worker. */
  private ModelLoader loader() {
    List<String> prefixes = new ArrayList<>(ModelUriPolicy.DEFAULT_PREFIXES);
    prefixes.add(dir.toUri().toString());
    return loader(prefixes, Optional.of(dir.resolve("claim")));
  }

  private ModelLoader loader(List<String> prefixes, Optional<Path> pvcDir) {
    return new ModelLoader(
        new ModelSource(
            dir.resolve("cache"),
            HttpClient.newHttpClient(),
            Duration.ofSeconds(5),
            ModelUriPolicy.allowing(prefixes),
            pvcDir));
  }

  private static String loadError(ModelLoader loader, String uri, Optional<String> sha256) {
    return assertThrows(
            ModelSourceException.class, () -> loader.load(uri, sha256, Optional.empty()), uri)
        .getMessage();
  }

  @Test
  void builtinUriLoadsUnderItsName() throws Exception {
    CoreStageModel model =
        loader().load("builtin:mobilenet_v2?seed=3", Optional.empty(), Optional.empty());
    assertEquals("mobilenet_v2", model.name());
    assertTrue(model.segmentCount() > 1);
  }

  @Test
  void fileUriWithMatchingSha256Loads() throws Exception {
    Path file = Files.write(dir.resolve("m.onnx"), modelBytes);
    String sha = ModelSource.digest(file.toUri(), file);
    CoreStageModel model =
        loader().load(file.toUri().toString(), Optional.of(sha), Optional.empty());
    assertEquals("m", model.name());
  }

  @Test
  void sha256MismatchIsAnErrorNamingBothDigests() throws Exception {
    Path file = Files.write(dir.resolve("m.onnx"), modelBytes);
    ModelSourceException e =
        assertThrows(
            ModelSourceException.class,
            () ->
                loader()
                    .load(file.toUri().toString(), Optional.of("00".repeat(32)), Optional.empty()));
    assertTrue(e.getMessage().contains("sha256 mismatch: expected 0000"), e.getMessage());
  }

  @Test
  void truncatedFileIsAnErrorNotAPartialModel() throws Exception {
    Path file =
        Files.write(dir.resolve("t.onnx"), Arrays.copyOf(modelBytes, modelBytes.length / 2));
    ModelSourceException e =
        assertThrows(
            ModelSourceException.class,
            () -> loader().load(file.toUri().toString(), Optional.empty(), Optional.empty()));
    assertTrue(e.getMessage().contains("is not a readable ONNX model"), e.getMessage());
  }

  @Test
  void httpUriWithoutSha256IsRefused() {
    ModelSourceException e =
        assertThrows(
            ModelSourceException.class,
            () ->
                loader().load("https://models.example/m.onnx", Optional.empty(), Optional.empty()));
    assertTrue(e.getMessage().contains("sha256 is required"), e.getMessage());
  }

  @Test
  void unknownBuiltinIsAnError() {
    assertThrows(
        ModelSourceException.class,
        () -> loader().load("builtin:nosuchnet", Optional.empty(), Optional.empty()));
  }

  @Test
  void pvcUriLoadsFromTheClaimDirectoryUnderItsFileName() throws Exception {
    Path file =
        Files.write(
            Files.createDirectories(dir.resolve("claim/nets")).resolve("m.onnx"), modelBytes);
    String sha = ModelSource.digest(file.toUri(), file);
    CoreStageModel model =
        loader().load("pvc://models/nets/m.onnx", Optional.of(sha), Optional.empty());
    assertEquals("m", model.name());
  }

  @Test
  void uriOutsideTheAllowlistIsRefusedNamingTheSetting() throws Exception {
    Path file = Files.write(dir.resolve("m.onnx"), modelBytes);
    String error =
        loadError(
            loader(ModelUriPolicy.DEFAULT_PREFIXES, Optional.empty()),
            file.toUri().toString(),
            Optional.empty());
    assertTrue(
        error.startsWith(
            "model URI \""
                + file.toUri()
                + "\" does not start with an allowed prefix builtin:, https://, pvc://"),
        error);
    assertTrue(
        error.endsWith(
            "allowed by strata.allowed-model-uris (STRATA_ALLOWED_MODEL_URIS) on this worker,"
                + " set from the operator's strata.operator.allowed-model-uris"),
        error);
  }

  @Test
  void builtinOutsideTheAllowlistIsRefusedBeforeAnythingIsBuilt() {
    String error =
        loadError(
            loader(List.of("https://"), Optional.empty()),
            "builtin:mobilenet_v2?seed=3",
            Optional.empty());
    assertTrue(error.contains("strata.allowed-model-uris"), error);
    assertFalse(Files.exists(dir.resolve("cache")), "nothing written to the cache");
  }

  @Test
  void httpOutsideTheAllowlistIsRefusedBeforeAnyDownload() throws Exception {
    try (FakeModelServer server = new FakeModelServer(modelBytes)) {
      String error =
          loadError(
              loader(ModelUriPolicy.DEFAULT_PREFIXES, Optional.empty()),
              server.uri("/m.onnx"),
              Optional.of("00".repeat(32)));
      assertTrue(error.contains("does not start with an allowed prefix"), error);
      assertEquals(0, server.requests());
    }
  }

  @Test
  void dotSegmentsAreRefusedEvenWhenTheFileExists() throws Exception {
    Path inside = Files.createDirectories(dir.resolve("models"));
    Files.write(dir.resolve("m.onnx"), modelBytes);
    Files.write(Files.createDirectories(dir.resolve("claim")).resolve("m.onnx"), modelBytes);
    ModelLoader loader =
        loader(
            List.of(inside.toUri().toString(), "pvc://"), Optional.of(dir.resolve("claim/nets")));
    for (String uri :
        List.of(
            inside.toUri() + "../m.onnx",
            inside.toUri() + "%2e%2e/m.onnx",
            "pvc://models/../m.onnx",
            "pvc://models/%2E%2E/m.onnx")) {
      String error = loadError(loader, uri, Optional.empty());
      assertTrue(error.contains("\"..\" path segment"), error);
      assertTrue(error.contains("strata.allowed-model-uris"), error);
    }
  }

  @Test
  void credentialsInTheUriAreRefusedWithoutRepeatingThem() {
    String error =
        loadError(
            loader(), "https://reader:s3cret@models.example/m.onnx", Optional.of("00".repeat(32)));
    assertTrue(error.contains("carries credentials"), error);
    assertFalse(error.contains("s3cret"), error);
  }
}
