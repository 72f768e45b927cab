package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/base read file by file (no kubectl needed): the CRD copy, the operator Deployment, its
 * metrics Service and the namespace. RBAC has its own test ({@link RbacTest}).
 */
class DeployFilesTest {

  private static final List<String> BASE_OBJECT_FILES =
      List.of(
          "deploy/base/namespace.yaml",
          "deploy/base/operator.yaml",
          "deploy/base/metrics-service.yaml",
          "deploy/base/operator-networkpolicy.yaml");

  private static List<HasMetadata> baseObjects() {
    List<HasMetadata> out = new ArrayList<>();
    BASE_OBJECT_FILES.forEach(f -> out.addAll(Manifests.parse(Repo.read(f))));
    return out;
  }

  private static Deployment operator() {
    return Manifests.named(baseObjects(), Deployment.class, "strata-operator")
        .orElseThrow(
            () -> new AssertionError("deploy/base/operator.yaml: no Deployment strata-operator"));
  }

  private static Container operatorContainer() {
    return operator().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void crdCopyEqualsTheGeneratedCrd() {
    assumeTrue(
        Files.exists(Repo.path(Repo.CRD)),
        Repo.CRD + " is not on this branch (the api module generates it): copy check skipped");
    assertEquals(
        Repo.read(Repo.CRD),
        Repo.read(Repo.CRD_COPY),
        Repo.CRD_COPY + " differs from " + Repo.CRD + "; run 'make deploy-crd' and commit");
  }

  @Test
  void crdCopyDefinesInferencePipelinesV1alpha1() {
    List<HasMetadata> objects = Manifests.parse(Repo.read(Repo.CRD_COPY));
    CustomResourceDefinition crd =
        Manifests.named(objects, CustomResourceDefinition.class, "inferencepipelines.strata.dev")
            .orElseThrow(
                () -> new AssertionError(Repo.CRD_COPY + ": no CRD inferencepipelines.strata.dev"));
    assertEquals("strata.dev", crd.getSpec().getGroup());
    assertEquals("InferencePipeline", crd.getSpec().getNames().getKind());
    assertTrue(
        crd.getSpec().getVersions().stream().anyMatch(v -> v.getName().equals("v1alpha1")),
        "CRD serves no v1alpha1");
  }

  @Test
  void everyResourceListedInAKustomizationExists() throws Exception {
    List<String> missing = new ArrayList<>();
    try (var files = Files.walk(Repo.path("deploy"))) {
      for (Path k :
          files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList()) {
        Map<String, Object> kustomization = Manifests.parseMap(Files.readString(k));
        for (String key : List.of("resources", "bases", "patchesStrategicMerge")) {
          @SuppressWarnings("unchecked")
          List<String> entries = (List<String>) kustomization.getOrDefault(key, List.of());
          for (String entry : entries) {
            Path target = k.getParent().resolve(entry).normalize();
            boolean ok =
                Files.isRegularFile(target)
                    || Files.isRegularFile(target.resolve("kustomization.yaml"));
            // rbac.yaml belongs to the operator module: RbacTest reports it when it is missing.
            if (!ok && !target.equals(Repo.path(Repo.RBAC))) {
              missing.add(Repo.root().relativize(k) + ": " + key + " entry " + entry);
            }
          }
        }
      }
    }
    assertEquals(List.of(), missing, "kustomization entries that point at nothing");
  }

  @Test
  void baseListsTheRbacFile() {
    Map<String, Object> base = Manifests.parseMap(Repo.read("deploy/base/kustomization.yaml"));
    assertTrue(
        ((List<?>) base.get("resources")).contains("rbac.yaml"),
        "deploy/base/kustomization.yaml must list rbac.yaml");
  }

  @Test
  void baseWorkloadsMeetTheRestrictedPodSecurityStandard() {
    List<Manifests.PodTemplate> templates = Manifests.podTemplates(baseObjects());
    assertFalse(templates.isEmpty(), "no workloads found in deploy/base");
    List<String> violations = new ArrayList<>();
    templates.forEach(
        t ->
            violations.addAll(
                RestrictedPodSecurity.violations(t.where(), t.spec(), t.annotations())));
    assertEquals(List.of(), violations);
  }

  @Test
  void namespaceEnforcesRestricted() {
    Namespace ns =
        Manifests.named(baseObjects(), Namespace.class, "strata-system")
            .orElseThrow(
                () -> new AssertionError("deploy/base/namespace.yaml: no Namespace strata-system"));
    assertEquals(
        "restricted", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
  }

  @Test
  void everyNamespacedObjectIsInStrataSystem() {
    List<String> elsewhere =
        baseObjects().stream()
            .filter(o -> !(o instanceof Namespace))
            .filter(o -> !"strata-system".equals(o.getMetadata().getNamespace()))
            .map(Manifests::describe)
            .toList();
    assertEquals(List.of(), elsewhere);
  }

  @Test
  void operatorRootFileSystemIsReadOnlyWithAWritableTmp() {
    Container c = operatorContainer();
    assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem());
    assertTrue(
        c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")),
        "the JVM needs a writable /tmp volume");
  }

  @Test
  void operatorHasCpuAndMemoryRequestsAndLimits() {
    var r = operatorContainer().getResources();
    for (String kind : List.of("cpu", "memory")) {
      assertNotNull(r.getRequests().get(kind), "requests." + kind);
      assertNotNull(r.getLimits().get(kind), "limits." + kind);
    }
    assertTrue(
        Quantity.getAmountInBytes(r.getRequests().get("memory"))
                .compareTo(Quantity.getAmountInBytes(r.getLimits().get("memory")))
            <= 0,
        "memory request above limit");
  }

  @Test
  void operatorProbesUseQuarkusHealthOnADeclaredPort() {
    Container c = operatorContainer();
    assertProbe(c, c.getLivenessProbe(), "/q/health/live");
    assertProbe(c, c.getReadinessProbe(), "/q/health/ready");
  }

  private static void assertProbe(Container c, Probe probe, String path) {
    assertNotNull(probe, "probe for " + path);
    assertEquals(path, probe.getHttpGet().getPath());
    String port = probe.getHttpGet().getPort().getStrVal();
    assertTrue(
        c.getPorts().stream().anyMatch(p -> p.getName().equals(port)),
        "probe " + path + " uses port " + port + ", which the container does not declare");
  }

  @Test
  void operatorRunsLeaderElectionInItsOwnNamespace() {
    List<EnvVar> env = operatorContainer().getEnv();
    assertEquals("true", envValue(env, "STRATA_OPERATOR_LEADER_ELECTION_ENABLED"));
    EnvVar ns = envVar(env, "STRATA_OPERATOR_LEADER_ELECTION_LEASE_NAMESPACE");
    assertEquals("metadata.namespace", ns.getValueFrom().getFieldRef().getFieldPath());
    assertTrue(operator().getSpec().getReplicas() >= 2, "base runs two replicas behind the Lease");
  }

  @Test
  void imageTagsAreTheMavenVersion() {
    String version = Repo.version();
    assertEquals("strata-operator:" + version, operatorContainer().getImage());
    assertEquals(
        "strata-runtime:" + version,
        envValue(operatorContainer().getEnv(), "STRATA_OPERATOR_STAGE_IMAGE"),
        "the stage image must be the runtime built by the same 'make image'");
  }

  @Test
  void metricsServiceSelectsTheOperatorPodsAndPort() {
    Service svc =
        Manifests.named(baseObjects(), Service.class, "strata-operator-metrics")
            .orElseThrow(() -> new AssertionError("no Service strata-operator-metrics"));
    Map<String, String> podLabels = operator().getSpec().getTemplate().getMetadata().getLabels();
    assertTrue(
        podLabels.entrySet().containsAll(svc.getSpec().getSelector().entrySet()),
        "Service selector " + svc.getSpec().getSelector() + " does not match pods " + podLabels);
    ServicePort port = svc.getSpec().getPorts().get(0);
    assertTrue(
        operatorContainer().getPorts().stream()
            .anyMatch(p -> p.getName().equals(port.getTargetPort().getStrVal())),
        "targetPort " + port.getTargetPort() + " is no container port");
    assertEquals("/q/metrics", svc.getMetadata().getAnnotations().get("prometheus.io/path"));
  }

  private static EnvVar envVar(List<EnvVar> env, String name) {
    return env.stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("operator env has no " + name));
  }

  private static String envValue(List<EnvVar> env, String name) {
    return envVar(env, name).getValue();
  }
}
