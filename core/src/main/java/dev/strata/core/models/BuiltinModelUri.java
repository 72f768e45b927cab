package dev.strata.core.models;

import dev.strata.core.onnx.OnnxProto.ModelProto;

/**
 * A reference to a built-in model, written {@code builtin:<name>[?seed=<long>]}, for example {@code
 * builtin:vgg16?seed=7}. The seed defaults to 0 when the query is absent.
 *
 * @param name one of {@link BuiltinModels#names()}
 * @param seed the weight seed passed to {@link BuiltinModels#build}
 */
public record BuiltinModelUri(String name, long seed) {

  /** The URI scheme, with its colon. */
  public static final String SCHEME = "builtin:";

  private static final String FORM =
      "expected builtin:<name>[?seed=<long>], e.g. builtin:vgg16?seed=7";

  /**
   * @throws IllegalArgumentException if {@code name} is not a known built-in model
   */
  public BuiltinModelUri {
    BuiltinModels.requireKnown(name);
  }

  /** Whether {@code uri} uses the {@code builtin:} scheme (it may still be malformed). */
  public static boolean isBuiltin(String uri) {
    return uri != null && uri.startsWith(SCHEME);
  }

  /**
   * Parses {@code builtin:<name>} or {@code builtin:<name>?seed=<long>}.
   *
   * @throws IllegalArgumentException naming the URI and the problem, if the scheme is not {@code
   *     builtin:}, the name is unknown, or the query is anything but one integer {@code seed}
   */
  public static BuiltinModelUri parse(String uri) {
    if (!isBuiltin(uri)) {
      throw invalid(uri, "the scheme is not \"builtin:\"");
    }
    String rest = uri.substring(SCHEME.length());
    int question = rest.indexOf('?');
    String name = question < 0 ? rest : rest.substring(0, question);
    if (name.isEmpty()) {
      throw invalid(uri, "the model name is missing");
    }
    if (!BuiltinModels.names().contains(name)) {
      throw invalid(uri, BuiltinModels.unknownModel(name));
    }
    if (question < 0) {
      return new BuiltinModelUri(name, 0);
    }
    String query = rest.substring(question + 1);
    if (!query.startsWith("seed=") || query.contains("&")) {
      throw invalid(uri, "the query \"" + query + "\" is not the single parameter seed=<long>");
    }
    String seed = query.substring("seed=".length());
    try {
      return new BuiltinModelUri(name, Long.parseLong(seed));
    } catch (NumberFormatException e) {
      throw invalid(uri, "the seed \"" + seed + "\" is not a 64-bit integer");
    }
  }

  /** Builds the model this URI names; see {@link BuiltinModels#build}. */
  public ModelProto build() {
    return BuiltinModels.build(name, seed);
  }

  /** The canonical form, always with the seed: {@code builtin:<name>?seed=<seed>}. */
  @Override
  public String toString() {
    return SCHEME + name + "?seed=" + seed;
  }

  private static IllegalArgumentException invalid(String uri, String problem) {
    return new IllegalArgumentException(
        "Invalid model URI \"" + uri + "\": " + problem + "; " + FORM + ".");
  }
}
