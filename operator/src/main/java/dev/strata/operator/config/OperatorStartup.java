package dev.strata.operator.config;

import dev.strata.core.models.ModelUriPolicy;
import dev.strata.operator.adapter.HttpStageClient;
import dev.strata.operator.reconciler.CycleSettings;
import dev.strata.operator.reconciler.StrataOperator;
import dev.strata.operator.resources.StageSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Starts the operator when Quarkus starts, on the client Quarkus configures ({@code
 * quarkus.kubernetes-client.*}, KUBECONFIG or the in-cluster service account).
 */
@ApplicationScoped
public class OperatorStartup {

  private static final Logger LOG = Logger.getLogger(OperatorStartup.class);

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final MeterRegistry registry;
  private final Clock clock;
  private Operator operator;

  public OperatorStartup(
      KubernetesClient client, OperatorConfig config, MeterRegistry registry, Clock clock) {
    this.client = client;
    this.config = config;
    this.registry = registry;
    this.clock = clock;
  }

  void onStart(@Observes StartupEvent event) {
    StageSettings stage =
        new StageSettings(
            config.stageImage(),
            config.stageImagePullPolicy(),
            config.stageCpuRequest(),
            config.stageMemoryRequest(),
            config.stageCpuLimit(),
            config.stageMemoryLimit(),
            ModelUriPolicy.allowing(config.allowedModelUris()),
            config.modelCache().storageClass().filter(c -> !c.isBlank()),
            config.modelCache().size(),
            config.networkPolicies().enabled()
                ? Optional.of(config.networkPolicies().operatorNamespace())
                : Optional.empty());
    CycleSettings cycle =
        new CycleSettings(
            stage,
            config.profileRuns(),
            config.profileWarmup(),
            List.copyOf(config.probeSizes()),
            config.probeRepeats(),
            config.retryInterval(),
            config.initialProfileTimeout(),
            config.drainPeriod());
    StrataOperator.Options options =
        new StrataOperator.Options(
            cycle,
            config.serverSideApply(),
            Set.copyOf(config.namespaces().orElse(List.of())),
            config.leaderElection().enabled()
                ? Optional.of(config.leaderElection().leaseName())
                : Optional.empty(),
            config.leaderElection().leaseNamespace());
    LOG.infof(
        "Starting Strata operator against %s (stage image %s, server-side apply %s, namespaces %s)",
        client.getMasterUrl(),
        stage.image(),
        config.serverSideApply(),
        options.namespaces().isEmpty() ? "all" : options.namespaces());
    operator =
        StrataOperator.start(
            client,
            new HttpStageClient(
                config.stageProxy(), config.stageCallTimeout(), config.stageProfileTimeout()),
            options,
            registry,
            clock);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (operator != null) {
      operator.stop();
    }
  }
}
