package dev.strata.core.adaptation;

import dev.strata.core.placement.ExactPlanner;
import dev.strata.core.placement.Links;
import dev.strata.core.placement.ModelProfile;
import dev.strata.core.placement.NodeProfile;
import dev.strata.core.placement.Objective;
import dev.strata.core.placement.PlanningProblem;
import dev.strata.core.placement.Segment;
import dev.strata.core.placement.SegmentTimes;
import dev.strata.core.placement.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Pi (edge, source, 30 ms for the model) and a half-busy desktop (cloud, 6 ms) joined by one
 * link. At 8 Mbit/s / 10 ms the desktop wins (17.1 ms end to end); at 0.5 Mbit/s the Pi does (30 ms
 * against 33.6 ms). Drives an {@link AdaptationPolicy} tick by tick, 10 s apart.
 */
final class PiDeskNetwork {

  static final Duration TICK = Duration.ofSeconds(10);
  static final long PLENTY = 1L << 40;

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final PlanningProblem problem;
  final AdaptationPolicy policy;
  final List<Decision> decisions = new ArrayList<>();

  PiDeskNetwork(AdaptationSettings settings) {
    this(settings, PLENTY);
  }

  private final long piMemory;

  PiDeskNetwork(AdaptationSettings settings, long piMemory) {
    this.piMemory = piMemory;
    ModelProfile model =
        new ModelProfile(
            "two", 1000, List.of(new Segment(1, 100, 10, 500), new Segment(1, 100, 10, 100)));
    List<NodeProfile> nodes =
        List.of(
            NodeProfile.of("pi", Tier.EDGE, SegmentTimes.of(10, 20), piMemory, 0),
            NodeProfile.of("desk", Tier.CLOUD, SegmentTimes.of(1, 2), PLENTY, 0.5));
    Links links = Links.builder(List.of("pi", "desk")).symmetric("pi", "desk", 8, 10).build();
    problem = PlanningProblem.of(model, nodes, links, "pi", Objective.LATENCY);
    ExactPlanner planner = new ExactPlanner();
    policy = new AdaptationPolicy(settings, planner, problem, planner.plan(problem), clock);
  }

  /** One tick: both nodes present, the link probed at {@code mbps} both ways. */
  Decision tick(double mbps) {
    return tick(mbps, true);
  }

  Decision tick(double mbps, boolean deskPresent) {
    return tick(mbps, deskPresent, PLENTY);
  }

  Decision tick(double mbps, boolean deskPresent, long deskMemory) {
    clock.advance(TICK);
    Decision d = policy.evaluate(observation(mbps, deskPresent, deskMemory));
    decisions.add(d);
    return d;
  }

  /** What one tick observes: both nodes present, the link probed at {@code mbps} both ways. */
  Observation observation(double mbps) {
    return observation(mbps, 0);
  }

  /** As {@link #observation(double)}, the pi's stage measuring its sessions at {@code piHeld}. */
  Observation observation(double mbps, long piHeld) {
    return observation(mbps, true, PLENTY, piHeld);
  }

  private Observation observation(double mbps, boolean deskPresent, long deskMemory) {
    return observation(mbps, deskPresent, deskMemory, 0);
  }

  private Observation observation(double mbps, boolean deskPresent, long deskMemory, long piHeld) {
    List<NodeSample> nodes = new ArrayList<>();
    nodes.add(new NodeSample("pi", 0, piMemory, piHeld));
    List<LinkSample> links = new ArrayList<>();
    if (deskPresent) {
      nodes.add(new NodeSample("desk", 0.5, deskMemory, 0));
      links.add(new LinkSample("pi", "desk", mbps, 10));
      links.add(new LinkSample("desk", "pi", mbps, 10));
    }
    return new Observation(nodes, links);
  }

  long count(Decision.Kind kind) {
    return decisions.stream().filter(d -> d.kind() == kind).count();
  }

  long replans() {
    return decisions.stream().filter(Decision::replanned).count();
  }
}
