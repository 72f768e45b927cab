package dev.strata.testbed.cluster;

import dev.strata.testbed.link.LinkSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The local three-tier cluster: embedded API, emulated nodes and links, and the real operator.
 * Closing it stops every process it started and removes its cgroups.
 */
public final class EmulatedCluster implements AutoCloseable {
  public static final String PIPELINE_GROUP = "strata.dev/v1alpha1";
  public static final String PIPELINE_KIND = "InferencePipeline";

  /** Where the cluster finds the project's artifacts and writes its files. */
  public record Layout(Path projectRoot, Path workDir, int apiPort) {
    Path runtimeJar() {
      return projectRoot.resolve("runtime-image/target/quarkus-app/quarkus-run.jar");
    }

    Path operatorJar() {
      return projectRoot.resolve("operator/target/quarkus-app/quarkus-run.jar");
    }

    Path crd() {
      return projectRoot.resolve("crds/inferencepipelines.strata.dev-v1.yml");
    }
  }

  private final EmbeddedApiServer api;
  private final KubernetesClient client;
  private final PodNetwork network;
  private final NodeAgent agent;
  private final List<EmulatedNode> nodes;
  private final OperatorProcess operator;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Stops the cluster when the JVM exits without {@link #close} (Ctrl-C, SIGTERM): the operator and
   * stage processes would otherwise outlive it. Only SIGKILL escapes this; the next start sweeps
   * the operator and stage processes that leaves behind through their cgroups.
   */
  private final Thread exitHook;

  private EmulatedCluster(
      EmbeddedApiServer api,
      KubernetesClient client,
      PodNetwork network,
      NodeAgent agent,
      List<EmulatedNode> nodes,
      OperatorProcess operator,
      Consumer<String> log) {
    this.api = api;
    this.client = client;
    this.network = network;
    this.agent = agent;
    this.nodes = nodes;
    this.operator = operator;
    this.exitHook =
        new Thread(
            () -> {
              if (!closed.get()) {
                log.accept("stopping the emulated cluster (processes, relays, cgroups)");
                close();
              }
            },
            "emulated-cluster-exit");
  }

  /**
   * Starts the API, registers the nodes, applies the CRD from crds/ and starts the operator.
   *
   * @param operatorProperties extra {@code -D} settings for the operator (probe interval, ...)
   */
  public static EmulatedCluster start(
      Layout layout,
      List<EmulatedNode> nodes,
      Map<String, LinkSpec> links,
      List<String> operatorProperties,
      Consumer<String> log)
      throws IOException {
    Files.createDirectories(layout.workDir());
    int swept = NodeAgent.sweepStale(Path.of("/sys/fs/cgroup"));
    if (swept > 0) {
      log.accept("removed " + swept + " processes left by an emulation that was killed");
    }
    EmbeddedApiServer api = EmbeddedApiServer.start(layout.apiPort());
    KubernetesClient client = api.newClient();
    PodNetwork network = null;
    NodeAgent agent = null;
    try {
      api.writeKubeconfig(layout.workDir().resolve("kubeconfig"));
      network = new PodNetwork(layout.workDir().resolve("net"), nodes, links);
      Path javaHome = Path.of(System.getProperty("java.home"));
      agent =
          new NodeAgent(
              client,
              new NodeAgent.Settings(
                  layout.workDir(), layout.runtimeJar(), javaHome, Path.of("/sys/fs/cgroup")),
              nodes,
              network,
              Clock.systemUTC(),
              log);
      agent.start();
      try (InputStream crd = Files.newInputStream(layout.crd())) {
        client.load(crd).createOrReplace();
      }
      OperatorProcess operator =
          OperatorProcess.start(
              layout.operatorJar(),
              javaHome,
              api.url(),
              network.controlPlaneHosts(),
              layout.workDir().resolve("operator.log"),
              operatorProperties,
              agent::controlPlaneCommand);
      EmulatedCluster cluster =
          new EmulatedCluster(api, client, network, agent, nodes, operator, log);
      Runtime.getRuntime().addShutdownHook(cluster.exitHook);
      return cluster;
    } catch (IOException | RuntimeException e) {
      if (agent != null) {
        agent.close();
      }
      if (network != null) {
        network.close();
      }
      client.close();
      api.close();
      throw e;
    }
  }

  public KubernetesClient client() {
    return client;
  }

  public PodNetwork network() {
    return network;
  }

  public NodeAgent agent() {
    return agent;
  }

  public EmbeddedApiServer api() {
    return api;
  }

  public OperatorProcess operator() {
    return operator;
  }

  /** Applies a YAML file the way {@code kubectl apply} would, creating namespaces it names. */
  public void apply(Path yaml) throws IOException {
    try (InputStream in = Files.newInputStream(yaml)) {
      for (HasMetadata o : client.load(in).items()) {
        String ns = o.getMetadata().getNamespace();
        if (ns != null && client.namespaces().withName(ns).get() == null) {
          client
              .namespaces()
              .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
              .create();
        }
        client.resource(o).createOr(existing -> existing.update());
      }
    }
  }

  /** The pipeline as stored, or empty. */
  public Optional<GenericKubernetesResource> pipeline(String namespace, String name) {
    return Optional.ofNullable(
        client
            .genericKubernetesResources(PIPELINE_GROUP, PIPELINE_KIND)
            .inNamespace(namespace)
            .withName(name)
            .get());
  }

  public EmulatedNode node(String tier) {
    return nodes.stream()
        .filter(n -> n.tier().equals(tier) || n.name().equals(tier))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no emulated node for " + tier));
  }

  /**
   * Where a client on the {@code tier} node reaches the pipeline's entry: the pod its Service
   * selects (what kube-proxy would pick), through the link from that node.
   */
  public InetSocketAddress entryFrom(String tier, String namespace, String pipeline) {
    Service service = client.services().inNamespace(namespace).withName(pipeline).get();
    if (service == null || service.getSpec().getSelector() == null) {
      throw new IllegalStateException(
          "service " + namespace + "/" + pipeline + " does not exist yet");
    }
    List<Pod> pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabels(service.getSpec().getSelector())
            .list()
            .getItems();
    Pod entry =
        pods.stream()
            .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null)
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("service " + pipeline + " selects no running pod"));
    String host =
        Optional.ofNullable(entry.getSpec().getHostname()).orElse(entry.getMetadata().getName());
    String dns = host + "." + entry.getSpec().getSubdomain() + "." + namespace + ".svc";
    return network.addressFrom(node(tier), dns);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != exitHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(exitHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook runs and finds the cluster closed
      }
    }
    operator.close();
    agent.close();
    network.close();
    client.close();
    api.close();
  }
}
