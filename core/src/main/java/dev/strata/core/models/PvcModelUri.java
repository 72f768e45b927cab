package dev.strata.core.models;

import java.util.List;

/**
 * A model file on a PersistentVolumeClaim, written {@code pvc://<claim>/<path>}, for example {@code
 * pvc://models/vgg16.onnx}. The operator mounts the claim read-only into every stage pod; the
 * worker reads {@code <path>} below that mount.
 *
 * @param claim the claim's name, in the pipeline's namespace
 * @param path the file below the claim's root, relative, without dot segments
 */
public record PvcModelUri(String claim, String path) {

  /** The URI scheme with its slashes. */
  public static final String SCHEME = "pvc://";

  private static final String FORM = "expected pvc://<claim>/<path>, e.g. pvc://models/vgg16.onnx";

  /** Whether {@code uri} uses the {@code pvc://} scheme (it may still be malformed). */
  public static boolean isPvc(String uri) {
    return uri != null && uri.startsWith(SCHEME);
  }

  /**
   * Parses {@code pvc://<claim>/<path>}.
   *
   * @throws IllegalArgumentException naming the URI and the problem: not {@code pvc://}, a claim
   *     name that is not a DNS-1123 subdomain, a missing path, or a path with empty, {@code .} or
   *     {@code ..} segments, a backslash or a query
   */
  public static PvcModelUri parse(String uri) {
    if (!isPvc(uri)) {
      throw invalid(uri, "the scheme is not \"pvc://\"");
    }
    String rest = uri.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw invalid(uri, "the claim name or the path of the file on it is missing");
    }
    String claim = rest.substring(0, slash);
    if (claim.length() > 253 || !claim.matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")) {
      throw invalid(uri, "\"" + claim + "\" is not a claim name (lower-case DNS-1123 subdomain)");
    }
    String path = rest.substring(slash + 1);
    if (path.contains("\\") || path.contains("?") || path.contains("#") || path.contains("%")) {
      throw invalid(uri, "the path may not contain a backslash, '?', '#' or '%'");
    }
    for (String segment : List.of(path.split("/", -1))) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid(uri, "the path has an empty, \".\" or \"..\" segment");
      }
    }
    return new PvcModelUri(claim, path);
  }

  @Override
  public String toString() {
    return SCHEME + claim + "/" + path;
  }

  private static IllegalArgumentException invalid(String uri, String problem) {
    return new IllegalArgumentException("model URI \"" + uri + "\": " + problem + "; " + FORM);
  }
}
