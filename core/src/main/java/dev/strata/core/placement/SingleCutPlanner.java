package dev.strata.core.placement;

import java.util.ArrayList;
import java.util.List;

/**
 * Neurosurgeon-style baseline: one cut between a device tier and a server tier. The device is the
 * source node when it belongs to the device tier (otherwise every node of that tier is tried); the
 * prefix {@code [0, k)} runs there and the suffix {@code [k, n)} on one server node, every {@code
 * k} in {@code 0..n} and every server node being tried, the best for the objective kept. O(server
 * nodes x segments^2).
 */
public final class SingleCutPlanner implements Planner {

  private final Tier deviceTier;
  private final Tier serverTier;

  /** Device and server tiers, {@code deviceTier} before {@code serverTier}. */
  public SingleCutPlanner(Tier deviceTier, Tier serverTier) {
    if (deviceTier.ordinal() >= serverTier.ordinal()) {
      throw new IllegalArgumentException(
          "device tier " + deviceTier + " must come before server tier " + serverTier);
    }
    this.deviceTier = deviceTier;
    this.serverTier = serverTier;
  }

  /** Edge device, cloud server: Neurosurgeon's setting. */
  public static SingleCutPlanner edgeToCloud() {
    return new SingleCutPlanner(Tier.EDGE, Tier.CLOUD);
  }

  @Override
  public String name() {
    return "single-cut-" + deviceTier.name().toLowerCase() + "-" + serverTier.name().toLowerCase();
  }

  @Override
  public Plan plan(PlanningProblem problem) {
    int n = problem.model().segmentCount();
    List<String> devices =
        problem
            .node(problem.sourceNode())
            .filter(src -> src.tier() == deviceTier)
            .map(src -> List.of(src.name()))
            .orElseGet(
                () ->
                    problem.nodes().stream()
                        .filter(x -> x.tier() == deviceTier)
                        .map(NodeProfile::name)
                        .toList());
    List<String> servers =
        problem.nodes().stream()
            .filter(x -> x.tier() == serverTier)
            .map(NodeProfile::name)
            .toList();
    List<Placement> candidates = new ArrayList<>();
    for (String device : devices) {
      candidates.add(Candidates.wholeModelOn(problem, device));
      for (String server : servers) {
        for (int k = 1; k < n; k++) {
          candidates.add(
              Placement.of(
                  new StageAssignment(device, new SegmentRange(0, k)),
                  new StageAssignment(server, new SegmentRange(k, n))));
        }
      }
    }
    for (String server : servers) {
      candidates.add(Candidates.wholeModelOn(problem, server));
    }
    return Candidates.best(problem, candidates, name());
  }
}
