package dev.strata.testbed.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.strata.core.models.BuiltinModels;
import dev.strata.testbed.FreePorts;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage pod whose model cache is its node's cache claim (as the operator builds it with {@code
 * strata.operator.model-cache.storage-class} set) leaves its download there: the pod that replaces
 * it on the node loads the model without downloading it again.
 */
class ModelCacheIT {
  private static final String CLAIM = "strata-model-cache-edge-1";

  @TempDir Path dir;

  @Test
  void aRecreatedPodOnTheNodeLoadsTheModelFromTheNodesCacheClaim() throws Exception {
    Path jar = NodeAgentIT.runtimeJar();
    byte[] model = BuiltinModels.build("mobilenet_v2", 7).toByteArray();
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
    AtomicInteger downloads = new AtomicInteger();
    HttpServer models = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    models.createContext(
        "/mobilenet_v2.onnx",
        exchange -> {
          downloads.incrementAndGet();
          exchange.sendResponseHeaders(200, model.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(model);
          }
        });
    models.start();
    String uri = "http://127.0.0.1:" + models.getAddress().getPort() + "/mobilenet_v2.onnx";
    List<EmulatedNode> nodes = EmulatedNode.defaultTiers();
    try (EmbeddedApiServer api = EmbeddedApiServer.start(FreePorts.next());
        KubernetesClient client = api.newClient();
        PodNetwork network = new PodNetwork(dir.resolve("net"), nodes, PodNetwork.defaultLinks());
        NodeAgent agent = NodeAgentIT.agent(client, dir, jar, nodes, network)) {
      agent.start();
      NodeAgentIT.createTokenSecret(client);
      client
          .persistentVolumeClaims()
          .resource(
              new PersistentVolumeClaimBuilder()
                  .withNewMetadata()
                  .withName(CLAIM)
                  .withNamespace("default")
                  .endMetadata()
                  .withNewSpec()
                  .withAccessModes("ReadWriteOnce")
                  .endSpec()
                  .build())
          .create();

      client.pods().resource(cachedStagePod(uri, sha256)).create();
      awaitModelLoaded(client);
      assertEquals(1, downloads.get());
      assertTrue(
          Files.isRegularFile(
              dir.resolve("claims/default").resolve(CLAIM).resolve(sha256 + ".onnx")));

      client.pods().inNamespace("default").withName("demo-edge-1").delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !Files.readString(network.hostsFile(nodes.get(1))).contains("demo-edge-1"));
      client.pods().resource(cachedStagePod(uri, sha256)).create();
      awaitModelLoaded(client);
      assertEquals(1, downloads.get(), "the second pod downloaded the model again");
    } finally {
      models.stop(0);
    }
  }

  /** NodeAgentIT's stage pod with an http(s) model and the node's cache claim as its cache. */
  private static Pod cachedStagePod(String uri, String sha256) {
    Pod pod = NodeAgentIT.stagePod("demo-edge-1", "edge-1");
    List<EnvVar> env = pod.getSpec().getContainers().get(0).getEnv();
    env.removeIf(e -> e.getName().equals("STRATA_MODEL_URI"));
    env.add(new EnvVar("STRATA_MODEL_URI", uri, null));
    env.add(new EnvVar("STRATA_MODEL_SHA256", sha256, null));
    env.add(new EnvVar("STRATA_MODEL_NAME", "demo", null));
    env.add(new EnvVar("STRATA_ALLOWED_MODEL_URIS", "http://127.0.0.1:", null));
    List<Volume> volumes = pod.getSpec().getVolumes();
    volumes.removeIf(v -> v.getName().equals("model-cache"));
    volumes.add(
        new VolumeBuilder()
            .withName("model-cache")
            .withNewPersistentVolumeClaim()
            .withClaimName(CLAIM)
            .endPersistentVolumeClaim()
            .build());
    return pod;
  }

  /** The worker answers the model's metadata only once the model is loaded. */
  private static void awaitModelLoaded(KubernetesClient client) {
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              Pod pod = client.pods().inNamespace("default").withName("demo-edge-1").get();
              if (pod == null || pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
                return false;
              }
              String ip = pod.getStatus().getPodIP();
              try {
                return http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://" + ip + ":8080/v2/models/demo"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              } catch (java.io.IOException e) {
                return false;
              }
            });
  }
}
