package dev.strata.runtime.engine;

import dev.strata.core.models.BuiltinModelUri;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Brings a model file onto this node and verifies it: {@code file://} paths are read in place,
 * {@code http(s)://} URIs are downloaded into the cache directory (a volume, so the root file
 * system can stay read-only). A sha256 is mandatory for remote URIs and checked whenever given; a
 * mismatch is an error, never a silent partial load.
 */
public final class ModelSource {
  private final Path cacheDir;
  private final HttpClient http;
  private final Duration downloadTimeout;

  public ModelSource(Path cacheDir, HttpClient http, Duration downloadTimeout) {
    this.cacheDir = cacheDir;
    this.http = http;
    this.downloadTimeout = downloadTimeout;
  }

  /**
   * The file of a built-in model in the cache, building and writing it once when absent, so that
   * the worker maps the weights instead of holding them on its heap (and a restarted worker, or a
   * node that pre-staged the file, does not build it again).
   */
  public Path builtin(BuiltinModelUri model) throws ModelSourceException {
    Path target = cacheDir.resolve("builtin-" + model.name() + "-seed" + model.seed() + ".onnx");
    if (Files.exists(target)) {
      return target;
    }
    try {
      Files.createDirectories(cacheDir);
      Path partial = Files.createTempFile(cacheDir, "builtin-" + model.name(), ".part");
      try (OutputStream out = Files.newOutputStream(partial)) {
        model.build().writeTo(out);
      }
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new ModelSourceException(
          "model " + model + ": cannot write the built model to " + cacheDir + ": " + e, e);
    }
  }

  /**
   * Returns a local, verified copy of the model file.
   *
   * @param uri {@code file:///...}, {@code http://...} or {@code https://...}
   * @param sha256 expected hex digest; required for http(s)
   * @throws ModelSourceException naming the URI and what to fix
   */
  public Path fetch(URI uri, Optional<String> sha256) throws ModelSourceException {
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    Optional<String> expected = sha256.map(s -> s.trim().toLowerCase(Locale.ROOT));
    switch (scheme) {
      case "file" -> {
        Path path = Path.of(uri);
        if (!Files.isRegularFile(path)) {
          throw new ModelSourceException("model " + uri + ": no such file on this node");
        }
        if (expected.isPresent()) {
          verify(uri, expected.get(), digest(uri, path));
        }
        return path;
      }
      case "http", "https" -> {
        if (expected.isEmpty()) {
          throw new ModelSourceException(
              "model " + uri + ": sha256 is required for http(s) URIs; set strata.model-sha256");
        }
        return download(uri, expected.get());
      }
      default ->
          throw new ModelSourceException(
              "model URI "
                  + uri
                  + " has unsupported scheme \""
                  + scheme
                  + "\"; use builtin:NAME?seed=N, file:///path or https://...");
    }
  }

  private Path download(URI uri, String expected) throws ModelSourceException {
    Path target = cacheDir.resolve(expected + ".onnx");
    try {
      Files.createDirectories(cacheDir);
      if (Files.isRegularFile(target) && digest(uri, target).equals(expected)) {
        return target;
      }
      Path partial = Files.createTempFile(cacheDir, expected, ".part");
      try {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(downloadTimeout).GET().build();
        HttpResponse<InputStream> response =
            http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(response.body(), md);
            OutputStream out = Files.newOutputStream(partial)) {
          if (response.statusCode() != 200) {
            throw new ModelSourceException(
                "model " + uri + ": download answered HTTP " + response.statusCode());
          }
          in.transferTo(out);
        }
        verify(uri, expected, HexFormat.of().formatHex(md.digest()));
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new ModelSourceException("model " + uri + ": download failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelSourceException("model " + uri + ": download interrupted", e);
    }
  }

  private static void verify(URI uri, String expected, String actual) throws ModelSourceException {
    if (!expected.equals(actual)) {
      throw new ModelSourceException(
          "model "
              + uri
              + ": sha256 mismatch: expected "
              + expected
              + " but the file has "
              + actual
              + "; the file is corrupt or the configured sha256 is wrong");
    }
  }

  /** Hex sha256 of a file. */
  public static String digest(URI uri, Path file) throws ModelSourceException {
    MessageDigest md = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new ModelSourceException("model " + uri + ": cannot read " + file + ": " + e, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
