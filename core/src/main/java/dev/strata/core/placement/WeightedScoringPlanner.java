package dev.strata.core.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AMP4EC-style strategy: a weighted-scoring scheduler picks one node per tier, then a
 * resource-aware partitioner splits the model over the picked nodes, in tier order, so that the
 * slowest stage is as fast as possible (stages may be empty, ranges must fit memory). It does not
 * price links, which is what sets it apart from {@link ExactPlanner}.
 *
 * <p>Node score = {@code cpu * (1 - cpuLoad) + memory * free / maxFreeInTier + link * bandwidth
 * from the source / best such bandwidth in the tier} (the source scores 1 on link quality, a node
 * without a link from the source 0). Ties go to the node listed first.
 */
public final class WeightedScoringPlanner implements Planner {

  /** Weights of CPU availability, free memory and link quality; non-negative, not all zero. */
  public record Weights(double cpu, double memory, double link) {

    /** 0.4 CPU, 0.3 memory, 0.3 link. */
    public static final Weights DEFAULT = new Weights(0.4, 0.3, 0.3);

    public Weights {
      if (!(cpu >= 0 && memory >= 0 && link >= 0 && cpu + memory + link > 0)) {
        throw new IllegalArgumentException(
            "scoring weights must be >= 0 and not all 0, got " + cpu + "/" + memory + "/" + link);
      }
    }
  }

  private final Weights weights;

  public WeightedScoringPlanner(Weights weights) {
    this.weights = weights;
  }

  public WeightedScoringPlanner() {
    this(Weights.DEFAULT);
  }

  @Override
  public String name() {
    return "weighted-scoring";
  }

  @Override
  public Plan plan(PlanningProblem problem) {
    List<NodeProfile> picked = new ArrayList<>();
    for (Tier tier : Tier.values()) {
      List<NodeProfile> inTier = problem.nodes().stream().filter(x -> x.tier() == tier).toList();
      if (!inTier.isEmpty()) {
        picked.add(bestScored(problem, inTier));
      }
    }
    return Candidates.best(problem, List.of(partition(problem, picked)), name());
  }

  // Score of each node of one tier, in the order given.
  private double[] scores(PlanningProblem problem, List<NodeProfile> inTier) {
    double maxFree = 0;
    double maxBandwidth = 0;
    for (NodeProfile x : inTier) {
      maxFree = Math.max(maxFree, x.freeMemoryBytes());
      maxBandwidth = Math.max(maxBandwidth, bandwidthFromSource(problem, x));
    }
    double[] scores = new double[inTier.size()];
    for (int i = 0; i < inTier.size(); i++) {
      NodeProfile x = inTier.get(i);
      double link =
          x.name().equals(problem.sourceNode())
              ? 1
              : maxBandwidth > 0 ? bandwidthFromSource(problem, x) / maxBandwidth : 0;
      double memory = maxFree > 0 ? x.freeMemoryBytes() / maxFree : 0;
      scores[i] =
          weights.cpu() * (1 - x.cpuLoad()) + weights.memory() * memory + weights.link() * link;
    }
    return scores;
  }

  private NodeProfile bestScored(PlanningProblem problem, List<NodeProfile> inTier) {
    double[] scores = scores(problem, inTier);
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return inTier.get(best);
  }

  private static void relax(double[][] worst, int[][] cut, int i, int a, int b, double computeMs) {
    double w = Math.max(worst[i - 1][a], computeMs);
    if (w < worst[i][b]) {
      worst[i][b] = w;
      cut[i][b] = a;
    }
  }

  private static double bandwidthFromSource(PlanningProblem problem, NodeProfile x) {
    return problem
        .links()
        .link(problem.sourceNode(), x.name())
        .map(LinkProfile::bandwidthMbps)
        .orElse(0.0);
  }

  // Min-max partition of [0, n) over the picked nodes in order, empty stages allowed:
  // worst[i][b] = min over a <= b of max(worst[i-1][a], compute of [a, b) on node i).
  private static Placement partition(PlanningProblem problem, List<NodeProfile> picked) {
    int n = problem.model().segmentCount();
    int k = picked.size();
    double[][] worst = new double[k + 1][n + 1];
    int[][] cut = new int[k + 1][n + 1];
    for (double[] row : worst) {
      Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    worst[0][0] = 0;
    for (int i = 1; i <= k; i++) {
      NodeProfile node = picked.get(i - 1);
      double[] prefix = new double[n + 1];
      for (int s = 0; s < n; s++) {
        prefix[s + 1] = prefix[s] + node.effectiveMs(s);
      }
      long beside = node.freeMemoryBesideHeld(problem.model());
      for (int b = 0; b <= n; b++) {
        relax(worst, cut, i, b, b, 0); // node i stays empty
        long weights = 0;
        long working = 0;
        // Growing the range leftwards only adds memory: stop at the first start that does not fit
        // even as the range the node holds.
        for (int a = b - 1; a >= 0; a--) {
          Segment seg = problem.model().segments().get(a);
          weights += seg.weightBytes();
          working = Math.max(working, seg.workingBytes());
          if (weights + working > node.freeMemoryBytes()) {
            break;
          }
          if (weights + working <= beside || holds(node, a, b)) {
            relax(worst, cut, i, a, b, prefix[b] - prefix[a]);
          }
        }
      }
    }
    if (worst[k][n] == Double.POSITIVE_INFINITY) {
      throw new PlanningException(
          PlanningException.Reason.NO_FEASIBLE_PLACEMENT,
          "nodes",
          "the best-scored nodes "
              + picked.stream().map(NodeProfile::name).toList()
              + " cannot hold the model's weights together; add memory or nodes");
    }
    List<StageAssignment> stages = new ArrayList<>();
    int b = n;
    for (int i = k; i >= 1; i--) {
      int a = cut[i][b];
      if (a < b) {
        stages.add(0, new StageAssignment(picked.get(i - 1).name(), new SegmentRange(a, b)));
      }
      b = a;
    }
    return new Placement(stages);
  }

  private static boolean holds(NodeProfile node, int from, int to) {
    return node.held().isPresent()
        && node.held().get().from() == from
        && node.held().get().to() == to;
  }
}
