package dev.strata.core.placement;

import java.util.ArrayList;
import java.util.List;

/**
 * A problem turned into arrays for the search loops: per-node prefix sums of segment times, the
 * memory windows, boundary sizes and nodes grouped by tier. Node indices are those of {@link
 * PlanningProblem#nodes()}. Built in O(nodes x segments).
 */
final class CostTables {

  static final int SOURCE = -1;

  final PlanningProblem problem;
  final int nodeCount;
  final int segmentCount;
  final int source;
  final int[] tier;
  final int[][] nodesByTier;

  /** effectivePrefix[v][b]: wall ms of segments [0, b) on v under its current load. */
  final double[][] effectivePrefix;

  /** cpuPrefix[v][b]: profiled (unloaded) ms of segments [0, b) on v. */
  final double[][] cpuPrefix;

  /** Dynamic power of each node, W. */
  final double[] dynamicWatts;

  /**
   * windowStart[v][e]: smallest a such that range [a, e) fits v's memory beside the range v holds
   * (see {@link NodeProfile#held()}); every a in [windowStart, e) fits (feasibility shrinks as a
   * range grows). Equal to e when not even [e-1, e) fits. The held range itself is the one
   * exception, in {@link #fits}.
   */
  final int[][] windowStart;

  /** heldFrom[v], heldTo[v]: the range v holds when it fits v's memory alone, else -1, -1. */
  final int[] heldFrom;

  final int[] heldTo;

  /** bytes[b]: size of the tensor crossing boundary b. */
  final double[] bytes;

  final double transferWatts;
  final boolean returnOutput;
  final Links links;

  CostTables(PlanningProblem problem) {
    this.problem = problem;
    List<NodeProfile> nodes = problem.nodes();
    ModelProfile model = problem.model();
    this.nodeCount = nodes.size();
    this.segmentCount = model.segmentCount();
    this.source = problem.indexOf(problem.sourceNode()).orElseThrow();
    this.links = problem.links();
    this.transferWatts = problem.energyModel().transferWatts();
    this.returnOutput = problem.constraints().returnOutputToSource();
    int n = segmentCount;
    this.bytes = new double[n + 1];
    for (int b = 0; b <= n; b++) {
      bytes[b] = model.boundaryBytes(b);
    }
    long[] weightPrefix = new long[n + 1];
    long[] working = new long[n];
    for (int s = 0; s < n; s++) {
      weightPrefix[s + 1] = weightPrefix[s] + model.segments().get(s).weightBytes();
      working[s] = model.segments().get(s).workingBytes();
    }
    this.tier = new int[nodeCount];
    this.effectivePrefix = new double[nodeCount][];
    this.cpuPrefix = new double[nodeCount][];
    this.dynamicWatts = new double[nodeCount];
    this.windowStart = new int[nodeCount][];
    this.heldFrom = new int[nodeCount];
    this.heldTo = new int[nodeCount];
    List<List<Integer>> byTier = new ArrayList<>();
    for (int t = 0; t < Tier.values().length; t++) {
      byTier.add(new ArrayList<>());
    }
    int[] deque = new int[n];
    for (int v = 0; v < nodeCount; v++) {
      NodeProfile node = nodes.get(v);
      tier[v] = node.tier().ordinal();
      byTier.get(tier[v]).add(v);
      dynamicWatts[v] = node.power().dynamicWatts();
      double share = node.cpuShare();
      double[] eff = new double[n + 1];
      double[] cpu = new double[n + 1];
      for (int s = 0; s < n; s++) {
        double ms = node.profiledMs().get(s);
        cpu[s + 1] = cpu[s] + ms;
        eff[s + 1] = eff[s] + ms / share;
      }
      effectivePrefix[v] = eff;
      cpuPrefix[v] = cpu;
      heldFrom[v] = -1;
      heldTo[v] = -1;
      if (node.held().isPresent()
          && model.rangeMemoryBytes(node.held().get()) <= node.freeMemoryBytes()) {
        heldFrom[v] = node.held().get().from();
        heldTo[v] = node.held().get().to();
      }
      windowStart[v] =
          memoryWindows(weightPrefix, working, node.freeMemoryBesideHeld(model), deque);
    }
    this.nodesByTier = new int[byTier.size()][];
    for (int t = 0; t < byTier.size(); t++) {
      nodesByTier[t] = byTier.get(t).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  // Two pointers with a monotone deque for the running maximum of working memory: O(segments).
  private static int[] memoryWindows(long[] weightPrefix, long[] working, long free, int[] deque) {
    int n = working.length;
    int[] start = new int[n + 1];
    int head = 0;
    int tail = 0;
    int a = 0;
    for (int e = 1; e <= n; e++) {
      int s = e - 1;
      while (tail > head && working[deque[tail - 1]] <= working[s]) {
        tail--;
      }
      deque[tail++] = s;
      while (a < e) {
        while (deque[head] < a) {
          head++; // never empties: s >= a is in the deque
        }
        if (weightPrefix[e] - weightPrefix[a] + working[deque[head]] <= free) {
          break;
        }
        a++;
      }
      start[e] = a;
    }
    return start;
  }

  /** Whether range [a, e) fits v's memory: beside the range v holds, or as that range. */
  boolean fits(int v, int a, int e) {
    return a >= windowStart[v][e] || (a == heldFrom[v] && e == heldTo[v]);
  }

  /** Transfer ms from node u (or {@link #SOURCE}) to node v of the tensor at boundary b. */
  double transferMs(int u, int v, int b) {
    return links.transferMs(u == SOURCE ? source : u, v == SOURCE ? source : v, bytes[b]);
  }

  /** Wall ms of range [a, e) on v. */
  double computeMs(int v, int a, int e) {
    return effectivePrefix[v][e] - effectivePrefix[v][a];
  }

  /** Modeled energy of computing [a, e) on v, J. */
  double computeEnergyJ(int v, int a, int e) {
    return (cpuPrefix[v][e] - cpuPrefix[v][a]) * dynamicWatts[v] / 1000.0;
  }

  /** Modeled energy of a transfer of {@code ms}, J. */
  double transferEnergyJ(double ms) {
    return ms * transferWatts / 1000.0;
  }

  /** Turns a chain of (node, from, to) stages into a placement. */
  Placement placement(List<int[]> stagesInOrder) {
    List<StageAssignment> stages = new ArrayList<>();
    for (int[] s : stagesInOrder) {
      stages.add(
          new StageAssignment(problem.nodes().get(s[0]).name(), new SegmentRange(s[1], s[2])));
    }
    return new Placement(stages);
  }
}
