package dev.strata.testbed.scenario;

import dev.strata.testbed.cluster.EmulatedCluster;
import dev.strata.testbed.link.LinkSpec;
import dev.strata.testbed.link.ShapedLink;
import dev.strata.testbed.load.LoadGenerator;
import dev.strata.testbed.load.Sample;
import dev.strata.testbed.report.LatencySummary;
import dev.strata.testbed.report.Marker;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs one scenario on an emulated cluster whose pipeline is Ready: a request stream from the edge,
 * the scenario's events at their times, and the operator's re-plans as they show in status.
 */
public final class ScenarioRun {
  /**
   * What the run produced.
   *
   * @param energy modeled energy per request of every revision seen
   */
  public record Result(
      Scenario scenario,
      List<Sample> samples,
      List<Marker> markers,
      int replans,
      PipelineView last,
      Map<Long, ModeledEnergy> energy) {
    public long failed() {
      return samples.stream().filter(s -> !s.ok()).count();
    }

    /**
     * Mean modeled energy of the answered requests, each priced at the revision that served it (the
     * last one seen when the stage did not say).
     */
    public ModeledEnergy meanEnergy() {
      List<ModeledEnergy> priced =
          samples.stream()
              .filter(Sample::ok)
              .map(s -> energy.getOrDefault(s.revision(), last.energy()))
              .toList();
      if (priced.isEmpty()) {
        return ModeledEnergy.UNKNOWN;
      }
      return new ModeledEnergy(
          priced.stream().mapToDouble(ModeledEnergy::totalJ).sum() / priced.size(),
          priced.stream().mapToDouble(ModeledEnergy::entryNodeJ).sum() / priced.size());
    }
  }

  /**
   * How long a pipeline must stay unplaceable ({@link PipelineView#unplaceable}) before the wait
   * gives up on it: a VGG16 edge-only run waited out the whole timeout, 4 minutes, before.
   */
  private static final Duration UNPLACEABLE_FOR = Duration.ofSeconds(10);

  private ScenarioRun() {}

