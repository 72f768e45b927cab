package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.strata.operator.resources.Labels;
import dev.strata.operator.resources.StageSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stage objects against the fabric8 mock server (CRUD). */
@EnableKubernetesMockClient(crud = true)
class StageObjectsIT {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @Test
  void theNewEntryIsLabelledBeforeTheOldOneLosesItsLabel() throws Exception {
    Pod old = client.pods().inNamespace("ns").resource(pod("vgg16-cloud-1", true)).create();
    Pod next = client.pods().inNamespace("ns").resource(pod("vgg16-fog-1", false)).create();
    // The old entry comes first, so that labelling in map order would empty the Service first.
    Map<String, Pod> stagePods = new LinkedHashMap<>();
    stagePods.put("cloud-1", old);
    stagePods.put("fog-1", next);
    int before = server.getRequestCount();

    new StageObjects(client, StageSettings.defaults()).markEntry(stagePods, "fog-1");

    List<String> writes = new ArrayList<>();
    for (int i = 0; i < server.getRequestCount(); i++) {
      RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
      if (i >= before && !r.getMethod().equals("GET")) {
        writes.add(r.getPath().substring(r.getPath().lastIndexOf('/') + 1));
      }
    }
    assertEquals(List.of("vgg16-fog-1", "vgg16-cloud-1"), writes);
    assertEquals("true", labels("vgg16-fog-1").get(Labels.ENTRY));
    assertNull(labels("vgg16-cloud-1").get(Labels.ENTRY));
  }

  private static Pod pod(String name, boolean entry) {
    Map<String, String> labels = new LinkedHashMap<>(Map.of("app", "strata"));
    if (entry) {
      labels.put(Labels.ENTRY, "true");
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  private static Map<String, String> labels(String name) {
    return client.pods().inNamespace("ns").withName(name).get().getMetadata().getLabels();
  }
}
