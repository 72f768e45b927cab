package dev.strata.operator.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.operator.testing.Pipelines;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StagePodsTest {

  private final InferencePipeline cr = Pipelines.of("gate-camera", "edge", "fog", "cloud");
  private final Pod pod = StagePods.forStage(cr, "edge", "rpi-1", StageSettings.defaults());

  @Test
  void podIsNamedAfterPipelineAndNodeAndUsesTheHeadlessSubdomain() {
    assertEquals("gate-camera-rpi-1", pod.getMetadata().getName());
    assertEquals("gate-camera-rpi-1", pod.getSpec().getHostname());
    assertEquals("gate-camera-stages", pod.getSpec().getSubdomain());
    assertEquals("vision", pod.getMetadata().getNamespace());
  }

  @Test
  void podCarriesTheContractLabelsAndAControllerOwnerReference() {
    Map<String, String> labels = pod.getMetadata().getLabels();
    assertEquals("strata-stage", labels.get("app.kubernetes.io/name"));
    assertEquals("strata-operator", labels.get("app.kubernetes.io/managed-by"));
    assertEquals("gate-camera", labels.get("app.kubernetes.io/instance"));
    assertEquals("gate-camera", labels.get("strata.dev/pipeline"));
    assertEquals("edge", labels.get("strata.dev/tier"));
    assertEquals("rpi-1", labels.get("strata.dev/node"));
    assertTrue(pod.getMetadata().getOwnerReferences().get(0).getController());
    assertEquals("uid-gate-camera", pod.getMetadata().getOwnerReferences().get(0).getUid());
  }

  @Test
  void tokenIsReadableByTheRuntimeUserThroughFsGroup() {
    assertEquals(10001L, pod.getSpec().getSecurityContext().getFsGroup());
  }

  @Test
  void podIsPinnedToItsNodeByMetadataNameAffinity() {
    var term =
        pod.getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms()
            .get(0)
            .getMatchFields()
            .get(0);
    assertEquals("metadata.name", term.getKey());
    assertEquals("In", term.getOperator());
    assertEquals(java.util.List.of("rpi-1"), term.getValues());
  }

  @Test
  void containerGetsModelTokenAndRuntimeSettingsThroughTheEnvironment() {
    Container c = pod.getSpec().getContainers().get(0);
    assertEquals("stage", c.getName());
    assertEquals("strata-runtime:0.1.0", c.getImage());
    Map<String, String> env =
        c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertEquals("builtin:vgg16?seed=7", env.get("STRATA_MODEL_URI"));
    assertFalse(env.containsKey("STRATA_MODEL_SHA256"));
    assertEquals("gate-camera", env.get("STRATA_MODEL_NAME"));
    assertEquals("/var/run/strata/token/token", env.get("STRATA_TOKEN_FILE"));
    assertEquals("64", env.get("STRATA_MAX_QUEUE"));
    assertEquals("fp32", env.get("STRATA_WIRE_PRECISION"));
    assertEquals("/var/cache/strata", env.get("STRATA_MODEL_CACHE"));
    assertEquals(8080, c.getPorts().get(0).getContainerPort());
    assertEquals("http", c.getPorts().get(0).getName());
    assertEquals("/v2/health/live", c.getReadinessProbe().getHttpGet().getPath());
  }

  @Test
  void sha256IsPassedWhenTheSpecSetsIt() {
    cr.getSpec().getModel().setSha256("a".repeat(64));
    Pod withSha = StagePods.forStage(cr, "edge", "rpi-1", StageSettings.defaults());
    assertTrue(
        withSha.getSpec().getContainers().get(0).getEnv().stream()
            .anyMatch(e -> e.getName().equals("STRATA_MODEL_SHA256")));
  }

  @Test
  void containerRunsUnderTheRestrictedSecurityProfile() {
    var sc = pod.getSpec().getContainers().get(0).getSecurityContext();
    assertTrue(sc.getRunAsNonRoot());
    assertFalse(sc.getAllowPrivilegeEscalation());
    assertTrue(sc.getReadOnlyRootFilesystem());
    assertEquals(java.util.List.of("ALL"), sc.getCapabilities().getDrop());
    assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());
  }

  @Test
  void tokenSecretAndCacheAreMounted() {
    var volumes = pod.getSpec().getVolumes();
    assertTrue(
        volumes.stream()
            .anyMatch(
                v ->
                    v.getSecret() != null
                        && "gate-camera-stage-token".equals(v.getSecret().getSecretName())));
    assertTrue(
        volumes.stream().anyMatch(v -> "cache".equals(v.getName()) && v.getEmptyDir() != null));
  }

  @Test
  void theWorkerGetsTheOperatorsModelUriAllowlist() {
    assertEquals("builtin:,https://,pvc://", env(pod).get("STRATA_ALLOWED_MODEL_URIS"));
  }

  @Test
  void aModelOnAClaimIsMountedReadOnlyAndTheWorkerToldWhere() {
    cr.getSpec().getModel().setUri("pvc://model-store/vision/vgg16.onnx");
    Pod onClaim = StagePods.forStage(cr, "edge", "rpi-1", StageSettings.defaults());
    var volume =
        onClaim.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("model"))
            .findFirst()
            .orElseThrow();
    assertEquals("model-store", volume.getPersistentVolumeClaim().getClaimName());
    assertTrue(volume.getPersistentVolumeClaim().getReadOnly());
    var mount =
        onClaim.getSpec().getContainers().get(0).getVolumeMounts().stream()
            .filter(m -> m.getName().equals("model"))
            .findFirst()
            .orElseThrow();
    assertEquals(StagePods.MODEL_PVC_DIR, mount.getMountPath());
    assertTrue(mount.getReadOnly());
    assertEquals("pvc://model-store/vision/vgg16.onnx", env(onClaim).get("STRATA_MODEL_URI"));
    assertEquals(StagePods.MODEL_PVC_DIR, env(onClaim).get("STRATA_MODEL_PVC_DIR"));
    assertFalse(env(pod).containsKey("STRATA_MODEL_PVC_DIR"));
  }

  @Test
  void withANodeCacheTheCacheIsTheNodesClaim() {
    Pod cached =
        StagePods.forStage(
            cr, "edge", "rpi-1", StageSettings.defaults().withModelCache("local-path"));
    var cache =
        cached.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("cache"))
            .findFirst()
            .orElseThrow();
    assertEquals("strata-model-cache-rpi-1", cache.getPersistentVolumeClaim().getClaimName());
    assertEquals(null, cache.getEmptyDir());
    assertNotEquals(
        pod.getMetadata().getAnnotations().get(StagePods.SPEC_HASH),
        cached.getMetadata().getAnnotations().get(StagePods.SPEC_HASH),
        "a change of cache must recreate the pod");
  }

  @Test
  void nodeCacheClaimIsReadWriteOnceOfTheConfiguredClassAndOwnedByNoPipeline() {
    var claim = ModelCacheClaims.forNode("vision", "rpi-1", "local-path", "4Gi");
    assertEquals("strata-model-cache-rpi-1", claim.getMetadata().getName());
    assertEquals("vision", claim.getMetadata().getNamespace());
    assertEquals("true", claim.getMetadata().getLabels().get(ModelCacheClaims.LABEL));
    assertEquals(java.util.List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
    assertEquals("local-path", claim.getSpec().getStorageClassName());
    assertEquals("4Gi", claim.getSpec().getResources().getRequests().get("storage").toString());
    assertTrue(claim.getMetadata().getOwnerReferences().isEmpty());
  }

  private static Map<String, String> env(Pod p) {
    return p.getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void sameInputsBuildTheSamePod() {
    assertEquals(pod, StagePods.forStage(cr, "edge", "rpi-1", StageSettings.defaults()));
  }
}
