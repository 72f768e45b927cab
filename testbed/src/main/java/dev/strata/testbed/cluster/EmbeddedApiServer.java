package dev.strata.testbed.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * An embedded Kubernetes API: fabric8's mock server in CRUD mode on plain HTTP at a fixed loopback
 * port, with the discovery endpoints kubectl needs. It stores objects and serves watches; it
 * schedules nothing and collects no garbage (the node agent does what kubelet and the controller
 * manager would).
 */
public final class EmbeddedApiServer implements AutoCloseable {
  private final KubernetesMockServer server;
  private final int port;

  private EmbeddedApiServer(KubernetesMockServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts the server on {@code 127.0.0.1:port}. */
  public static EmbeddedApiServer start(int port) throws IOException {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new DiscoveryDispatcher(), false);
    server.init(InetAddress.getByName("127.0.0.1"), port);
    return new EmbeddedApiServer(server, port);
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** A new client for the embedded API; the caller closes it. */
  public KubernetesClient newClient() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withNamespace("default")
            .withTrustCerts(true)
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Writes a kubeconfig so that {@code kubectl --kubeconfig FILE} talks to this server. */
  public Path writeKubeconfig(Path file) throws IOException {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: strata-testbed
          cluster: {server: "%s"}
        users:
        - name: strata-testbed
          user: {token: testbed}
        contexts:
        - name: strata-testbed
          context: {cluster: strata-testbed, user: strata-testbed, namespace: default}
        current-context: strata-testbed
        """
            .formatted(url());
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, yaml);
  }

  @Override
  public void close() {
    server.destroy();
  }
}
