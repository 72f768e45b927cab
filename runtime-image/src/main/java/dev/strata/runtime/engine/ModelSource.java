package dev.strata.runtime.engine;

import dev.strata.core.models.BuiltinModelUri;
import dev.strata.core.models.ModelUriPolicy;
import dev.strata.core.models.PvcModelUri;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Brings a model file onto this node and verifies it: {@code file://} paths are read in place,
 * {@code pvc://claim/path} below the directory where the claim is mounted, {@code http(s)://} URIs
 * are downloaded into the cache directory (a volume, so the root file system can stay read-only). A
 * URI is first checked against the allowlist ({@link #admit}); a local file must then lie, symlinks
 * resolved, below the directory of an allowed {@code file://} prefix or below the claim's mount. A
 * sha256 is mandatory for remote URIs and checked whenever given; a mismatch is an error, never a
 * silent partial load.
 */
public final class ModelSource {
  private static final String ALLOWLIST =
      "model URIs are allowed by strata.allowed-model-uris (STRATA_ALLOWED_MODEL_URIS) on this"
          + " worker, set from the operator's strata.operator.allowed-model-uris";
  private static final String FILE_PREFIX = "file://";

  private final Path cacheDir;
  private final HttpClient http;
  private final Duration downloadTimeout;
  private final ModelUriPolicy policy;
  private final Optional<Path> pvcDir;

  /**
   * @param policy the allowed model URIs
   * @param pvcDir where the claim of a {@code pvc://} URI is mounted; empty when none is
   */
  public ModelSource(
      Path cacheDir,
      HttpClient http,
      Duration downloadTimeout,
      ModelUriPolicy policy,
      Optional<Path> pvcDir) {
    this.cacheDir = cacheDir;
    this.http = http;
    this.downloadTimeout = downloadTimeout;
    this.policy = policy;
    this.pvcDir = pvcDir;
  }

  /**
   * Checks {@code uri} against the allowlist; call it before anything is opened or downloaded.
   *
   * @throws ModelSourceException naming the URI, the rule it breaks and where the allowlist is set
   */
  public void admit(String uri) throws ModelSourceException {
    Optional<String> refusal = policy.refusal(uri);
    if (refusal.isPresent()) {
      throw new ModelSourceException(refusal.get() + "; " + ALLOWLIST);
    }
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
   * @param uri {@code file:///...}, {@code pvc://claim/path}, {@code http://...} or {@code
   *     https://...}, already {@linkplain #admit admitted}
   * @param sha256 expected hex digest; required for http(s)
   * @throws ModelSourceException naming the URI and what to fix
   */
  public Path fetch(URI uri, Optional<String> sha256) throws ModelSourceException {
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    Optional<String> expected = sha256.map(s -> s.trim().toLowerCase(Locale.ROOT));
    switch (scheme) {
      case "file" -> {
        return verified(uri, nodeFile(uri), expected);
      }
      case "pvc" -> {
        return verified(uri, claimFile(uri), expected);
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
                  + "\"; use builtin:NAME?seed=N, file:///path, pvc://claim/path or https://...");
    }
  }

  /** The real path of a {@code file://} model, below the directory of an allowed prefix. */
  private Path nodeFile(URI uri) throws ModelSourceException {
    Path path;
    try {
      path = Path.of(uri);
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw new ModelSourceException(
          "model " + uri + " is not a file on this node (" + e.getMessage() + "); use file:///path",
          e);
    }
    Path real = realPath(uri, path, "no such file on this node");
    if (allowedFileDirectories().stream().noneMatch(real::startsWith)) {
      throw new ModelSourceException(
          "model "
              + uri
              + " resolves to "
              + real
              + ", outside the directories of the allowed file:// prefixes (a symlink?); "
              + ALLOWLIST);
    }
    return real;
  }

  /**
   * The real directories of the allowed {@code file://} prefixes: a prefix's path is taken as a
   * directory ({@code file:///srv/models} confines to {@code /srv/models} like {@code
   * file:///srv/models/}), and a bare {@code file://} or {@code file:///} allows every path.
   * Directories that do not exist (or name another host) hold no model.
   */
  private List<Path> allowedFileDirectories() {
    List<Path> directories = new ArrayList<>();
    for (String prefix : policy.prefixes()) {
      if (!prefix.regionMatches(true, 0, FILE_PREFIX, 0, FILE_PREFIX.length())) {
        continue;
      }
      String directory = prefix.substring(FILE_PREFIX.length());
      if (directory.isEmpty()) {
        directory = "/";
      }
      try {
        directories.add(Path.of(URI.create(FILE_PREFIX + directory)).toRealPath());
      } catch (IllegalArgumentException | FileSystemNotFoundException | IOException e) {
        // not a directory on this node: nothing below it can be loaded
      }
    }
    return directories;
  }

  /** The real path of a {@code pvc://claim/path} model, below the claim's mount. */
  private Path claimFile(URI uri) throws ModelSourceException {
    PvcModelUri pvc;
    try {
      pvc = PvcModelUri.parse(uri.toString());
    } catch (IllegalArgumentException e) {
      throw new ModelSourceException(e.getMessage(), e);
    }
    if (pvcDir.isEmpty()) {
      throw new ModelSourceException(
          "model "
              + uri
              + ": no directory for claim \""
              + pvc.claim()
              + "\" on this worker; set strata.model-pvc-dir (STRATA_MODEL_PVC_DIR) to where the"
              + " claim is mounted (the operator sets it when it mounts the claim)");
    }
    Path mount = pvcDir.get();
    Path realMount =
        realPath(
            uri,
            mount,
            "the claim directory "
                + mount
                + " (strata.model-pvc-dir) does not exist; is claim \""
                + pvc.claim()
                + "\" mounted there?");
    Path real =
        realPath(
            uri,
            mount.resolve(pvc.path()),
            "no file "
                + pvc.path()
                + " on claim \""
                + pvc.claim()
                + "\" (mounted at "
                + mount
                + ")");
    if (!real.startsWith(realMount)) {
      throw new ModelSourceException(
          "model "
              + uri
              + " resolves to "
              + real
              + ", outside the claim directory "
              + realMount
              + " (a symlink?); put the model file itself on the claim");
    }
    return real;
  }

  private static Path realPath(URI uri, Path path, String missing) throws ModelSourceException {
    try {
      return path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new ModelSourceException("model " + uri + ": " + missing, e);
    } catch (IOException e) {
      throw new ModelSourceException("model " + uri + ": cannot resolve " + path + ": " + e, e);
    }
  }

  private static Path verified(URI uri, Path file, Optional<String> expected)
      throws ModelSourceException {
    if (!Files.isRegularFile(file)) {
      throw new ModelSourceException("model " + uri + ": " + file + " is not a regular file");
    }
    if (expected.isPresent()) {
      verify(uri, expected.get(), digest(uri, file));
    }
    return file;
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
