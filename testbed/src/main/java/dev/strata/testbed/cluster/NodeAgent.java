package dev.strata.testbed.cluster;

import dev.strata.core.models.BuiltinModelUri;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Plays kubelet, scheduler and controller manager for the emulated nodes: registers the Nodes and
 * their metrics, binds stage pods to the node their affinity names, runs each as a real local
 * runtime process limited like its node, reports pod IP, readiness and restarts, restarts crashed
 * processes with back-off, and deletes objects whose owner is gone.
 *
 * <p>All state changes run on one thread; informer events are handed to it.
 */
public final class NodeAgent implements AutoCloseable {
  private static final Duration LOOP = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

  /** Where the agent finds things on this machine and writes its files. */
  public record Settings(Path workDir, Path runtimeJar, Path javaHome, Path cgroupRoot) {}

  private final KubernetesClient client;
  private final Settings settings;
  private final Clock clock;
  private final PodNetwork network;
  private final Map<String, EmulatedNode> nodes = new LinkedHashMap<>();
  private final Map<String, NodeCgroups> cgroups = new HashMap<>();
  private final NodeCgroups controlPlane;
  private final Map<String, RunningPod> running = new HashMap<>();
  private final Map<String, Process> contention = new HashMap<>();
  private final Map<String, Long> lastCpu = new HashMap<>();
  private final Map<String, ProcessUsage> lastPodUsage = new HashMap<>();
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "node-agent");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Consumer<String> log;
  private volatile boolean closing;
  private final String run;
  private SharedIndexInformer<Pod> informer;
  private Instant lastMetrics = Instant.EPOCH;

  private static final class RunningPod {
    final String key;
    final String ip;
    final EmulatedNode node;
    StageProcess stage;
    Process process;
    int restarts;
    Instant restartAt;
    boolean ready;
    String waitingReason;
    String readinessPath = "/v2/health/live";

    RunningPod(String key, String ip, EmulatedNode node) {
      this.key = key;
      this.ip = ip;
      this.node = node;
    }
  }

  public NodeAgent(
      KubernetesClient client,
      Settings settings,
      List<EmulatedNode> emulated,
      PodNetwork network,
      Clock clock,
      Consumer<String> log) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.network = network;
    this.log = log;
    this.run = Long.toString(ProcessHandle.current().pid());
    this.controlPlane = NodeCgroups.marker(settings.cgroupRoot(), run, "control-plane");
    emulated.forEach(n -> nodes.put(n.name(), n));
  }

  /**
   * {@code command} wrapped to join this run's control-plane memory group (no limit): a
   * control-plane process such as the operator is then stopped by {@link #sweepStale} with the
   * stages when the emulation that started it was killed.
   */
  public List<String> controlPlaneCommand(List<String> command) {
    return controlPlane.wrap(command);
  }

  /** Removes cgroups and processes of an earlier emulation that was killed. */
  public static int sweepStale(Path cgroupRoot) {
    return NodeCgroups.sweepStale(cgroupRoot);
  }

  /** Registers the nodes, starts watching pods and starts the agent loop. */
  public void start() {
    for (EmulatedNode node : nodes.values()) {
      NodeCgroups groups = NodeCgroups.create(settings.cgroupRoot(), run, node);
      cgroups.put(node.name(), groups);
      register(node);
      log.accept(
          "node "
              + node.name()
              + " ("
              + node.tier()
              + "): "
              + node.cpus().map(c -> c + " CPU").orElse("all CPUs")
              + ", "
              + node.memoryBytes().map(m -> (m >> 20) + " MiB").orElse("all memory")
              + "; limits by "
              + groups.mechanism());
    }
    informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    submit(() -> reconcile(pod));
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    submit(() -> reconcile(pod));
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {
                    submit(() -> stop(key(pod)));
                  }
                });
    loop.scheduleWithFixedDelay(
        this::tick, LOOP.toMillis(), LOOP.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on the agent thread; anything it throws is reported, not swallowed. */
  private void submit(Runnable task) {
    loop.execute(
        () -> {
          try {
            task.run();
          } catch (Throwable t) {
            log.accept("node agent: " + t);
          }
        });
  }

  /** How each node's limits are enforced, for reports. */
  public Map<String, String> limitMechanisms() {
    Map<String, String> m = new LinkedHashMap<>();
    cgroups.forEach((node, groups) -> m.put(node, groups.mechanism()));
    return m;
  }

  private void register(EmulatedNode node) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", node.name());
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("kubernetes.io/os", "linux");
    labels.put("strata.dev/tier", node.tier());
    labels.put("strata.dev/power-idle-watts", Double.toString(node.idleWatts()));
    labels.put("strata.dev/power-max-watts", Double.toString(node.maxWatts()));
    int cores = Runtime.getRuntime().availableProcessors();
    Quantity cpu = new Quantity(Math.round(node.cpus().orElse((double) cores) * 1000) + "m");
    Quantity memory =
        new Quantity(
            Long.toString(node.memoryBytes().orElse(Runtime.getRuntime().maxMemory() * 4)));
    Map<String, Quantity> resources =
        Map.of("cpu", cpu, "memory", memory, "pods", new Quantity("16"));
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(node.name())
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .withCapacity(resources)
                .withAllocatable(resources)
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withReason("KubeletReady")
                .withLastTransitionTime(clock.instant().toString())
                .endCondition()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress("127.0." + node.index() + ".1")
                .endAddress()
                .endStatus()
                .build())
        .createOr(existing -> existing.update());
  }

  private static String key(HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private void reconcile(Pod pod) {
    String key = key(pod);
    try {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        stop(key);
        return;
      }
      if (pod.getSpec().getNodeName() == null) {
        bind(pod);
        return;
      }
      EmulatedNode node = nodes.get(pod.getSpec().getNodeName());
      if (node == null || running.containsKey(key)) {
        return;
      }
      String ip = network.attach(key, dnsName(pod), node);
      RunningPod r = new RunningPod(key, ip, node);
      running.put(key, r);
      launch(r, pod);
    } catch (Exception e) {
      log.accept("node agent: pod " + key + ": " + e.getMessage());
    }
  }

  private static String dnsName(Pod pod) {
    String host =
        Optional.ofNullable(pod.getSpec().getHostname()).orElse(pod.getMetadata().getName());
    String sub = pod.getSpec().getSubdomain();
    return sub == null ? host : host + "." + sub + "." + pod.getMetadata().getNamespace() + ".svc";
  }

  /** Binds an unscheduled pod to the node its required node affinity or node selector names. */
  private void bind(Pod pod) {
    Optional<String> target = affinityNode(pod);
    if (target.isEmpty() || !nodes.containsKey(target.get())) {
      return; // not ours to schedule
    }
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"nodeName\":\"" + target.get() + "\"}}");
  }

  private static Optional<String> affinityNode(Pod pod) {
    var affinity = pod.getSpec().getAffinity();
    if (affinity != null
        && affinity.getNodeAffinity() != null
        && affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
      for (NodeSelectorTerm term :
          affinity
              .getNodeAffinity()
              .getRequiredDuringSchedulingIgnoredDuringExecution()
              .getNodeSelectorTerms()) {
        List<NodeSelectorRequirement> reqs = new ArrayList<>();
        if (term.getMatchFields() != null) {
          reqs.addAll(term.getMatchFields());
        }
        if (term.getMatchExpressions() != null) {
          reqs.addAll(term.getMatchExpressions());
        }
        for (NodeSelectorRequirement r : reqs) {
          if ((r.getKey().equals("metadata.name") || r.getKey().equals("kubernetes.io/hostname"))
              && r.getOperator().equals("In")
              && !r.getValues().isEmpty()) {
            return Optional.of(r.getValues().get(0));
          }
        }
      }
    }
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    return selector == null
        ? Optional.empty()
        : Optional.ofNullable(selector.get("kubernetes.io/hostname"));
  }

  private void launch(RunningPod r, Pod pod) throws IOException {
    var probe = pod.getSpec().getContainers().get(0).getReadinessProbe();
    if (probe != null && probe.getHttpGet() != null) {
      r.readinessPath = probe.getHttpGet().getPath();
    }
    Path dir = settings.workDir().resolve("pods").resolve(r.key.replace('/', '_'));
    Files.createDirectories(dir);
    String namespace = pod.getMetadata().getNamespace();
    r.stage =
        StageProcess.prepare(
            pod,
            r.ip,
            dir,
            new StageProcess.Host(
                settings.runtimeJar(),
                settings.javaHome(),
                network.hostsFile(r.node),
                cgroups.get(r.node.name())),
            name -> client.secrets().inNamespace(namespace).withName(name).get(),
            name ->
                client.persistentVolumeClaims().inNamespace(namespace).withName(name).get() == null
                    ? null
                    : settings.workDir().resolve("claims").resolve(namespace).resolve(name));
    stageBuiltinModel(r.stage);
    r.process = r.stage.start();
    r.waitingReason = null;
    log.accept(
        "node "
            + r.node.name()
            + ": started pod "
            + r.key
            + " at "
            + r.ip
            + " (pid "
            + r.process.pid()
            + ")");
    report(r);
  }

  /**
   * Puts a built-in model into the pod's model cache before it starts, as an image pull or an init
   * container would: the edge's 512 MiB could not hold VGG16 while building it.
   */
  private void stageBuiltinModel(StageProcess stage) throws IOException {
    String uri = stage.environment().get("STRATA_MODEL_URI");
    String cache = stage.environment().get("STRATA_MODEL_CACHE");
    if (uri == null || cache == null || !BuiltinModelUri.isBuiltin(uri)) {
      return;
    }
    BuiltinModelUri builtin = BuiltinModelUri.parse(uri);
    String file = "builtin-" + builtin.name() + "-seed" + builtin.seed() + ".onnx";
    Path shared = settings.workDir().resolve("models").resolve(file);
    if (!Files.exists(shared)) {
      Files.createDirectories(shared.getParent());
      Path tmp = shared.resolveSibling(file + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        builtin.build().writeTo(out);
      }
      Files.move(tmp, shared);
    }
    Path target = Path.of(cache).resolve(file);
    Files.createDirectories(target.getParent());
    if (!Files.exists(target)) {
      Files.createLink(target, shared);
    }
  }

  private void tick() {
    try {
      for (RunningPod r : List.copyOf(running.values())) {
        supervise(r);
      }
      if (Duration.between(lastMetrics, clock.instant()).compareTo(Duration.ofSeconds(2)) >= 0) {
        publishMetrics();
        collectGarbage();
      }
    } catch (Exception e) {
      log.accept("node agent: " + e.getMessage());
    }
  }

  private void supervise(RunningPod r) throws IOException {
    if (r.process != null && !r.process.isAlive()) {
      r.restarts++;
      Duration backoff = Duration.ofSeconds(1L << Math.min(r.restarts - 1, 5));
      r.restartAt =
          clock.instant().plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
      r.waitingReason = r.restarts >= 2 ? "CrashLoopBackOff" : "Error";
      log.accept(
          "node "
              + r.node.name()
              + ": pod "
              + r.key
              + " exited with "
              + r.process.exitValue()
              + "; restart "
              + r.restarts
              + " at "
              + r.restartAt);
      r.process = null;
      r.ready = false;
      report(r);
      return;
    }
    if (r.process == null) {
      if (r.restartAt != null && !clock.instant().isBefore(r.restartAt)) {
        r.process = r.stage.start();
        r.waitingReason = null;
        report(r);
      }
      return;
    }
    boolean ready = probe(r);
    if (ready != r.ready) {
      r.ready = ready;
      report(r);
    }
  }

  private boolean probe(RunningPod r) {
    String path = r.readinessPath;
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://" + r.ip + ":" + PodNetwork.STAGE_PORT + path))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void report(RunningPod r) {
    String[] nsName = r.key.split("/");
    String now = clock.instant().toString();
    ContainerStatusBuilder container =
        new ContainerStatusBuilder()
            .withName("stage")
            .withReady(r.ready)
            .withStarted(r.process != null)
            .withRestartCount(r.restarts)
            .withImage("strata-runtime (local process)");
    if (r.process != null) {
      container.withNewState().withNewRunning().withStartedAt(now).endRunning().endState();
    } else {
      container
          .withNewState()
          .withNewWaiting()
          .withReason(r.waitingReason)
          .withMessage("back-off restarting the stage process; see " + r.key + " stage.log")
          .endWaiting()
          .endState();
    }
    ContainerStatus status = container.build();
    List<PodCondition> conditions =
        List.of(
            condition("PodScheduled", true, now),
            condition("Initialized", true, now),
            condition("ContainersReady", r.ready, now),
            condition("Ready", r.ready, now));
    try {
      client
          .pods()
          .inNamespace(nsName[0])
          .withName(nsName[1])
          .editStatus(
              p ->
                  new PodBuilder(p)
                      .editOrNewStatus()
                      .withPhase("Running")
                      .withPodIP(r.ip)
                      .withHostIP("127.0." + r.node.index() + ".1")
                      .withConditions(conditions)
                      .withContainerStatuses(status)
                      .endStatus()
                      .build());
    } catch (RuntimeException e) {
      // While closing, the loop is interrupted under a status call; that status no longer matters.
      if (!closing) {
        log.accept("node agent: status of " + r.key + ": " + e.getMessage());
      }
    }
  }

  private static PodCondition condition(String type, boolean status, String now) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withLastTransitionTime(now)
        .build();
  }

  private void publishMetrics() {
    Instant now = clock.instant();
    double seconds = Math.max(1e-3, Duration.between(lastMetrics, now).toMillis() / 1000.0);
    lastMetrics = now;
    for (EmulatedNode node : nodes.values()) {
      NodeCgroups groups = cgroups.get(node.name());
      Optional<Long> cpu = groups.cpuNanos();
      long millicores = 0;
      if (cpu.isPresent()) {
        Long previous = lastCpu.put(node.name(), cpu.get());
        if (previous != null) {
          millicores = Math.round((cpu.get() - previous) / 1e6 / seconds);
        }
      }
      Map<String, Quantity> usage =
          Map.of(
              "cpu", new Quantity(millicores + "m"),
              "memory", new Quantity(Long.toString(groups.memoryBytes().orElse(0L))));
      try {
        client
            .resource(
                new NodeMetricsBuilder()
                    .withNewMetadata()
                    .withName(node.name())
                    .endMetadata()
                    .withTimestamp(now.toString())
                    .withWindow(new io.fabric8.kubernetes.api.model.Duration(Duration.ofSeconds(2)))
                    .withUsage(usage)
                    .build())
            .createOr(existing -> existing.update());
      } catch (RuntimeException e) {
        log.accept("node agent: metrics of " + node.name() + ": " + e.getMessage());
      }
    }
    for (RunningPod r : running.values()) {
      publishPodMetrics(r, now, seconds);
    }
  }

  /** PodMetrics of one stage pod from its process, as metrics-server reports them from cAdvisor. */
  private void publishPodMetrics(RunningPod r, Instant now, double seconds) {
    Optional<ProcessUsage> usage =
        r.process == null || !r.process.isAlive()
            ? Optional.empty()
            : ProcessUsage.of(r.process.pid());
    if (usage.isEmpty()) {
      lastPodUsage.remove(r.key);
      return;
    }
    ProcessUsage previous = lastPodUsage.put(r.key, usage.get());
    long millicores =
        previous == null
            ? 0
            : Math.max(
                0, Math.round((usage.get().cpuNanos() - previous.cpuNanos()) / 1e6 / seconds));
    String[] key = r.key.split("/", 2);
    try {
      client
          .resource(
              new PodMetricsBuilder()
                  .withNewMetadata()
                  .withNamespace(key[0])
                  .withName(key[1])
                  .endMetadata()
                  .withTimestamp(now.toString())
                  .withWindow(new io.fabric8.kubernetes.api.model.Duration(Duration.ofSeconds(2)))
                  .addNewContainer()
                  .withName("stage")
                  .withUsage(
                      Map.of(
                          "cpu", new Quantity(millicores + "m"),
                          "memory", new Quantity(Long.toString(usage.get().rssBytes()))))
                  .endContainer()
                  .build())
          .createOr(existing -> existing.update());
    } catch (RuntimeException e) {
      log.accept("node agent: metrics of pod " + r.key + ": " + e.getMessage());
    }
  }

  /** Deletes pods, services, secrets and config maps whose owner no longer exists. */
  private void collectGarbage() {
    List<HasMetadata> owned = new ArrayList<>();
    owned.addAll(client.pods().inAnyNamespace().list().getItems());
    owned.addAll(client.services().inAnyNamespace().list().getItems());
    owned.addAll(client.secrets().inAnyNamespace().list().getItems());
    owned.addAll(client.configMaps().inAnyNamespace().list().getItems());
    Map<String, Boolean> alive = new HashMap<>();
    for (HasMetadata o : owned) {
      for (OwnerReference ref : o.getMetadata().getOwnerReferences()) {
        String ns = o.getMetadata().getNamespace();
        boolean exists =
            alive.computeIfAbsent(
                ref.getUid(),
                uid -> {
                  var owner =
                      client
                          .genericKubernetesResources(ref.getApiVersion(), ref.getKind())
                          .inNamespace(ns)
                          .withName(ref.getName())
                          .get();
                  return owner != null && uid.equals(owner.getMetadata().getUid());
                });
        if (!exists) {
          log.accept(
              "garbage collector: deleting "
                  + o.getKind()
                  + " "
                  + key(o)
                  + " (owner "
                  + ref.getName()
                  + " is gone)");
          client.resource(o).delete();
          break;
        }
      }
    }
  }

  /** Starts CPU-bound processes that compete with the stage on {@code node} (scenario load). */
  public void startContention(String node, int processes) {
    submit(
        () -> {
          try {
            for (int i = 0; i < processes; i++) {
              Process p =
                  new ProcessBuilder(
                          cgroups.get(node).wrap(List.of("/bin/sh", "-c", "while :; do :; done")))
                      .start();
              contention.put(node + "#" + i, p);
            }
          } catch (IOException e) {
            log.accept("node agent: contention on " + node + ": " + e.getMessage());
          }
        });
  }

  public void stopContention(String node) {
    submit(
        () ->
            contention
                .entrySet()
                .removeIf(
                    e -> {
                      if (e.getKey().startsWith(node + "#")) {
                        e.getValue().destroyForcibly();
                        return true;
                      }
                      return false;
                    }));
  }

  /**
   * The node fails: its processes die, its Node object goes and the pods bound to it are deleted,
   * as the node lifecycle controller would after its grace period.
   */
  public void loseNode(String node) {
    submit(
        () -> {
          for (RunningPod r : List.copyOf(running.values())) {
            if (r.node.name().equals(node)) {
              stop(r.key);
              String[] nsName = r.key.split("/");
              client.pods().inNamespace(nsName[0]).withName(nsName[1]).delete();
            }
          }
          client.nodes().withName(node).delete();
          log.accept("node " + node + ": lost");
        });
  }

  private void stop(String key) {
    RunningPod r = running.remove(key);
    if (r == null) {
      return;
    }
    lastPodUsage.remove(key);
    String[] parts = key.split("/", 2);
    try {
      client.resources(PodMetrics.class).inNamespace(parts[0]).withName(parts[1]).delete();
    } catch (RuntimeException e) {
      log.accept("node agent: metrics of pod " + key + ": " + e.getMessage());
    }
    if (r.process != null) {
      r.process.destroy();
      try {
        if (!r.process.waitFor(5, TimeUnit.SECONDS)) {
          r.process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        r.process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      network.detach(key);
      if (r.stage != null) {
        r.stage.removeVolumes();
      }
    } catch (IOException e) {
      log.accept("node agent: network or volumes of " + key + ": " + e.getMessage());
    }
    log.accept("node " + r.node.name() + ": stopped pod " + key);
  }

  /** Stops every process the agent started and removes its cgroups. */
  @Override
  public void close() {
    closing = true;
    if (informer != null) {
      informer.close();
    }
    loop.shutdownNow();
    running
        .values()
        .forEach(
            r -> {
              if (r.process != null) {
                r.process.descendants().forEach(ProcessHandle::destroyForcibly);
                r.process.destroyForcibly();
              }
            });
    contention.values().forEach(Process::destroyForcibly);
    for (RunningPod r : running.values()) {
      if (r.process != null) {
        try {
          r.process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    running.clear();
    cgroups.values().forEach(NodeCgroups::close);
    controlPlane.close();
  }
}
