package dev.strata.operator.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of deploy/base/rbac.yaml, and the RBAC verb an API request needs: lets a test check
 * that every call the operator made is allowed, so the RBAC stays least-privilege and complete.
 */
final class RbacRules {

  /** What one API request needs. */
  record Need(String group, String resource, String verb) {
    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
  }

  private final List<PolicyRule> rules = new ArrayList<>();

  RbacRules(KubernetesClient client, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata o : client.load(in).items()) {
        if (o instanceof ClusterRole c) {
          rules.addAll(c.getRules());
        } else if (o instanceof Role r) {
          rules.addAll(r.getRules());
        }
      }
    }
  }

  boolean allows(Need need) {
    return rules.stream()
        .anyMatch(
            r ->
                r.getApiGroups().contains(need.group())
                    && r.getResources().contains(need.resource())
                    && r.getVerbs().contains(need.verb()));
  }

  /** The RBAC need of {@code method path}, or empty for non-resource paths (discovery). */
  static Optional<Need> of(String method, String pathAndQuery) {
    String path = pathAndQuery.split("\\?")[0];
    String query =
        pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?')) : "";
    String[] p = path.replaceFirst("^/", "").split("/");
    String group;
    int i;
    if (p[0].equals("api") && p.length >= 3) {
      group = "";
      i = 2;
    } else if (p[0].equals("apis") && p.length >= 4) {
      group = p[1];
      i = 3;
    } else {
      return Optional.empty();
    }
    if (p.length > i + 1 && p[i].equals("namespaces") && p.length > i + 2) {
      i += 2;
    }
    String resource = p[i];
    boolean named = p.length > i + 1;
    if (p.length > i + 2) {
      resource = resource + "/" + p[i + 2];
    }
    String verb =
        switch (method) {
          case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase();
        };
    return Optional.of(new Need(group, resource, verb));
  }
}
