package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.InferencePipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Operator metrics (Prometheus names): {@code strata_operator_reconciles_total}, {@code
 * strata_operator_replans_total{reason}}, {@code strata_operator_placement_revision}, {@code
 * strata_operator_probe_bytes_total}, {@code strata_operator_probe_seconds{link}}, {@code
 * strata_operator_profiling_seconds}, {@code strata_operator_switch_seconds}.
 */
public final class OperatorMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> revisions = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void reconciled(InferencePipeline cr) {
    registry.counter("strata.operator.reconciles", tags(cr)).increment();
  }

  /** A placement was committed; {@code reason} is a short stable code like Drift or NodeLost. */
  void replanned(InferencePipeline cr, String reason, long revision) {
    registry.counter("strata.operator.replans", tags(cr).and("reason", reason)).increment();
    revisions
        .computeIfAbsent(
            cr.key(),
            k -> registry.gauge("strata.operator.placement.revision", tags(cr), new AtomicLong()))
        .set(revision);
  }

  /** One link probe: the bytes it moved and how long the operator waited for it. */
  void probed(InferencePipeline cr, String link, long bytes, Duration took) {
    Counter.builder("strata.operator.probe.bytes")
        .baseUnit("bytes")
        .tags(tags(cr))
        .register(registry)
        .increment(bytes);
    registry.timer("strata.operator.probe", tags(cr).and("link", link)).record(took);
  }

  /**
   * A re-plan was applied: {@code took} from the first prepare to the last commit (the first
   * placement is not a switch).
   */
  void switched(InferencePipeline cr, Duration took) {
    registry.timer("strata.operator.switch", tags(cr)).record(took);
  }

  void profiled(InferencePipeline cr, Duration took) {
    registry.timer("strata.operator.profiling", tags(cr)).record(took);
  }

  void forget(InferencePipeline cr) {
    revisions.remove(cr.key());
  }

  private static Tags tags(InferencePipeline cr) {
    return Tags.of(
        "namespace", cr.getMetadata().getNamespace(), "pipeline", cr.getMetadata().getName());
  }
}
