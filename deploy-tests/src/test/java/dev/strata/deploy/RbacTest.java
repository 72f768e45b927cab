package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy/base/rbac.yaml (owned by the operator module): least privilege, and the operator's
 * ServiceAccount exists and is bound. Skipped, with a message, on a branch that does not have the
 * file yet.
 */
class RbacTest {

  private static final Set<String> ESCALATING_VERBS = Set.of("escalate", "bind", "impersonate");

  private List<HasMetadata> rbac;

  @BeforeEach
  void load() {
    assumeTrue(
        Files.exists(Repo.path(Repo.RBAC)),
        Repo.RBAC
            + " does not exist on this branch; it is owned by the operator module. RBAC checks"
            + " skipped: they run once that file is merged.");
    rbac = Manifests.parse(Repo.read(Repo.RBAC));
  }

  private List<String> rulesDescribed() {
    List<String> out = new ArrayList<>();
    for (ClusterRole r : Manifests.ofType(rbac, ClusterRole.class)) {
      r.getRules().forEach(rule -> out.add(Manifests.describe(r) + " " + rule));
      assertEquals(null, r.getAggregationRule(), Manifests.describe(r) + " aggregates other roles");
    }
    for (Role r : Manifests.ofType(rbac, Role.class)) {
      r.getRules().forEach(rule -> out.add(Manifests.describe(r) + " " + rule));
    }
    return out;
  }

  private List<PolicyRule> rules() {
    List<PolicyRule> out = new ArrayList<>();
    Manifests.ofType(rbac, ClusterRole.class).forEach(r -> out.addAll(r.getRules()));
    Manifests.ofType(rbac, Role.class).forEach(r -> out.addAll(r.getRules()));
    return out;
  }

  @Test
  void everyFieldIsKnownToTheKubernetesModel() {
    List<String> unknown = new ArrayList<>();
    rbac.forEach(o -> unknown.addAll(UnknownFieldsTest.unknownFields(o, Manifests.describe(o))));
    assertEquals(List.of(), unknown);
  }

  @Test
  void definesAtLeastOneRole() {
    assertFalse(rules().isEmpty(), Repo.RBAC + " grants nothing");
  }

  @Test
  void noRuleUsesAWildcard() {
    List<String> wildcards = new ArrayList<>();
    List<String> described = rulesDescribed();
    List<PolicyRule> rules = rules();
    for (int i = 0; i < rules.size(); i++) {
      PolicyRule r = rules.get(i);
      for (List<String> field :
          List.of(
              r.getVerbs(),
              r.getResources(),
              r.getApiGroups(),
              r.getResourceNames(),
              r.getNonResourceURLs())) {
        if (field != null && field.stream().anyMatch(s -> s.contains("*"))) {
          wildcards.add(described.get(i));
        }
      }
    }
    assertEquals(List.of(), wildcards, "RBAC rules with '*'");
  }

  @Test
  void noRuleGrantsEscalateBindOrImpersonate() {
    List<String> found =
        rules().stream()
            .flatMap(r -> r.getVerbs().stream())
            .filter(ESCALATING_VERBS::contains)
            .toList();
    assertEquals(List.of(), found);
  }

  @Test
  void noRuleGrantsNonResourceUrls() {
    assertEquals(
        List.of(),
        rules().stream()
            .filter(r -> r.getNonResourceURLs() != null && !r.getNonResourceURLs().isEmpty())
            .toList());
  }

  @Test
  void operatorServiceAccountIsDefinedInStrataSystem() {
    String name = operatorServiceAccount();
    assertFalse(
        Manifests.ofType(rbac, ServiceAccount.class).stream()
            .filter(sa -> sa.getMetadata().getName().equals(name))
            .filter(sa -> "strata-system".equals(sa.getMetadata().getNamespace()))
            .toList()
            .isEmpty(),
        "the Deployment runs as ServiceAccount "
            + name
            + ", which "
            + Repo.RBAC
            + " does not define in strata-system");
  }

  @Test
  void everyBindingGrantsADefinedRoleToTheOperatorServiceAccount() {
    String sa = operatorServiceAccount();
    List<String> problems = new ArrayList<>();
    for (ClusterRoleBinding b : Manifests.ofType(rbac, ClusterRoleBinding.class)) {
      checkBinding(Manifests.describe(b), b.getRoleRef(), b.getSubjects(), sa, problems);
    }
    for (RoleBinding b : Manifests.ofType(rbac, RoleBinding.class)) {
      checkBinding(Manifests.describe(b), b.getRoleRef(), b.getSubjects(), sa, problems);
    }
    assertEquals(List.of(), problems);
    assertFalse(
        Manifests.ofType(rbac, ClusterRoleBinding.class).isEmpty(),
        "no ClusterRoleBinding: the operator watches pipelines in every namespace");
  }

  private void checkBinding(
      String where, RoleRef ref, List<Subject> subjects, String sa, List<String> problems) {
    boolean defined =
        ref.getKind().equals("ClusterRole")
            ? Manifests.named(rbac, ClusterRole.class, ref.getName()).isPresent()
            : Manifests.named(rbac, Role.class, ref.getName()).isPresent();
    if (!defined) {
      problems.add(where + " refers to " + ref.getKind() + " " + ref.getName() + ", not defined");
    }
    for (Subject s : subjects) {
      if (!s.getKind().equals("ServiceAccount")
          || !s.getName().equals(sa)
          || !"strata-system".equals(s.getNamespace())) {
        problems.add(where + " binds " + s.getKind() + " " + s.getNamespace() + "/" + s.getName());
      }
    }
  }

  private static String operatorServiceAccount() {
    Deployment d =
        Manifests.named(
                Manifests.parse(Repo.read("deploy/base/operator.yaml")),
                Deployment.class,
                "strata-operator")
            .orElseThrow();
    String name = d.getSpec().getTemplate().getSpec().getServiceAccountName();
    assertFalse(
        name == null || name.isBlank() || name.equals("default"),
        "the operator must run as its own ServiceAccount, not 'default'");
    return name;
  }
}
