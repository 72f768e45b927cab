package dev.strata.testbed.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testbed.FreePorts;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node agent runs a stage pod as a real runtime process and reports it like kubelet. */
class NodeAgentIT {
  @TempDir Path dir;

  static Path runtimeJar() {
    Path jar =
        Path.of(
            System.getProperty(
                "strata.runtime.jar", "../runtime-image/target/quarkus-app/quarkus-run.jar"));
    assumeTrue(Files.exists(jar), "runtime jar not built: " + jar.toAbsolutePath());
    return jar;
  }

  static Pod stagePod(String name, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withHostname(name)
        .withSubdomain("demo-stages")
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchField()
        .withKey("metadata.name")
        .withOperator("In")
        .withValues(node)
        .endMatchField()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .addNewContainer()
        .withName("stage")
        .withImage("strata-runtime:0.1.0")
        .addNewEnv()
        .withName("STRATA_MODEL_URI")
        .withValue("builtin:mobilenet_v2?seed=7")
        .endEnv()
        .addNewEnv()
        .withName("STRATA_TOKEN_FILE")
        .withValue("/var/run/strata/token/token")
        .endEnv()
        .addNewEnv()
        .withName("STRATA_MODEL_CACHE")
        .withValue("/var/cache/strata")
        .endEnv()
        .addNewVolumeMount()
        .withName("token")
        .withMountPath("/var/run/strata/token")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("model-cache")
        .withMountPath("/var/cache/strata")
        .endVolumeMount()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/v2/health/live")
        .withNewPort(8080)
        .endHttpGet()
        .endReadinessProbe()
        .endContainer()
        .addNewVolume()
        .withName("token")
        .withNewSecret()
        .withSecretName("demo-stage-token")
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("model-cache")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .build();
  }

  /** A node agent on this machine's cgroups that starts pods from {@code jar}. */
  static NodeAgent agent(
      KubernetesClient client, Path dir, Path jar, List<EmulatedNode> nodes, PodNetwork network) {
    return new NodeAgent(
        client,
        new NodeAgent.Settings(
            dir,
            jar.toAbsolutePath(),
            Path.of(System.getProperty("java.home")),
            Path.of("/sys/fs/cgroup")),
        nodes,
        network,
        Clock.systemUTC(),
        System.out::println);
  }

  /** The Secret {@link #stagePod} mounts its control token from. */
  static void createTokenSecret(KubernetesClient client) {
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("demo-stage-token")
                .withNamespace("default")
                .endMetadata()
                .withStringData(Map.of("token", "s3cret"))
                .build())
        .create();
  }

  @Test
  void runsAStagePodAsALimitedProcessAndStopsIt() throws Exception {
    Path jar = runtimeJar();
    List<EmulatedNode> nodes = EmulatedNode.defaultTiers();
    try (EmbeddedApiServer api = EmbeddedApiServer.start(FreePorts.next());
        KubernetesClient client = api.newClient();
        PodNetwork network = new PodNetwork(dir.resolve("net"), nodes, PodNetwork.defaultLinks());
        NodeAgent agent = agent(client, dir, jar, nodes, network)) {
      agent.start();
      assertEquals(3, client.nodes().list().getItems().size());
      createTokenSecret(client);
      client.pods().resource(stagePod("demo-edge-1", "edge-1")).create();

      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                Pod pod = client.pods().inNamespace("default").withName("demo-edge-1").get();
                assertEquals("edge-1", pod.getSpec().getNodeName());
                assertNotNull(pod.getStatus());
                assertEquals("127.0.1.10", pod.getStatus().getPodIP());
                assertTrue(pod.getStatus().getContainerStatuses().get(0).getReady());
              });
      assertTrue(
          Files.readString(network.hostsFile(nodes.get(1)))
              .contains("demo-edge-1.demo-stages.default.svc"));
      assertTrue(Files.exists(dir.resolve("models/builtin-mobilenet_v2-seed7.onnx")));
      // metrics-server's view of the pod, which the operator takes out of the node's usage.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  client.top().pods().metrics("default").getItems().stream()
                      .anyMatch(
                          m ->
                              m.getMetadata().getName().equals("demo-edge-1")
                                  && m.getContainers()
                                          .get(0)
                                          .getUsage()
                                          .get("memory")
                                          .getNumericalAmount()
                                          .longValue()
                                      > 0));

      client.pods().inNamespace("default").withName("demo-edge-1").delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !Files.readString(network.hostsFile(nodes.get(1))).contains("demo-edge-1"));
    }
  }

  @Test
  void collectsObjectsWhoseOwnerIsGone() throws Exception {
    List<EmulatedNode> nodes = EmulatedNode.defaultTiers();
    try (EmbeddedApiServer api = EmbeddedApiServer.start(FreePorts.next());
        KubernetesClient client = api.newClient();
        PodNetwork network = new PodNetwork(dir.resolve("net"), nodes, PodNetwork.defaultLinks());
        NodeAgent agent =
            new NodeAgent(
                client,
                new NodeAgent.Settings(
                    dir,
                    dir.resolve("none.jar"),
                    Path.of(System.getProperty("java.home")),
                    dir.resolve("no-cgroups")),
                nodes,
                network,
                Clock.systemUTC(),
                System.out::println)) {
      agent.start();
      client
          .configMaps()
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("orphan")
                  .withNamespace("default")
                  .addNewOwnerReference()
                  .withApiVersion("v1")
                  .withKind("ConfigMap")
                  .withName("gone")
                  .withUid("1234")
                  .endOwnerReference()
                  .endMetadata()
                  .build())
          .create();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> client.configMaps().inNamespace("default").withName("orphan").get() == null);
    }
  }
}
