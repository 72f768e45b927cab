package dev.strata.core.models;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * Which model URIs a component loads: those that start with one of the allowed prefixes (for
 * example {@code builtin:}, {@code https://models.example.com/} or {@code file:///srv/models/}),
 * carry no credentials, and have no {@code .} or {@code ..} path segment that could climb out of an
 * allowed directory. The operator checks a pipeline's URI with it before any pod exists; each
 * worker checks again before it opens or downloads anything.
 */
public final class ModelUriPolicy {
  /** What a component allows unless configured otherwise. */
  public static final List<String> DEFAULT_PREFIXES = List.of("builtin:", "https://", "pvc://");

  private final List<String> prefixes;

  private ModelUriPolicy(List<String> prefixes) {
    this.prefixes = prefixes;
  }

  /**
   * @throws IllegalArgumentException when {@code prefixes} is empty or has a blank entry
   */
  public static ModelUriPolicy allowing(List<String> prefixes) {
    List<String> trimmed = prefixes.stream().map(String::trim).toList();
    if (trimmed.isEmpty() || trimmed.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException(
          "the model URI allowlist must list at least one non-blank prefix, got " + prefixes);
    }
    return new ModelUriPolicy(trimmed);
  }

  /** The allowed prefixes. */
  public List<String> prefixes() {
    return prefixes;
  }

  /**
   * Why {@code uri} is refused, or empty when it is allowed. The reason names the URI and the rule
   * it breaks, not the setting: callers add where the allowlist is configured.
   */
  public Optional<String> refusal(String uri) {
    if (uri == null || uri.isBlank()) {
      return Optional.of("the model URI is empty");
    }
    if (prefixes.stream().noneMatch(uri::startsWith)) {
      return Optional.of(
          "model URI \""
              + uri
              + "\" does not start with an allowed prefix "
              + String.join(", ", prefixes));
    }
    if (BuiltinModelUri.isBuiltin(uri)) {
      return Optional.empty();
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return Optional.of("model URI \"" + uri + "\" is not a valid URI: " + e.getReason());
    }
    if (parsed.getRawUserInfo() != null) {
      return Optional.of(
          "model URI \""
              + redacted(parsed)
              + "\" carries credentials, which would be readable in every stage pod's spec;"
              + " serve the file without them or from a PersistentVolumeClaim");
    }
    String path = parsed.getPath() == null ? "" : parsed.getPath();
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of(
            "model URI \""
                + uri
                + "\" has a \""
                + segment
                + "\" path segment; name the file"
                + " by its plain path");
      }
    }
    return Optional.empty();
  }

  private static String redacted(URI uri) {
    return uri.getScheme()
        + "://***@"
        + uri.getHost()
        + Optional.ofNullable(uri.getRawPath()).orElse("");
  }

  @Override
  public String toString() {
    return String.join(",", prefixes);
  }
}
