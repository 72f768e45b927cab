package dev.strata.operator.resources;

import dev.strata.api.v1alpha1.InferencePipeline;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names of everything a pipeline owns, and the one way a stage is addressed: {@code
 * http://<pod>.<pipeline>-stages.<namespace>.svc:8080}. Names longer than a DNS label (63) are
 * truncated and end in an 8-hex-digit hash of the full name, so they stay unique and stable.
 */
public final class StageNames {

  /** The stage runtime's single HTTP port (data and control). */
  public static final int STAGE_PORT = 8080;

  private static final int DNS_LABEL = 63;

  private StageNames() {}

  /** Pod (and hostname) of the stage of {@code pipeline} on {@code node}. */
  public static String pod(String pipeline, String node) {
    return dnsLabel(pipeline + "-" + node);
  }

  /** Headless Service giving stage pods their DNS names; also the pods' subdomain. */
  public static String headlessService(String pipeline) {
    return dnsLabel(pipeline + "-stages");
  }

  /** Entry Service: requests enter the first stage through it. */
  public static String entryService(String pipeline) {
    return dnsLabel(pipeline);
  }

  /** Secret holding the bearer token of the stages' control endpoints. */
  public static String tokenSecret(String pipeline) {
    return dnsLabel(pipeline + "-stage-token");
  }

  /** NetworkPolicy letting the pipeline's stages and the operator reach its stage pods. */
  public static String stagePolicy(String pipeline) {
    return dnsLabel(pipeline + "-stage-ingress");
  }

  /** NetworkPolicy letting clients reach the pipeline's entry stage. */
  public static String entryPolicy(String pipeline) {
    return dnsLabel(pipeline + "-entry-ingress");
  }

  /** ConfigMap holding per-segment profiles and link measurements. */
  public static String profileConfigMap(String pipeline) {
    return dnsLabel(pipeline + "-profiles");
  }

  /**
   * The model cache claim every stage pod on {@code node} mounts (one per node and namespace,
   * shared by the pipelines there).
   */
  public static String modelCacheClaim(String node) {
    return dnsLabel("strata-model-cache-" + node);
  }

  /** Base URL of the stage of {@code cr} on {@code node}. */
  public static URI address(InferencePipeline cr, String node) {
    String pipeline = cr.getMetadata().getName();
    return URI.create(
        "http://"
            + pod(pipeline, node)
            + "."
            + headlessService(pipeline)
            + "."
            + cr.getMetadata().getNamespace()
            + ".svc:"
            + STAGE_PORT);
  }

  /**
   * {@code name} lower-cased, with characters outside {@code [a-z0-9-]} replaced by {@code -},
   * shortened to 63 characters with a hash suffix when longer.
   */
  static String dnsLabel(String name) {
    String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (clean.length() <= DNS_LABEL) {
      return clean;
    }
    String hash = hash(name);
    String head = clean.substring(0, DNS_LABEL - hash.length() - 1).replaceAll("-+$", "");
    return head + "-" + hash;
  }

  /** First 8 hex digits of the SHA-256 of {@code text}. */
  static String hash(String text) {
    return sha256Hex(text).substring(0, 8);
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
