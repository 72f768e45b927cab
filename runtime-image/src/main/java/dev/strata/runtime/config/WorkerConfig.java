package dev.strata.runtime.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Worker settings, prefix {@code strata}; each can be set as an environment variable, e.g. {@code
 * STRATA_MODEL_URI}, {@code STRATA_MAX_QUEUE}.
 */
@ConfigMapping(prefix = "strata")
public interface WorkerConfig {

  /**
   * Model source: {@code builtin:NAME?seed=N}, {@code file:///path}, {@code pvc://claim/path} or
   * {@code https://...}; it must start with one of {@link #allowedModelUris()}.
   */
  String modelUri();

  /**
   * Prefixes of the model URIs this worker loads (see {@link
   * dev.strata.core.models.ModelUriPolicy}); the operator passes its own allowlist. A {@code
   * file://} prefix with a path also confines model files, symlinks resolved, to its directory.
   */
  @WithDefault("builtin:,https://,pvc://")
  List<String> allowedModelUris();

  /**
   * Where the claim named by a {@code pvc://claim/path} model URI is mounted (read-only); {@code
   * path} is read below it. The operator sets it when it mounts the claim.
   */
  Optional<Path> modelPvcDir();

  /** Hex sha256 of the model file; mandatory for http(s), checked whenever set. */
  Optional<String> modelSha256();

  /** Name served under {@code /v2/models/{name}}; defaults to the builtin name or file name. */
  Optional<String> modelName();

  /** Where downloaded models are kept (a volume, so the root file system can be read-only). */
  @WithDefault("${java.io.tmpdir}/strata-models")
  Path modelCache();

  /** File holding the bearer token for /control (a mounted Secret). Unset: control is refused. */
  Optional<Path> tokenFile();

  /** Requests admitted at once (queued plus computing); beyond it the worker answers 503. */
  @WithDefault("64")
  int maxQueue();

  /** Requests computing at once. */
  @WithDefault("1")
  int concurrency();

  /** Largest request body accepted, in bytes (VGG16's first activation is 12.8 MB). */
  @WithDefault("67108864")
  long maxPayloadBytes();

  /**
   * ONNX Runtime intra-op threads; 0 means the processors the JVM sees, which honors the
   * container's or cgroup's CPU limit.
   */
  @WithDefault("0")
  int intraOpThreads();

  /** How long a replaced revision's session is kept for requests still on it. */
  @WithDefault("30s")
  Duration drainPeriod();

  /** Deadline of a request that brings none ({@code Strata-Deadline-Ms}). */
  @WithDefault("30s")
  Duration defaultDeadline();

  /** Retry-After sent with 503 when the queue is full. */
  @WithDefault("1s")
  Duration retryAfter();

  /** Wire precision used when a prepare does not name one: fp32 or fp16. */
  @WithDefault("fp32")
  String wirePrecision();

  /** Timeout for connecting to the next stage or a probe target. */
  @WithDefault("5s")
  Duration connectTimeout();
}
