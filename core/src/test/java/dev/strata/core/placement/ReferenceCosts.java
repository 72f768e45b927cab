package dev.strata.core.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An independent, deliberately naive recomputation of the documented cost model, and a brute-force
 * enumeration of every tier-ordered placement: the oracle the planners are checked against.
 */
final class ReferenceCosts {

  private ReferenceCosts() {}

  /** Figures of one placement, or empty when it breaks memory or needs a missing link. */
  record Figures(Placement placement, double latencyMs, double energyJ, double bottleneckMs) {}

  static Optional<Figures> price(PlanningProblem p, Placement placement) {
    String at = p.sourceNode();
    double latency = 0;
    double energy = 0;
    double bottleneck = 0;
    double radio = p.energyModel().transferWatts();
    for (StageAssignment stage : placement.stages()) {
      NodeProfile node = p.node(stage.node()).orElseThrow();
      long need = 0;
      long peak = 0;
      double wall = 0;
      double cpu = 0;
      for (int s = stage.range().from(); s < stage.range().to(); s++) {
        Segment seg = p.model().segments().get(s);
        need += seg.weightBytes();
        peak = Math.max(peak, seg.workingBytes());
        double share = Math.max(1 - node.cpuLoad(), 0.1);
        wall += node.profiledMs().get(s) / share;
        cpu += node.profiledMs().get(s);
      }
      long free = node.freeMemoryBytes();
      if (node.held().isPresent() && !node.held().get().equals(stage.range())) {
        // The held range stays resident beside the new one until the switch completes, at its
        // modeled memory or what its stage measured, the larger.
        free -= Math.max(p.model().rangeMemoryBytes(node.held().get()), node.heldBytes());
      }
      if (need + peak > free) {
        return Optional.empty();
      }
      long bytes =
          stage.range().from() == 0
              ? p.model().inputBytes()
              : p.model().segments().get(stage.range().from() - 1).outputBytes();
      Optional<Double> hop = hop(p, at, node.name(), bytes);
      if (hop.isEmpty()) {
        return Optional.empty();
      }
      latency += hop.get() + wall;
      energy +=
          hop.get() * radio / 1000
              + cpu * (node.power().maxWatts() - node.power().idleWatts()) / 1000;
      bottleneck = Math.max(bottleneck, Math.max(hop.get(), wall));
      at = node.name();
    }
    if (p.constraints().returnOutputToSource()) {
      long out = p.model().segments().get(p.model().segmentCount() - 1).outputBytes();
      Optional<Double> hop = hop(p, at, p.sourceNode(), out);
      if (hop.isEmpty()) {
        return Optional.empty();
      }
      latency += hop.get();
      energy += hop.get() * radio / 1000;
      bottleneck = Math.max(bottleneck, hop.get());
    }
    return Optional.of(new Figures(placement, latency, energy, bottleneck));
  }

  private static Optional<Double> hop(PlanningProblem p, String from, String to, long bytes) {
    if (from.equals(to)) {
      return Optional.of(0.0);
    }
    return p.links()
        .link(from, to)
        .map(l -> l.rttMs() / 2 + bytes * 8.0 / (l.bandwidthMbps() * 1e6) * 1000);
  }

  /** Every placement that follows the tier order, feasible or not. */
  static List<Placement> enumerate(PlanningProblem p) {
    List<Placement> out = new ArrayList<>();
    extend(p, 0, -1, new ArrayList<>(), out);
    return out;
  }

  private static void extend(
      PlanningProblem p,
      int from,
      int lastTier,
      List<StageAssignment> prefix,
      List<Placement> out) {
    int n = p.model().segmentCount();
    if (from == n) {
      out.add(new Placement(prefix));
      return;
    }
    for (NodeProfile node : p.nodes()) {
      if (node.tier().ordinal() <= lastTier) {
        continue;
      }
      for (int to = from + 1; to <= n; to++) {
        prefix.add(new StageAssignment(node.name(), new SegmentRange(from, to)));
        extend(p, to, node.tier().ordinal(), prefix, out);
        prefix.remove(prefix.size() - 1);
      }
    }
  }

  /** All feasible placements with their figures (memory and links; the SLO is not applied). */
  static List<Figures> feasible(PlanningProblem p) {
    List<Figures> out = new ArrayList<>();
    for (Placement placement : enumerate(p)) {
      price(p, placement).ifPresent(out::add);
    }
    return out;
  }

  /** The score the problem's objective minimizes, given the feasible set (for BALANCED). */
  static double score(PlanningProblem p, Figures f, List<Figures> all) {
    return switch (p.objective()) {
      case LATENCY -> f.latencyMs();
      case ENERGY -> f.energyJ();
      case THROUGHPUT -> f.bottleneckMs();
      case BALANCED -> {
        double bestL = all.stream().mapToDouble(Figures::latencyMs).min().orElseThrow();
        double bestE = all.stream().mapToDouble(Figures::energyJ).min().orElseThrow();
        double w = p.constraints().balancedLatencyWeight();
        yield w * f.latencyMs() / Math.max(bestL, 1e-9)
            + (1 - w) * f.energyJ() / Math.max(bestE, 1e-9);
      }
    };
  }

  /** Minimum score over feasible placements within the SLO, or empty if there is none. */
  static Optional<Double> bestScore(PlanningProblem p) {
    List<Figures> all = feasible(p);
    double slo = p.constraints().latencySloMs().orElse(Double.POSITIVE_INFINITY);
    return all.stream()
        .filter(f -> f.latencyMs() <= slo)
        .map(f -> score(p, f, all))
        .min(Double::compare);
  }
}
