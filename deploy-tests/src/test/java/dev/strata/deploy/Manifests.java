package dev.strata.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Multi-document Kubernetes YAML parsed into fabric8 model objects. */
final class Manifests {

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private Manifests() {}

  /**
   * A pod template and where it came from, e.g. {@code Deployment strata-system/strata-operator}.
   */
  record PodTemplate(String where, PodSpec spec, Map<String, String> annotations) {}

  /** Every Kubernetes object in {@code yaml}; documents holding only comments are skipped. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : DOCUMENT_SEPARATOR.split(yaml)) {
      if (isBlank(doc)) {
        continue;
      }
      Object parsed = Serialization.unmarshal(doc);
      if (!(parsed instanceof HasMetadata object)) {
        throw new IllegalArgumentException(
            "not a Kubernetes object (" + parsed.getClass().getSimpleName() + "):\n" + doc);
      }
      out.add(object);
    }
    return out;
  }

  /** Any YAML document as a plain map (kustomization.yaml, the kind cluster config). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseMap(String yaml) {
    return Serialization.unmarshal(yaml, Map.class);
  }

  static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> Optional<T> named(
      List<HasMetadata> objects, Class<T> type, String name) {
    return ofType(objects, type).stream()
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst();
  }

  static String describe(HasMetadata o) {
    ObjectMeta m = o.getMetadata();
    String ns = m.getNamespace() == null ? "" : m.getNamespace() + "/";
    return o.getKind() + " " + ns + m.getName();
  }

  /** The pod template of every workload kind that has one, and bare Pods. */
  static List<PodTemplate> podTemplates(List<HasMetadata> objects) {
    List<PodTemplate> out = new ArrayList<>();
    for (HasMetadata o : objects) {
      String where = describe(o);
      if (o instanceof Deployment d) {
        out.add(template(where, d.getSpec().getTemplate()));
      } else if (o instanceof StatefulSet s) {
        out.add(template(where, s.getSpec().getTemplate()));
      } else if (o instanceof DaemonSet s) {
        out.add(template(where, s.getSpec().getTemplate()));
      } else if (o instanceof Job j) {
        out.add(template(where, j.getSpec().getTemplate()));
      } else if (o instanceof CronJob c) {
        out.add(template(where, c.getSpec().getJobTemplate().getSpec().getTemplate()));
      } else if (o instanceof Pod p) {
        out.add(new PodTemplate(where, p.getSpec(), p.getMetadata().getAnnotations()));
      }
    }
    return out;
  }

  private static PodTemplate template(
      String where, io.fabric8.kubernetes.api.model.PodTemplateSpec t) {
    Map<String, String> annotations =
        t.getMetadata() == null ? Map.of() : t.getMetadata().getAnnotations();
    return new PodTemplate(where, t.getSpec(), annotations);
  }

  private static boolean isBlank(String doc) {
    return doc.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
  }
}
