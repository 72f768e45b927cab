package dev.strata.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.graph.OnnxModel;
import dev.strata.core.models.BuiltinModels;
import dev.strata.runtime.engine.CoreStageModel;
import dev.strata.runtime.engine.ModelSource;
import dev.strata.runtime.engine.ModelSourceException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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

  private ModelLoader loader() {
    return new ModelLoader(
        new ModelSource(dir.resolve("cache"), HttpClient.newHttpClient(), Duration.ofSeconds(5)));
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
}
