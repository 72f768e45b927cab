package dev.strata.runtime.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.models.ModelUriPolicy;
import dev.strata.runtime.config.WorkerConfig;
import dev.strata.runtime.engine.AdmissionQueue;
import dev.strata.runtime.engine.CoreStageModel;
import dev.strata.runtime.engine.ModelNotReadyException;
import dev.strata.runtime.engine.ModelSource;
import dev.strata.runtime.engine.ModelSourceException;
import dev.strata.runtime.engine.OrtSessionFactory;
import dev.strata.runtime.engine.StageTable;
import dev.strata.runtime.engine.StageWorker;
import dev.strata.runtime.oip.HopClient;
import dev.strata.runtime.oip.HttpStageForwarder;
import dev.strata.runtime.oip.OipCodec;
import dev.strata.runtime.oip.StageMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The worker's state: loads the model once at startup (in the background, so that the control API
 * can report a failure), then holds the revision table, the queue and the stage worker. A failed
 * load stays visible in {@code GET /control/status} and keeps the worker unready; nothing serves
 * from a partial model.
 */
@ApplicationScoped
public class StageRuntime {
  private static final Logger LOG = Logger.getLogger(StageRuntime.class);

  private final WorkerConfig config;
  private final Clock clock;
  private final HttpClient http;
  private final HopClient hops;
  private final ObjectMapper json;
  private final StageMetrics metrics;
  private final ScheduledExecutorService reaper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "strata-drain");
            t.setDaemon(true);
            return t;
          });
  private volatile Loaded loaded;
  private volatile String failure;

  public StageRuntime(
      WorkerConfig config,
      Clock clock,
      HttpClient http,
      HopClient hops,
      ObjectMapper json,
      StageMetrics metrics) {
    this.config = config;
    this.clock = clock;
    this.http = http;
    this.hops = hops;
    this.json = json;
    this.metrics = metrics;
  }

  /** What a loaded worker holds. */
  public record Loaded(
      CoreStageModel model,
      OrtSessionFactory sessions,
      StageTable table,
      AdmissionQueue queue,
      StageWorker worker,
      OipCodec codec,
      SessionMemory memory) {}

  void start(@Observes StartupEvent event) {
    Thread loader = new Thread(this::load, "strata-model-load");
    loader.setDaemon(true);
    loader.start();
    reaper.scheduleWithFixedDelay(this::releaseDrained, 1, 1, TimeUnit.SECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    reaper.shutdownNow();
    Loaded l = loaded;
    if (l != null) {
      l.table().close();
    }
  }

  /**
   * The configured thread count, or when it is 0 the processors the JVM sees. The JVM counts the
   * CPU limit of the container or cgroup it runs in (1 under a 0.4-CPU quota); ONNX Runtime's own
   * default counts the host's cores, and a pool wider than the limit uses up each period's quota
   * early, so that the whole cgroup, HTTP threads included, then stalls until the next period.
   */
  static int sessionThreads(int configured) {
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  private void load() {
    try {
      ModelSource source =
          new ModelSource(
              config.modelCache(),
              http,
              Duration.ofMinutes(10),
              modelUriPolicy(),
              config.modelPvcDir());
      CoreStageModel model =
          new ModelLoader(source).load(config.modelUri(), config.modelSha256(), config.modelName());
      int threads = sessionThreads(config.intraOpThreads());
      OrtSessionFactory sessions = new OrtSessionFactory(threads);
      StageTable table = new StageTable(model, sessions, clock, config.drainPeriod());
      AdmissionQueue queue =
          new AdmissionQueue(config.maxQueue(), config.concurrency(), config.retryAfter());
      OipCodec codec = new OipCodec(json);
      HttpStageForwarder forwarder =
          new HttpStageForwarder(hops, codec, json, model.name(), metrics, clock);
      StageWorker worker = new StageWorker(table, queue, forwarder, metrics, clock);
      SessionMemory memory = new SessionMemory(new ProcessMemory());
      metrics.watch(queue);
      metrics.watch(table);
      metrics.watch(memory);
      loaded = new Loaded(model, sessions, table, queue, worker, codec, memory);
      LOG.infof(
          "model %s loaded from %s: %d segments, %d ONNX Runtime intra-op threads",
          model.name(), config.modelUri(), model.segmentCount(), threads);
    } catch (ModelSourceException e) {
      failure = e.getMessage();
      LOG.errorf("model load failed: %s", e.getMessage());
    } catch (RuntimeException | Error e) {
      failure = "model " + config.modelUri() + " failed to load: " + e;
      LOG.error("model load failed", e);
    }
  }

  private ModelUriPolicy modelUriPolicy() throws ModelSourceException {
    try {
      return ModelUriPolicy.allowing(config.allowedModelUris());
    } catch (IllegalArgumentException e) {
      throw new ModelSourceException(
          "strata.allowed-model-uris (STRATA_ALLOWED_MODEL_URIS): "
              + e.getMessage()
              + "; the operator sets it from strata.operator.allowed-model-uris",
          e);
    }
  }

  private void releaseDrained() {
    Loaded l = loaded;
    if (l != null) {
      l.table().releaseDrained();
    }
  }

  /**
   * The loaded worker.
   *
   * @throws ModelNotReadyException while loading, or with the load error
   */
  public Loaded loaded() throws ModelNotReadyException {
    Loaded l = loaded;
    if (l != null) {
      return l;
    }
    String f = failure;
    throw new ModelNotReadyException(
        f != null ? f : "model " + config.modelUri() + " is still loading");
  }

  /** The load error, if the load failed. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** The configured model URI. */
  public String modelUri() {
    return config.modelUri();
  }
}
