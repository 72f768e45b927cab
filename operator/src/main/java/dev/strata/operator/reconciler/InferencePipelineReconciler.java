package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.InferencePipelineStatus;
import dev.strata.operator.adapter.StageClient;
import dev.strata.operator.resources.Labels;
import dev.strata.operator.status.ConditionType;
import dev.strata.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reconciles an InferencePipeline in named steps: validate, then one {@link PipelineCycle} pass
 * (snapshot, pods, model, profile, probe, plan, apply, prune), then report through the {@link
 * StatusAggregator}. Cleanup deletes everything the pipeline owns explicitly.
 */
@ControllerConfiguration(name = InferencePipelineReconciler.NAME)
public class InferencePipelineReconciler
    implements Reconciler<InferencePipeline>, Cleaner<InferencePipeline> {

  public static final String NAME = "inferencepipeline";

  private final StageObjects objects;
  private final PlacementEvents events;
  private final MeasurementStore store;
  private final PipelineCycle cycle;
  private final OperatorMetrics metrics;
  private final CycleSettings settings;
  private final Clock clock;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  /** Shortest wait before the next look, when a round of probes took the whole interval. */
  static final Duration MIN_LOOK = Duration.ofMillis(200);

  /** Longest wait between two attempts at a failing pipeline. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  public InferencePipelineReconciler(
      KubernetesClient client,
      StageClient stages,
      CycleSettings settings,
      OperatorMetrics metrics,
      Clock clock) {
    this.objects = new StageObjects(client, settings.stage());
    this.store = new MeasurementStore(client, clock);
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.events = new PlacementEvents(client, clock);
    this.cycle =
        new PipelineCycle(
            stages,
            new ClusterReader(client, objects),
            objects,
            store,
            events,
            metrics,
            settings,
            clock);
  }

  @Override
  public UpdateControl<InferencePipeline> reconcile(
      InferencePipeline cr, Context<InferencePipeline> context) {
    metrics.reconciled(cr);
    StatusAggregator status = new StatusAggregator(cr.getStatus(), generation(cr), clock);
    List<Finding> findings = SpecValidator.validate(cr, settings.stage().modelUris());
    if (Finding.hasErrors(findings)) {
      rejectSpec(cr, status, findings);
      return report(cr, status, null);
    }
    PipelineCycle.Outcome outcome = cycle.run(cr, status);
    return report(cr, status, nextLook(cr, outcome, status.hasFailure()));
  }

  @Override
  public ErrorStatusUpdateControl<InferencePipeline> updateErrorStatus(
      InferencePipeline cr, Context<InferencePipeline> context, Exception e) {
    StatusAggregator status = new StatusAggregator(cr.getStatus(), generation(cr), clock);
    status.isTrue(
        ConditionType.DEGRADED,
        "ReconcileError",
        "InferencePipeline "
            + cr.key()
            + ": reconcile failed: "
            + e.getMessage()
            + "; the operator retries with backoff.");
    cr.setStatus(status.build());
    return ErrorStatusUpdateControl.patchStatus(cr);
  }

  @Override
  public DeleteControl cleanup(InferencePipeline cr, Context<InferencePipeline> context) {
    objects.deleteAll(cr);
    store.forget(cr);
    failures.remove(cr.getMetadata().getUid());
    metrics.forget(cr);
    return DeleteControl.defaultDelete();
  }

  @Override
  public List<EventSource<?, InferencePipeline>> prepareEventSources(
      EventSourceContext<InferencePipeline> context) {
    // Pod readiness and deletion wake the pipeline that owns the pod (owner references).
    InformerEventSource<Pod, InferencePipeline> pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, InferencePipeline.class)
                .withName("stage-pods")
                .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.OPERATOR)
                .build(),
            context);
    return List.of(pods);
  }

  /**
   * When to look again: after probeInterval when settled; soon while stages start; with doubling
   * backoff (retryInterval x 2^n, at most {@link #MAX_BACKOFF}) while a failure repeats.
   */
  private Duration nextLook(InferencePipeline cr, PipelineCycle.Outcome outcome, boolean failing) {
    Duration probe = Durations.parse(cr.getSpec().getAdaptation().getProbeInterval());
    String key = cr.getMetadata().getUid();
    if (outcome.settled()) {
      failures.remove(key);
      return settledWait(clock.instant(), outcome.nextProbe(), probe);
    }
    if (!failing) {
      failures.remove(key);
      return probe.compareTo(settings.retryInterval()) < 0 ? probe : settings.retryInterval();
    }
    int n = failures.merge(key, 1, Integer::sum);
    Duration backoff = settings.retryInterval().multipliedBy(1L << Math.min(n - 1, 16));
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  /**
   * How long a settled pipeline waits: until its next probe round is due, start to start (a round
   * that took 4 s of a 10 s interval leaves 6 s), at least {@link #MIN_LOOK}.
   */
  static Duration settledWait(Instant now, Optional<Instant> nextProbe, Duration interval) {
    Duration wait = nextProbe.map(t -> Duration.between(now, t)).orElse(interval);
    return wait.compareTo(MIN_LOOK) < 0 ? MIN_LOOK : wait;
  }

  private void rejectSpec(InferencePipeline cr, StatusAggregator status, List<Finding> findings) {
    String message =
        String.join(" ", findings.stream().filter(Finding::error).map(Finding::message).toList());
    status.isFalse(ConditionType.PLACED, "InvalidSpec", message);
    status.isTrue(ConditionType.DEGRADED, "InvalidSpec", message);
    status.isFalse(ConditionType.ADAPTING, "InvalidSpec", "Nothing runs until the spec is fixed.");
    status.noPlacement();
    objects.deleteStagePods(cr);
    events.record(cr, "Warning", "InvalidSpec", message, "invalid-spec-g" + generation(cr));
  }

  private UpdateControl<InferencePipeline> report(
      InferencePipeline cr, StatusAggregator aggregator, Duration next) {
    InferencePipelineStatus status = aggregator.build();
    UpdateControl<InferencePipeline> control;
    if (Objects.equals(status, cr.getStatus())) {
      control = UpdateControl.noUpdate();
    } else {
      cr.setStatus(status);
      control = UpdateControl.patchStatus(cr);
    }
    return next == null ? control : control.rescheduleAfter(next);
  }

  private static long generation(InferencePipeline cr) {
    return cr.getMetadata().getGeneration() == null ? 0 : cr.getMetadata().getGeneration();
  }
}
