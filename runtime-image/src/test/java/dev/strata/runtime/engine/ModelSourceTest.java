package dev.strata.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.models.ModelUriPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@link ModelSource} finds a model file: {@code pvc://} below the claim's mount, {@code
 * file://} below an allowed directory, both by real path; http(s) downloads verified and cached.
 */
class ModelSourceTest {
  private static final byte[] BYTES = "not parsed here".getBytes(StandardCharsets.UTF_8);
  @TempDir Path dir;
  private Path claim;
  private Path models;
  private Path outside;
  private String sha;

  @BeforeEach
  void layOutFiles() throws Exception {
    claim = Files.createDirectories(dir.resolve("claim"));
    models = Files.createDirectories(dir.resolve("models"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.write(Files.createDirectories(claim.resolve("nets")).resolve("v.onnx"), BYTES);
    Files.write(models.resolve("v.onnx"), BYTES);
    Files.write(outside.resolve("secret.onnx"), BYTES);
    sha = ModelSource.digest(URI.create("file:///v.onnx"), models.resolve("v.onnx"));
  }

  private ModelSource source(List<String> prefixes, Optional<Path> pvcDir) {
    return new ModelSource(
        dir.resolve("cache"),
        HttpClient.newHttpClient(),
        Duration.ofSeconds(5),
        ModelUriPolicy.allowing(prefixes),
        pvcDir);
  }

  private ModelSource claimSource() {
    return source(ModelUriPolicy.DEFAULT_PREFIXES, Optional.of(claim));
  }

  private ModelSource sourceAllowing(String prefix) {
    return source(List.of(prefix), Optional.empty());
  }

  private static String fetchError(ModelSource source, String uri) {
    return assertThrows(
            ModelSourceException.class, () -> source.fetch(URI.create(uri), Optional.empty()), uri)
        .getMessage();
  }

  @Test
  void pvcUriResolvesToItsPathBelowTheClaimDirectory() throws Exception {
    Path file = claimSource().fetch(URI.create("pvc://models/nets/v.onnx"), Optional.of(sha));
    assertEquals(claim.resolve("nets/v.onnx").toRealPath(), file);
  }

  @Test
  void pvcUriWithoutAClaimDirectoryNamesTheSetting() {
    String error =
        fetchError(
            source(ModelUriPolicy.DEFAULT_PREFIXES, Optional.empty()), "pvc://models/v.onnx");
    assertTrue(error.contains("no directory for claim \"models\""), error);
    assertTrue(error.contains("set strata.model-pvc-dir (STRATA_MODEL_PVC_DIR)"), error);
  }

  @Test
  void pvcClaimDirectoryThatDoesNotExistAsksWhetherTheClaimIsMounted() {
    Path missing = dir.resolve("not-mounted");
    String error =
        fetchError(
            source(ModelUriPolicy.DEFAULT_PREFIXES, Optional.of(missing)), "pvc://models/v.onnx");
    assertTrue(
        error.contains("the claim directory " + missing + " (strata.model-pvc-dir) does not exist"),
        error);
  }

  @Test
  void missingFileOnTheClaimNamesTheClaimAndTheMount() {
    String error = fetchError(claimSource(), "pvc://models/nets/w.onnx");
    assertTrue(
        error.contains("no file nets/w.onnx on claim \"models\" (mounted at " + claim + ")"),
        error);
  }

  @Test
  void pvcFileWithTheWrongSha256IsRefused() {
    ModelSourceException e =
        assertThrows(
            ModelSourceException.class,
            () ->
                claimSource()
                    .fetch(URI.create("pvc://models/nets/v.onnx"), Optional.of("cd".repeat(32))));
    assertTrue(e.getMessage().contains("sha256 mismatch: expected cdcd"), e.getMessage());
    assertTrue(e.getMessage().contains("but the file has " + sha), e.getMessage());
  }

  @Test
  void malformedPvcUriIsRefusedWithItsExpectedForm() {
    String error = fetchError(claimSource(), "pvc://Models/v.onnx");
    assertTrue(error.contains("expected pvc://<claim>/<path>"), error);
  }

  @Test
  void symlinkOnTheClaimThatLeadsOutOfItIsRefused() throws Exception {
    Files.createSymbolicLink(claim.resolve("escape.onnx"), outside.resolve("secret.onnx"));
    String error = fetchError(claimSource(), "pvc://models/escape.onnx");
    assertTrue(
        error.contains(
            "resolves to "
                + outside.resolve("secret.onnx").toRealPath()
                + ", outside the claim directory "
                + claim.toRealPath()
                + " (a symlink?)"),
        error);
  }

  @Test
  void symlinkedDirectoryOnTheClaimThatLeadsOutOfItIsRefused() throws Exception {
    Files.createSymbolicLink(claim.resolve("elsewhere"), outside);
    String error = fetchError(claimSource(), "pvc://models/elsewhere/secret.onnx");
    assertTrue(error.contains("outside the claim directory"), error);
  }

  @Test
  void claimDirectoryMountedThroughASymlinkStillServesItsFiles() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("mount"), claim);
    Path file =
        source(ModelUriPolicy.DEFAULT_PREFIXES, Optional.of(link))
            .fetch(URI.create("pvc://models/nets/v.onnx"), Optional.of(sha));
    assertEquals(claim.resolve("nets/v.onnx").toRealPath(), file);
  }

  @Test
  void fileBelowTheAllowedDirectoryLoadsWithItsSha256() throws Exception {
    ModelSource source = sourceAllowing(models.toUri().toString());
    Path file = source.fetch(models.resolve("v.onnx").toUri(), Optional.of(sha));
    assertEquals(models.resolve("v.onnx").toRealPath(), file);
  }

  @Test
  void symlinkInTheAllowedDirectoryThatLeadsOutOfItIsRefused() throws Exception {
    Path link =
        Files.createSymbolicLink(models.resolve("escape.onnx"), outside.resolve("secret.onnx"));
    String error = fetchError(sourceAllowing(models.toUri().toString()), link.toUri().toString());
    assertTrue(
        error.contains(
            "resolves to "
                + outside.resolve("secret.onnx").toRealPath()
                + ", outside the directories of the allowed file:// prefixes (a symlink?)"),
        error);
    assertTrue(error.contains("strata.allowed-model-uris (STRATA_ALLOWED_MODEL_URIS)"), error);
  }

  @Test
  void allowedDirectoryThatIsItselfASymlinkIsComparedByItsRealPath() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("current"), models);
    Path file =
        sourceAllowing(link.toUri().toString() + "/")
            .fetch(URI.create(link.toUri() + "/v.onnx"), Optional.empty());
    assertEquals(models.resolve("v.onnx").toRealPath(), file);
  }

  @Test
  void prefixWithoutTrailingSlashIsTakenAsADirectory() throws Exception {
    String prefix = models.toUri().toString().replaceAll("/$", "");
    assertEquals(
        models.resolve("v.onnx").toRealPath(),
        sourceAllowing(prefix).fetch(models.resolve("v.onnx").toUri(), Optional.empty()));
    Path link = Files.createSymbolicLink(models.resolve("up.onnx"), outside.resolve("secret.onnx"));
    String error = fetchError(sourceAllowing(prefix), link.toUri().toString());
    assertTrue(error.contains("outside the directories of the allowed file:// prefixes"), error);
  }

  @Test
  void bareFilePrefixAllowsEveryPath() throws Exception {
    Path link =
        Files.createSymbolicLink(models.resolve("escape.onnx"), outside.resolve("secret.onnx"));
    for (String prefix : List.of("file://", "file:///")) {
      assertEquals(
          outside.resolve("secret.onnx").toRealPath(),
          sourceAllowing(prefix).fetch(link.toUri(), Optional.empty()),
          prefix);
    }
  }

  @Test
  void fileThatIsNotThereIsReportedAsMissing() {
    String error =
        fetchError(
            sourceAllowing(models.toUri().toString()),
            models.resolve("none.onnx").toUri().toString());
    assertTrue(error.endsWith("no such file on this node"), error);
  }

  @Test
  void directoryIsNotAModelFile() {
    String error = fetchError(sourceAllowing("file:///"), models.toUri().toString());
    assertTrue(error.endsWith("is not a regular file"), error);
  }

  @Test
  void downloadIsVerifiedThenServedFromTheCacheKeyedBySha256() throws Exception {
    try (FakeModelServer server = new FakeModelServer(BYTES)) {
      ModelSource source = sourceAllowing("http://127.0.0.1:");
      URI uri = URI.create(server.uri("/m.onnx"));
      Path first = source.fetch(uri, Optional.of(sha));
      Path second = source.fetch(uri, Optional.of(sha.toUpperCase()));
      assertEquals(dir.resolve("cache").resolve(sha + ".onnx"), first);
      assertEquals(first, second);
      assertEquals(1, server.requests());
    }
  }

  @Test
  void downloadWithTheWrongSha256LeavesNothingInTheCache() throws Exception {
    try (FakeModelServer server = new FakeModelServer(BYTES)) {
      ModelSourceException e =
          assertThrows(
              ModelSourceException.class,
              () ->
                  sourceAllowing("http://127.0.0.1:")
                      .fetch(URI.create(server.uri("/m.onnx")), Optional.of("ef".repeat(32))));
      assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
      try (Stream<Path> cached = Files.list(dir.resolve("cache"))) {
        assertFalse(cached.findAny().isPresent());
      }
    }
  }
}
