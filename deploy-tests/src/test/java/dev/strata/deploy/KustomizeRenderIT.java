package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code make deploy} would apply, rendered with {@code kubectl kustomize} (no cluster): each
 * overlay holds exactly one CRD, restricted-compliant workloads, the ServiceAccount they run as and
 * nothing outside strata-system. Skipped, with a message, when kubectl is missing or when
 * deploy/base/rbac.yaml (operator module) is not on this branch yet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KustomizeRenderIT {

  private static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding");

  private static Path kubectl() {
    var kubectl = Kustomize.kubectl();
    assumeTrue(
        kubectl.isPresent(),
        "kubectl not found (PATH or $KUBECTL): rendering skipped; the file-level checks in"
            + " DeployFilesTest still ran");
    return kubectl.get();
  }

  /** Each directory is rendered once per run: a kubectl process costs most of a second. */
  private final Map<String, List<HasMetadata>> rendered = new HashMap<>();

  private List<HasMetadata> render(String dir) {
    Path kubectl = kubectl();
    assumeTrue(
        Files.exists(Repo.path(Repo.RBAC)),
        Repo.RBAC + " (operator module) is not on this branch: " + dir + " cannot render yet");
    return rendered.computeIfAbsent(dir, d -> Manifests.parse(Kustomize.render(kubectl, d)));
  }

  private static Deployment operator(List<HasMetadata> objects) {
    return Manifests.named(objects, Deployment.class, "strata-operator").orElseThrow();
  }

  private static Container operatorContainer(List<HasMetadata> objects) {
    return operator(objects).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name))
        .getValue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/kind", "deploy/overlays/k3s"})
  void rendersExactlyOneCrdAndTheOperator(String dir) {
    List<HasMetadata> objects = render(dir);
    List<CustomResourceDefinition> crds = Manifests.ofType(objects, CustomResourceDefinition.class);
    assertEquals(1, crds.size(), dir);
    assertEquals("inferencepipelines.strata.dev", crds.get(0).getMetadata().getName());
    assertEquals(1, Manifests.ofType(objects, Deployment.class).size(), dir);
    assertFalse(Manifests.ofType(objects, ClusterRole.class).isEmpty(), dir + ": no ClusterRole");
    assertFalse(Manifests.ofType(objects, ClusterRoleBinding.class).isEmpty(), dir);
    assertEquals(1, Manifests.ofType(objects, Namespace.class).size(), dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/kind", "deploy/overlays/k3s"})
  void everyWorkloadMeetsTheRestrictedPodSecurityStandard(String dir) {
    List<String> violations = new ArrayList<>();
    for (Manifests.PodTemplate t : Manifests.podTemplates(render(dir))) {
      violations.addAll(
          RestrictedPodSecurity.violations(dir + " " + t.where(), t.spec(), t.annotations()));
      t.spec()
          .getContainers()
          .forEach(
              c -> {
                if (!Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
                  violations.add(
                      dir
                          + " "
                          + t.where()
                          + ": container "
                          + c.getName()
                          + " root fs is writable");
                }
              });
    }
    assertEquals(List.of(), violations);
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/kind", "deploy/overlays/k3s"})
  void namespacedObjectsLiveInStrataSystem(String dir) {
    List<String> elsewhere =
        render(dir).stream()
            .filter(o -> !CLUSTER_SCOPED.contains(o.getKind()))
            .filter(o -> !"strata-system".equals(o.getMetadata().getNamespace()))
            .map(Manifests::describe)
            .toList();
    assertEquals(List.of(), elsewhere, dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"deploy/base", "deploy/overlays/kind", "deploy/overlays/k3s"})
  void operatorServiceAccountIsRendered(String dir) {
    List<HasMetadata> objects = render(dir);
    String sa = operator(objects).getSpec().getTemplate().getSpec().getServiceAccountName();
    assertTrue(Manifests.named(objects, ServiceAccount.class, sa).isPresent(), dir + ": " + sa);
  }

  @Test
  void kindNeverPullsAndRunsOnTheControlPlane() {
    List<HasMetadata> objects = render("deploy/overlays/kind");
    Container c = operatorContainer(objects);
    assertEquals("Never", c.getImagePullPolicy());
    assertEquals("Never", env(c, "STRATA_OPERATOR_STAGE_IMAGE_PULL_POLICY"));
    var spec = operator(objects).getSpec().getTemplate().getSpec();
    assertTrue(
        spec.getTolerations().stream()
            .anyMatch(t -> t.getKey().equals("node-role.kubernetes.io/control-plane")));
    // The patch merged into the base env instead of replacing it.
    assertEquals("true", env(c, "STRATA_OPERATOR_LEADER_ELECTION_ENABLED"));
    assertEquals("standard", env(c, "STRATA_OPERATOR_MODEL_CACHE_STORAGE_CLASS"));
  }

  @Test
  void k3sKeepsTheOperatorOffEdgeNodesWithSmallLimits() {
    List<HasMetadata> objects = render("deploy/overlays/k3s");
    var affinity =
        operator(objects).getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity();
    List<NodeSelectorRequirement> required =
        affinity
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms()
            .get(0)
            .getMatchExpressions();
    assertTrue(
        required.stream()
            .anyMatch(
                r ->
                    r.getKey().equals("strata.dev/tier")
                        && r.getOperator().equals("NotIn")
                        && r.getValues().contains("edge")),
        "k3s overlay must keep the operator off edge nodes: " + required);
    Quantity memory = operatorContainer(objects).getResources().getLimits().get("memory");
    assertTrue(
        Quantity.getAmountInBytes(memory).longValue() <= 512L * 1024 * 1024,
        "k3s memory limit " + memory + " above 512Mi");
    assertEquals(
        "true", env(operatorContainer(objects), "STRATA_OPERATOR_LEADER_ELECTION_ENABLED"));
    assertEquals(
        "local-path", env(operatorContainer(objects), "STRATA_OPERATOR_MODEL_CACHE_STORAGE_CLASS"));
  }

  @Test
  void stageNetworkPoliciesRender() {
    Path kubectl = kubectl();
    List<HasMetadata> objects =
        rendered.computeIfAbsent(
            "deploy/networkpolicy", d -> Manifests.parse(Kustomize.render(kubectl, d)));
    assertEquals(2, Manifests.ofType(objects, NetworkPolicy.class).size());
  }
}
