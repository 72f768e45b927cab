package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.operator.adapter.StageClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Builds and starts the Java Operator SDK operator with the InferencePipeline reconciler: the one
 * way both the Quarkus app and the integration tests start it.
 */
public final class StrataOperator {

  /**
   * How to run the operator.
   *
   * @param serverSideApply false for API servers without server-side apply (the fabric8 mock
   *     server, the local emulation): status and dependents are then patched with JSON merge patch
   * @param namespaces namespaces to watch; empty means all
   * @param leaseName Lease used for leader election among replicas; empty disables it
   * @param leaseNamespace namespace of that Lease; empty means the operator's own namespace
   */
  public record Options(
      CycleSettings cycle,
      boolean serverSideApply,
      Set<String> namespaces,
      Optional<String> leaseName,
      Optional<String> leaseNamespace) {}

  private StrataOperator() {}

  /**
   * Starts the operator on {@code client}, which it does not close on stop (the caller owns it).
   */
  public static Operator start(
      KubernetesClient client,
      StageClient stages,
      Options options,
      MeterRegistry registry,
      Clock clock) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(options.serverSideApply())
                  .withSSABasedCreateUpdateMatchForDependentResources(options.serverSideApply())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              options
                  .leaseName()
                  .filter(n -> !n.isBlank())
                  .ifPresent(
                      lease ->
                          o.withLeaderElectionConfiguration(
                              options.leaseNamespace().filter(n -> !n.isBlank()).isPresent()
                                  ? new LeaderElectionConfiguration(
                                      lease, options.leaseNamespace().get())
                                  : new LeaderElectionConfiguration(lease)));
            });
    InferencePipelineReconciler reconciler =
        new InferencePipelineReconciler(
            client, stages, options.cycle(), new OperatorMetrics(registry), clock);
    operator.register(
        reconciler,
        c -> {
          if (!options.namespaces().isEmpty()) {
            c.settingNamespaces(options.namespaces());
          }
          c.withRetry(
              new GenericRetry()
                  .setInitialInterval(1000)
                  .setIntervalMultiplier(2)
                  .setMaxInterval(60_000)
                  .withoutMaxAttempts());
        });
    operator.start();
    return operator;
  }

  /** The CRD this operator serves. */
  public static String crdName() {
    return InferencePipeline.CRD_NAME;
  }
}
