package dev.strata.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Operator settings, prefix {@code strata.operator} (env: {@code STRATA_OPERATOR_STAGE_IMAGE}...).
 */
@ConfigMapping(prefix = "strata.operator")
public interface OperatorConfig {

  /** Stage runtime image. */
  @WithDefault("strata-runtime:0.1.0")
  String stageImage();

  /** Pull policy of the stage image. */
  @WithDefault("IfNotPresent")
  String stageImagePullPolicy();

  /** CPU request of a stage container. */
  @WithDefault("250m")
  String stageCpuRequest();

  /** Memory request of a stage container. */
  @WithDefault("512Mi")
  String stageMemoryRequest();

  /** CPU limit of a stage container. */
  @WithDefault("2")
  String stageCpuLimit();

  /** Memory limit of a stage container; also caps the memory the planner gives a stage. */
  @WithDefault("2Gi")
  String stageMemoryLimit();

  /**
   * Prefixes a pipeline's {@code spec.model.uri} must start with, e.g. {@code
   * https://models.example.com/}. Plain {@code http://} and {@code file://} are off unless listed
   * here. Stage workers enforce the same list.
   */
  @WithDefault("builtin:,https://,pvc://")
  List<String> allowedModelUris();

  /** Where stage pods keep downloaded and built models. */
  ModelCache modelCache();

  /** Model cache settings. */
  interface ModelCache {
    /**
     * Storage class of the per-node cache claims (e.g. {@code local-path} on k3s). Unset: each
     * stage pod caches in an emptyDir, and a re-placed pod downloads its model again.
     */
    Optional<String> storageClass();

    /** Requested size of each node's cache claim. */
    @WithDefault("4Gi")
    String size();
  }

  /** The NetworkPolicies written for each pipeline. */
  NetworkPolicies networkPolicies();

  /** NetworkPolicy settings. */
  interface NetworkPolicies {
    /**
     * Write two NetworkPolicies per pipeline: its stages and the operator reach its stage pods,
     * clients reach its entry stage, nothing else does (with a CNI that enforces them).
     */
    @WithDefault("true")
    boolean enabled();

    /** Namespace of the operator's own pods, allowed to call the stages' control endpoints. */
    @WithDefault("strata-system")
    String operatorNamespace();
  }

  /** Namespaces to watch; unset or empty means every namespace. */
  Optional<List<String>> namespaces();

  /**
   * Use server-side apply for status and dependents. Set false against API servers without it (the
   * fabric8 mock server and the local emulation answer it with 415).
   */
  @WithDefault("true")
  boolean serverSideApply();

  /** {@code host:port} of an HTTP proxy for calls to stage control endpoints; unset for direct. */
  Optional<String> stageProxy();

  /** Deadline of a status, prepare, commit call to a stage. */
  @WithDefault("10s")
  Duration stageCallTimeout();

  /** Deadline of a profile or probe call (they run the model or move megabytes). */
  @WithDefault("120s")
  Duration stageProfileTimeout();

  /** Timed runs per segment when profiling. */
  @WithDefault("5")
  int profileRuns();

  /** Untimed warm-up runs before them. */
  @WithDefault("1")
  int profileWarmup();

  /** Payload sizes of a link probe, bytes. */
  @WithDefault("65536,1048576")
  List<Long> probeSizes();

  /** Repeats per probe size. */
  @WithDefault("3")
  int probeRepeats();

  /** How soon a pipeline that is not Ready is reconciled again. */
  @WithDefault("5s")
  Duration retryInterval();

  /** How long the first placement waits for every candidate's profile before placing without. */
  @WithDefault("3m")
  Duration initialProfileTimeout();

  /** How long a stage that left the placement keeps its pod (in-flight requests finish). */
  @WithDefault("30s")
  Duration drainPeriod();

  /** Leader election among operator replicas. */
  LeaderElection leaderElection();

  /** Leader election settings. */
  interface LeaderElection {
    /** Enable it (run two or more replicas). */
    @WithDefault("false")
    boolean enabled();

    /** Name of the Lease. */
    @WithDefault("strata-operator")
    String leaseName();

    /** Namespace of the Lease; unset means the operator's namespace. */
    Optional<String> leaseNamespace();
  }
}
