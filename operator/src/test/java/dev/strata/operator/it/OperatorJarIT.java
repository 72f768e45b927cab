package dev.strata.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.InferencePipeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged app, launched the way the local emulation launches it ({@code java -jar
 * quarkus-run.jar} with a master URL and server-side apply off), reconciles a pipeline.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorJarIT {

  static KubernetesClient client;
  static KubernetesMockServer server;

  @Test
  void packagedOperatorStartsAgainstTheMockServerAndCreatesStagePods() throws Exception {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
    assertTrue(Files.exists(jar), jar + " missing: run mvn package first");
    try (OperatorHarness cluster = new OperatorHarness(client, "jar")) {
      InferencePipeline cr = OperatorHarness.pipeline("vgg", "edge", "cloud");
      cr.getMetadata().setNamespace("jar");
      client.resource(cr).create();
      File log = File.createTempFile("strata-operator", ".log");
      Process operator =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Dquarkus.kubernetes-client.master-url=" + server.url("/"),
                      "-Dquarkus.kubernetes-client.trust-certs=true",
                      "-Dquarkus.http.port=0",
                      "-Dstrata.operator.server-side-apply=false",
                      "-Dstrata.operator.namespaces=jar",
                      "-jar",
                      jar.toString()))
              .redirectErrorStream(true)
              .redirectOutput(log)
              .start();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .alias("stage pods from the packaged operator (log: " + log + ")")
            .until(
                () ->
                    client.pods().inNamespace("jar").list().getItems().size() == 2
                        && client.secrets().inNamespace("jar").withName("vgg-stage-token").get()
                            != null);
      } finally {
        operator.destroy();
        operator.waitFor();
      }
    }
  }
}
