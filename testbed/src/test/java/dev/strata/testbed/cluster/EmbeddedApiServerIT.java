package dev.strata.testbed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testbed.FreePorts;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedApiServerIT {
  @TempDir Path dir;

  private static final String CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.example.dev}
      spec:
        group: example.dev
        scope: Namespaced
        names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
        versions:
        - name: v1
          served: true
          storage: true
          schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
      """;

  @Test
  void servesObjectsAndDiscoveryToKubectl() throws Exception {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(FreePorts.next());
        KubernetesClient client = api.newClient()) {
      client
          .nodes()
          .resource(new NodeBuilder().withNewMetadata().withName("edge-1").endMetadata().build())
          .create();
      client.load(new ByteArrayInputStream(CRD.getBytes(StandardCharsets.UTF_8))).create();
      assertEquals(1, client.nodes().list().getItems().size());

      Path kubectl = Path.of("/usr/bin/kubectl");
      assumeTrue(
          Files.isExecutable(kubectl),
          "kubectl is not installed: discovery checked by the client only");
      Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
      Process p =
          new ProcessBuilder(
                  kubectl.toString(),
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "get",
                  "nodes,wd",
                  "-A")
              .redirectErrorStream(true)
              .start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("edge-1"), out);
    }
  }
}
