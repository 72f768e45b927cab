package dev.strata.runtime.oip;

import dev.strata.runtime.control.SessionMemory;
import dev.strata.runtime.engine.AdmissionQueue;
import dev.strata.runtime.engine.Assignment;
import dev.strata.runtime.engine.StageObserver;
import dev.strata.runtime.engine.StageTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The worker's Prometheus metrics: request latency histogram per role (entry stage or hop), compute
 * time, queue depth, bytes in and out, session build time, current revisions, profile and probe
 * counts.
 */
@ApplicationScoped
public class StageMetrics implements StageObserver {
  private final MeterRegistry registry;
  private final Timer compute;
  private final Timer sessionBuild;
  private final Counter bytesInClient;
  private final Counter bytesOutClient;
  private final Counter bytesOutNext;
  private final Counter bytesInNext;
  private final Counter profileRuns;
  private final Counter probeRuns;
  private final Counter probeBytes;
  private final Counter retries;

  public StageMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.compute =
        Timer.builder("strata.stage.compute")
            .description("ONNX Runtime time of this stage's range per request")
            .publishPercentileHistogram()
            .register(registry);
    this.sessionBuild =
        Timer.builder("strata.session.build")
            .description("Time to build the ONNX Runtime session of a prepared range")
            .register(registry);
    this.bytesInClient = bytes("in", "caller");
    this.bytesOutClient = bytes("out", "caller");
    this.bytesOutNext = bytes("out", "next");
    this.bytesInNext = bytes("in", "next");
    this.profileRuns =
        Counter.builder("strata.profile.runs").description("Profiles run").register(registry);
    this.probeRuns =
        Counter.builder("strata.probe.runs").description("Link probes run").register(registry);
    this.probeBytes =
        Counter.builder("strata.probe.bytes")
            .description("Bytes sent and received by link probes")
            .baseUnit("bytes")
            .register(registry);
    this.retries =
        Counter.builder("strata.stage.retries")
            .description(
                "Entering requests run again on a newer revision after the next stage was"
                    + " unreachable")
            .register(registry);
  }

  @Override
  public void retried(long failed, long retry) {
    retries.increment();
  }

  private Counter bytes(String direction, String peer) {
    return Counter.builder("strata.stage.bytes")
        .description("Request and response body bytes, by direction and peer")
        .baseUnit("bytes")
        .tag("direction", direction)
        .tag("peer", peer)
        .register(registry);
  }

  /** Publishes the queue depth and bound. */
  public void watch(AdmissionQueue queue) {
    Gauge.builder("strata.queue.depth", queue, AdmissionQueue::depth)
        .description("Requests admitted (queued plus computing)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("strata.queue.capacity", queue, AdmissionQueue::capacity)
        .strongReference(true)
        .register(registry);
  }

  /** Publishes the committed and prepared revisions (-1 when none) and the open sessions. */
  public void watch(StageTable table) {
    Gauge.builder(
            "strata.revision.committed",
            table,
            t -> t.committed().map(Assignment::revision).orElse(-1L))
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            "strata.revision.prepared",
            table,
            t -> t.prepared().map(Assignment::revision).orElse(-1L))
        .strongReference(true)
        .register(registry);
    Gauge.builder("strata.sessions.open", table, StageTable::openSessions)
        .strongReference(true)
        .register(registry);
  }

  /**
   * Publishes the resident memory above the worker's level once its model had loaded, what the
   * operator prices the held range at when that is more than its model (NaN where it cannot be
   * read).
   */
  public void watch(SessionMemory memory) {
    Gauge.builder(
            "strata.session.memory",
            memory,
            m -> {
              OptionalLong bytes = m.sessionBytes();
              return bytes.isPresent() ? bytes.getAsLong() : Double.NaN;
            })
        .description("Resident memory above the level once the model had loaded")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
  }

  /** Records one request through this stage (and everything after it). */
  public void request(boolean entry, String outcome, Duration took) {
    Timer.builder("strata.stage.request")
        .description("Latency of infer requests at this stage, downstream stages included")
        .tag("role", entry ? "entry" : "hop")
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  @Override
  public void computed(Assignment assignment, Duration took) {
    compute.record(took);
  }

  public void sessionBuilt(Duration took) {
    sessionBuild.record(took);
  }

  public void fromCaller(long bytes) {
    bytesInClient.increment(bytes);
  }

  public void toCaller(long bytes) {
    bytesOutClient.increment(bytes);
  }

  public void toNext(long bytes) {
    bytesOutNext.increment(bytes);
  }

  public void fromNext(long bytes) {
    bytesInNext.increment(bytes);
  }

  public void profiled() {
    profileRuns.increment();
  }

  public void probed(long bytes) {
    probeRuns.increment();
    probeBytes.increment(bytes);
  }
}
