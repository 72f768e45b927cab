package dev.strata.operator.it;

import dev.strata.api.v1alpha1.Adaptation;
import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.InferencePipelineSpec;
import dev.strata.api.v1alpha1.ModelSource;
import dev.strata.api.v1alpha1.TierSpec;
import dev.strata.operator.adapter.HttpStageClient;
import dev.strata.operator.reconciler.CycleSettings;
import dev.strata.operator.reconciler.StrataOperator;
import dev.strata.operator.resources.StageSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster of three labelled nodes (edge-1, fog-1, cloud-1) on the fabric8 mock server, the {@link
 * FakeKubelet}, the {@link FakeStage} and the operator under test.
 */
final class OperatorHarness implements AutoCloseable {

  static final String EDGE = "edge-1";
  static final String FOG = "fog-1";
  static final String CLOUD = "cloud-1";

  /** User-Agent of the operator's own client, to tell its API calls from the test's. */
  static final String OPERATOR_AGENT = "strata-operator-under-test";

  final KubernetesClient client;
  private final KubernetesClient operatorClient;
  final String namespace;
  final FakeStage stages;
  final MutableClock clock = new MutableClock();
  // The registry the Quarkus app uses: it rejects meters whose tag keys clash.
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FakeKubelet kubelet;
  private Operator operator;

  OperatorHarness(KubernetesClient client, String namespace) throws Exception {
    this.client = client;
    this.namespace = namespace;
    this.operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withUserAgent(OPERATOR_AGENT).build())
            .build();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    stages = new FakeStage();
    node(EDGE, "edge", 10);
    node(FOG, "fog", 3);
    node(CLOUD, "cloud", 1);
    stages.link(EDGE, FOG, 100, 2);
    stages.link(EDGE, CLOUD, 100, 2);
    stages.link(FOG, CLOUD, 100, 2);
    kubelet = new FakeKubelet(client, namespace, stages::reset);
  }

  private void node(String name, String tier, double slowdown) {
    stages.node(name, slowdown);
    if (client.nodes().withName(name).get() != null) {
      return;
    }
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(Map.of("strata.dev/tier", tier))
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")))
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    client.nodes().resource(node).create();
  }

  /** What stage pods are built from; set before {@link #startOperator}. */
  StageSettings stage = StageSettings.defaults();

  void startOperator() {
    startOperator(Optional.empty());
  }

  /** Starts the operator; with a lease name it runs under leader election in this namespace. */
  void startOperator(Optional<String> lease) {
    startOperator(lease, Duration.ZERO);
  }

  /** Starts the operator with a drain period for stages that leave the placement. */
  void startOperator(Optional<String> lease, Duration drain) {
    CycleSettings cycle =
        new CycleSettings(
            stage,
            1,
            0,
            List.of(1_048_576L),
            1,
            Duration.ofMillis(300),
            Duration.ofMinutes(1),
            drain);
    operator =
        StrataOperator.start(
            operatorClient,
            new HttpStageClient(
                Optional.of(stages.proxy()), Duration.ofSeconds(5), Duration.ofSeconds(5)),
            new StrataOperator.Options(
                cycle, false, Set.of(namespace), lease, lease.map(l -> namespace)),
            registry,
            clock);
  }

  void stopOperator() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  static InferencePipeline pipeline(String name, String... tiers) {
    InferencePipeline cr = new InferencePipeline();
    cr.getMetadata().setName(name);
    InferencePipelineSpec spec = new InferencePipelineSpec();
    spec.setModel(new ModelSource("builtin:vgg16?seed=7", null));
    spec.setTiers(java.util.Arrays.stream(tiers).map(t -> new TierSpec(t, Map.of())).toList());
    Adaptation a = new Adaptation();
    a.setProbeInterval("1s");
    a.setCooldown("0s");
    spec.setAdaptation(a);
    cr.setSpec(spec);
    return cr;
  }

  InferencePipeline create(InferencePipeline cr) {
    cr.getMetadata().setNamespace(namespace);
    return client.resource(cr).create();
  }

  InferencePipeline get(String name) {
    return client.resources(InferencePipeline.class).inNamespace(namespace).withName(name).get();
  }

  Optional<Condition> condition(String name, String type) {
    InferencePipeline cr = get(name);
    if (cr == null || cr.getStatus() == null) {
      return Optional.empty();
    }
    return cr.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  boolean isReady(String name) {
    return condition(name, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  long revision(String name) {
    InferencePipeline cr = get(name);
    return cr == null || cr.getStatus() == null || cr.getStatus().getPlacement() == null
        ? 0
        : cr.getStatus().getPlacement().getRevision();
  }

  @Override
  public void close() {
    stopOperator();
    kubelet.close();
    stages.close();
    operatorClient.close();
  }
}