  /**
   * Waits until the pipeline is Ready, printing each change of its status.
   *
   * @throws IllegalStateException when it is not Ready within {@code timeout}, when the operator
   *     exits, or when the pipeline stays unplaceable for 10 s
   */
  public static PipelineView awaitReady(
      EmulatedCluster cluster,
      String namespace,
      String name,
      Duration timeout,
      Consumer<String> log) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long start = System.nanoTime();
    String last = "";
    long unplaceableSince = 0;
    while (System.nanoTime() < deadline) {
      Optional<GenericKubernetesResource> p = cluster.pipeline(namespace, name);
      if (p.isPresent()) {
        Optional<String> unplaceable = PipelineView.unplaceable(p.get());
        if (unplaceable.isEmpty()) {
          unplaceableSince = 0;
        } else if (unplaceableSince == 0) {
          unplaceableSince = System.nanoTime();
        } else if (System.nanoTime() - unplaceableSince > UNPLACEABLE_FOR.toNanos()) {
          throw new IllegalStateException(
              "pipeline " + namespace + "/" + name + " cannot be placed: " + unplaceable.get());
        }
        PipelineView view = PipelineView.of(p.get());
        String line = view.conditions() + " " + PipelineView.problem(p.get());
        if (!line.equals(last)) {
          log.accept(
              String.format(
                  java.util.Locale.ROOT, "[%5.1fs] %s", (System.nanoTime() - start) / 1e9, line));
          last = line;
        }
        if (view.ready()) {
          return view;
        }
      }
      if (!cluster.operator().isAlive()) {
        throw new IllegalStateException("the operator exited; see " + cluster.operator().log());
      }
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }
    throw new IllegalStateException(
        "pipeline "
            + namespace
            + "/"
            + name
            + " was not Ready within "
            + timeout.toSeconds()
            + " s; last status: "
            + last
            + "; operator log: "
            + cluster.operator().log());
  }

  /** Runs {@code scenario} with a request every {@code period} entering at the edge. */
  public static Result run(
      EmulatedCluster cluster,
      Scenario scenario,
      String namespace,
      String name,
      long[] inputShape,
      Duration period,
      Consumer<String> log) {
    LoadGenerator load =
        new LoadGenerator(
            () -> cluster.entryFrom("edge", namespace, name),
            name,
            inputShape,
            period,
            Duration.ofSeconds(30));
    Thread stream = new Thread(load, "request-stream");
    stream.setDaemon(true);
    List<Marker> markers = new ArrayList<>();
    PipelineView view = PipelineView.of(cluster.pipeline(namespace, name).orElseThrow());
    long revision = view.revision();
    Map<Long, ModeledEnergy> energy = new HashMap<>();
    energy.put(revision, view.energy());
    int replans = 0;
    LinkTargets links = new LinkTargets(cluster);
    stream.start();
    Duration previous = Duration.ZERO;
    double lastProgress = 0;
    while (true) {
      double now = load.elapsedMillis();
      Duration elapsed = Duration.ofMillis((long) now);
      for (Scenario.Step step : scenario.due(previous, elapsed)) {
        String done = apply(cluster, links, view, step);
        markers.add(new Marker(now, Marker.Kind.EVENT, done));
        log.accept(String.format(java.util.Locale.ROOT, "[%5.1fs] scenario: %s", now / 1000, done));
      }
      previous = elapsed;
      Optional<GenericKubernetesResource> p = cluster.pipeline(namespace, name);
      if (p.isPresent()) {
        view = PipelineView.of(p.get());
        if (view.revision() != revision) {
          revision = view.revision();
          energy.put(revision, view.energy());
          replans++;
          markers.add(new Marker(now, Marker.Kind.REPLAN, "re-plan: revision " + revision));
          log.accept(
              String.format(java.util.Locale.ROOT, "[%5.1fs] operator: %s", now / 1000, view));
        }
      }
      if (now - lastProgress >= 10_000) {
        log.accept(
            String.format(
                java.util.Locale.ROOT,
                "[%5.1fs] last 10 s: %s",
                now / 1000,
                LatencySummary.of(load.samples(), now - 10_000, now)));
        lastProgress = now;
      }
      if (elapsed.compareTo(scenario.duration()) >= 0) {
        break;
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    load.stop();
    try {
      stream.join(Duration.ofSeconds(35).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Result(scenario, load.samples(), markers, replans, view, Map.copyOf(energy));
  }

  /**
   * Applies {@code step}; returns what was done, with {@code first-hop} resolved and the rate a
   * factor came to.
   */
  private static String apply(
      EmulatedCluster cluster, LinkTargets links, PipelineView view, Scenario.Step step) {
    if (step instanceof Scenario.LinkChange l) {
      Optional<String> name = links.resolve(l.link(), view);
      if (name.isEmpty()) {
        return step.describe() + ": skipped, every stage runs on the edge (no first hop)";
      }
      String[] tiers = name.get().split("-");
      ShapedLink link = cluster.network().link(tiers[0], tiers[1]);
      long rate =
          Double.isNaN(l.rateMbit())
              ? Math.round(links.startRate(link) * l.rateFactor())
              : (long) (l.rateMbit() * 1e6);
      Duration delay = l.delayMs() == null ? link.spec().delay() : Duration.ofMillis(l.delayMs());
      link.set(new LinkSpec(rate, delay));
      return l.link().equals(name.get())
          ? step.describe()
          : step.describe() + " (" + name.get() + ": " + rate / 1e6 + " Mbit/s)";
    } else if (step instanceof Scenario.Contention c) {
      String node = cluster.node(c.tier()).name();
      if (c.processes() > 0) {
        cluster.agent().startContention(node, c.processes());
      } else {
        cluster.agent().stopContention(node);
      }
    } else if (step instanceof Scenario.NodeLoss n) {
      cluster.agent().loseNode(cluster.node(n.node()).name());
    }
    return step.describe();
  }

  /** Link rates at the start of the run, and what {@code first-hop} resolved to. */
  private static final class LinkTargets {
    private final Map<String, Long> startRates = new HashMap<>();
    private String firstHop;

    LinkTargets(EmulatedCluster cluster) {
      for (ShapedLink link : cluster.network().links()) {
        startRates.put(link.name(), link.spec().bitsPerSecond());
      }
    }

    Optional<String> resolve(String link, PipelineView view) {
      if (!link.equals(Scenario.FIRST_HOP)) {
        return Optional.of(link);
      }
      if (firstHop == null) {
        firstHop = view.firstHop("edge").orElse(null);
      }
      return Optional.ofNullable(firstHop);
    }

    long startRate(ShapedLink link) {
      return startRates.get(link.name());
    }
  }
}
