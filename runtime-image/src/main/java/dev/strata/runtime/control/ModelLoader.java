package dev.strata.runtime.control;

import dev.strata.core.graph.ModelFormatException;
import dev.strata.core.models.BuiltinModelUri;
import dev.strata.runtime.engine.CoreStageModel;
import dev.strata.runtime.engine.ModelSource;
import dev.strata.runtime.engine.ModelSourceException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a model URI into the model a worker holds: checked against the allowlist first, then {@code
 * builtin:NAME?seed=N} from the core builders, {@code file://}, {@code pvc://} and {@code
 * http(s)://} through {@link ModelSource} (sha256 verified), then parsed and analyzed once.
 */
public final class ModelLoader {
  private final ModelSource source;

  public ModelLoader(ModelSource source) {
    this.source = source;
  }

  /**
   * Loads and analyzes the model.
   *
   * @param name name to serve it under; empty: the builtin name or the file name without .onnx
   * @throws ModelSourceException with the URI and the reason (not allowed, sha256 mismatch,
   *     truncated file, ...)
   */
  public CoreStageModel load(String uri, Optional<String> sha256, Optional<String> name)
      throws ModelSourceException {
    source.admit(uri);
    if (BuiltinModelUri.isBuiltin(uri)) {
      return loadBuiltin(uri, name);
    }
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new ModelSourceException("model URI \"" + uri + "\" is not a valid URI: " + e, e);
    }
    Path file = source.fetch(parsed, sha256);
    String served = name.orElseGet(() -> baseName(parsed));
    try {
      return CoreStageModel.load(file, served);
    } catch (ModelFormatException e) {
      throw new ModelSourceException(
          "model " + uri + " is not a readable ONNX model: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ModelSourceException("model " + uri + ": cannot read " + file + ": " + e, e);
    }
  }

  private CoreStageModel loadBuiltin(String uri, Optional<String> name)
      throws ModelSourceException {
    BuiltinModelUri builtin;
    try {
      builtin = BuiltinModelUri.parse(uri);
    } catch (IllegalArgumentException e) {
      throw new ModelSourceException(e.getMessage(), e);
    }
    String served = name.orElse(builtin.name());
    Path file = source.builtin(builtin);
    try {
      return CoreStageModel.load(file, served);
    } catch (ModelFormatException | IOException e) {
      throw new ModelSourceException(
          "model "
              + uri
              + ": the cached build "
              + file
              + " is unreadable ("
              + e.getMessage()
              + "); delete it to rebuild",
          e);
    }
  }

  private static String baseName(URI uri) {
    String path = uri.getPath() == null ? "model" : uri.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.endsWith(".onnx") ? last.substring(0, last.length() - 5) : last;
  }
}
