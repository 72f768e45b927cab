package dev.strata.operator.resources;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.InferencePipelineSpec;
import dev.strata.core.models.PvcModelUri;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stage pod of one pipeline on one node. Contract (the local emulation relies on it): name and
 * hostname {@link StageNames#pod}, subdomain {@link StageNames#headlessService}, pinned to the node
 * by a required node affinity on {@code metadata.name}, container {@code stage} on port 8080.
 */
public final class StagePods {
  /** User and group of the runtime image (runtime-image/Dockerfile). */
  static final long RUNTIME_UID = 10001;

  public static final String CONTAINER = "stage";
  public static final String TOKEN_DIR = "/var/run/strata/token";
  public static final String TOKEN_FILE = TOKEN_DIR + "/token";
  public static final String CACHE_DIR = "/var/cache/strata";

  /** Where the claim of a {@code pvc://} model is mounted, read-only. */
  public static final String MODEL_PVC_DIR = "/var/lib/strata/model";

  /** Annotation holding a hash of what the pod was built from; a mismatch means recreate it. */
  public static final String SPEC_HASH = "strata.dev/spec-hash";

  private StagePods() {}

  /** The pod running a stage of {@code cr} on {@code node} (a node of tier {@code tier}). */
  public static Pod forStage(
      InferencePipeline cr, String tier, String node, StageSettings settings) {
    String pipeline = cr.getMetadata().getName();
    String name = StageNames.pod(pipeline, node);
    Optional<String> modelClaim = modelClaim(cr);
    List<EnvVar> env = env(cr, settings, modelClaim);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(Labels.forStage(cr, tier, node))
        .withAnnotations(Map.of(SPEC_HASH, specHash(env, settings)))
        .withOwnerReferences(Labels.ownerOf(cr))
        .endMetadata()
        .withNewSpec()
        .withHostname(name)
        .withSubdomain(StageNames.headlessService(pipeline))
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchField()
        .withKey("metadata.name")
        .withOperator("In")
        .withValues(node)
        .endMatchField()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        // The runtime image runs as 10001; fsGroup lets it read the 0400 token the kubelet mounts.
        .withFsGroup(RUNTIME_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(settings.image())
        .withImagePullPolicy(settings.imagePullPolicy())
        .addNewPort()
        .withName("http")
        .withContainerPort(StageNames.STAGE_PORT)
        .withProtocol("TCP")
        .endPort()
        .withEnv(env)
        .withNewResources()
        .withRequests(
            Map.of(
                "cpu", new Quantity(settings.cpuRequest()),
                "memory", new Quantity(settings.memoryRequest())))
        .withLimits(
            Map.of(
                "cpu", new Quantity(settings.cpuLimit()),
                "memory", new Quantity(settings.memoryLimit())))
        .endResources()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/v2/health/live")
        .withNewPort(StageNames.STAGE_PORT)
        .endHttpGet()
        .withPeriodSeconds(5)
        .endReadinessProbe()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withVolumeMounts(mounts(modelClaim))
        .endContainer()
        .withVolumes(volumes(cr, node, settings, modelClaim))
        .endSpec()
        .build();
  }

  /** Hash of the inputs that shape a stage pod: image, resources and environment. */
  static String specHash(List<EnvVar> env, StageSettings settings) {
    StringBuilder s = new StringBuilder(settings.toString());
    for (EnvVar e : env) {
      s.append('|').append(e.getName()).append('=').append(e.getValue());
    }
    return StageNames.hash(s.toString());
  }

  private static List<VolumeMount> mounts(Optional<String> modelClaim) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(
        new VolumeMountBuilder()
            .withName("token")
            .withMountPath(TOKEN_DIR)
            .withReadOnly(true)
            .build());
    mounts.add(new VolumeMountBuilder().withName("cache").withMountPath(CACHE_DIR).build());
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    modelClaim.ifPresent(
        claim ->
            mounts.add(
                new VolumeMountBuilder()
                    .withName("model")
                    .withMountPath(MODEL_PVC_DIR)
                    .withReadOnly(true)
                    .build()));
    return mounts;
  }

  private static List<Volume> volumes(
      InferencePipeline cr, String node, StageSettings settings, Optional<String> modelClaim) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("token")
            .withNewSecret()
            .withSecretName(StageNames.tokenSecret(cr.getMetadata().getName()))
            .withDefaultMode(0400)
            .endSecret()
            .build());
    VolumeBuilder cache = new VolumeBuilder().withName("cache");
    if (settings.modelCacheStorageClass().isPresent()) {
      cache
          .withNewPersistentVolumeClaim()
          .withClaimName(StageNames.modelCacheClaim(node))
          .endPersistentVolumeClaim();
    } else {
      cache.withNewEmptyDir().endEmptyDir();
    }
    volumes.add(cache.build());
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    modelClaim.ifPresent(
        claim ->
            volumes.add(
                new VolumeBuilder()
                    .withName("model")
                    .withNewPersistentVolumeClaim()
                    .withClaimName(claim)
                    .withReadOnly(true)
                    .endPersistentVolumeClaim()
                    .build()));
    return volumes;
  }

  /** The claim a {@code pvc://} model lives on; empty for other schemes. */
  public static Optional<String> modelClaim(InferencePipeline cr) {
    String uri = cr.getSpec().getModel().getUri().trim();
    return PvcModelUri.isPvc(uri) ? Optional.of(PvcModelUri.parse(uri).claim()) : Optional.empty();
  }

  private static List<EnvVar> env(
      InferencePipeline cr, StageSettings settings, Optional<String> modelClaim) {
    InferencePipelineSpec spec = cr.getSpec();
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("STRATA_MODEL_URI", spec.getModel().getUri().trim(), null));
    env.add(new EnvVar("STRATA_ALLOWED_MODEL_URIS", settings.modelUris().toString(), null));
    if (modelClaim.isPresent()) {
      env.add(new EnvVar("STRATA_MODEL_PVC_DIR", MODEL_PVC_DIR, null));
    }
    if (spec.getModel().getSha256() != null && !spec.getModel().getSha256().isBlank()) {
      env.add(new EnvVar("STRATA_MODEL_SHA256", spec.getModel().getSha256(), null));
    }
    env.add(new EnvVar("STRATA_MODEL_NAME", cr.getMetadata().getName(), null));
    env.add(new EnvVar("STRATA_TOKEN_FILE", TOKEN_FILE, null));
    env.add(new EnvVar("STRATA_MAX_QUEUE", String.valueOf(spec.getRuntime().getMaxQueue()), null));
    env.add(
        new EnvVar(
            "STRATA_WIRE_PRECISION",
            spec.getRuntime().getWirePrecision().name().toLowerCase(Locale.ROOT),
            null));
    env.add(new EnvVar("STRATA_MODEL_CACHE", CACHE_DIR, null));
    return env;
  }
}
