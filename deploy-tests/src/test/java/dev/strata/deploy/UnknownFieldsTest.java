package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No misspelt fields. No schema validation runs here (no API server), and fabric8's model keeps a
 * field it does not know in {@code additionalProperties} instead of failing, so a typo such as
 * {@code readOnlyRootFilesytem} would be applied and silently ignored by the API server. This walks
 * every parsed object and fails on any unknown field.
 */
class UnknownFieldsTest {

  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  /** Paths of unknown fields under {@code node}, found through the model's public getters. */
  static List<String> unknownFields(Object node, String path) {
    List<String> out = new ArrayList<>();
    walk(node, path, out);
    return out;
  }

  private static void walk(Object node, String path, List<String> out) {
    if (node == null) {
      return;
    }
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", out);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, out));
      return;
    }
    if (!node.getClass().getPackageName().startsWith(MODEL_PACKAGE)) {
      return;
    }
    for (Method m : node.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || m.getDeclaringClass() == Object.class
          || !m.getName().startsWith("get")) {
        continue;
      }
      Object value = invoke(m, node);
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + ": unknown " + extra.keySet());
        }
      } else {
        walk(value, path + "." + decapitalize(m.getName().substring(3)), out);
      }
    }
  }

  private static Object invoke(Method m, Object target) {
    try {
      return m.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + m + " of " + target.getClass(), e);
    }
  }

  private static String decapitalize(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "deploy/base/namespace.yaml",
        "deploy/base/operator.yaml",
        "deploy/base/metrics-service.yaml",
        "deploy/base/operator-networkpolicy.yaml",
        "deploy/overlays/kind/operator-patch.yaml",
        "deploy/overlays/k3s/operator-patch.yaml",
        "deploy/networkpolicy/stages.yaml"
      })
  void everyFieldIsKnownToTheKubernetesModel(String file) {
    List<String> unknown = new ArrayList<>();
    for (HasMetadata o : Manifests.parse(Repo.read(file))) {
      unknown.addAll(unknownFields(o, file + " " + Manifests.describe(o)));
    }
    assertEquals(List.of(), unknown);
  }

  @Test
  void aMisspeltFieldIsFound() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          template:
            spec:
              containers:
                - name: c
                  securityContext: {readOnlyRootFilesytem: true}
        """;
    List<String> unknown = unknownFields(Manifests.parse(yaml).get(0), "d");
    assertEquals(1, unknown.size(), unknown::toString);
    assertTrue(unknown.get(0).contains("readOnlyRootFilesytem"), unknown.get(0));
  }
}
