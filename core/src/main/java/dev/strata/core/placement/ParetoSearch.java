package dev.strata.core.placement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Exact search when the objective is not a plain sum or a latency bound applies: minimum bottleneck
 * (throughput), or a sum objective under a latency SLO. Same states as {@link AdditiveSearch},
 * (boundary, node), but each state keeps the Pareto front of (latency, score) labels: a label is
 * dropped only when another reaches the same state no slower and no worse in score, which is exact
 * because latency only adds up later and the score is a sum or a running maximum, both monotone.
 * Labels slower than the SLO are dropped at once.
 *
 * <p>Labels scoring above the best single-node placement within the SLO are dropped (scores only
 * grow along a placement), and arrivals only scan earlier nodes that have labels at that boundary.
 *
 * <p>Complexity: O(nodes x segments^2 x F + segments x nodes^2 x F) in the worst case, F the front
 * size (1 when latency and score agree, rarely above a few dozen). Measured once on the random
 * clusters of the benchmark (shared 2 cores): throughput 3 ms at 10 x 40, 55 ms at 100 x 150, 2.4 s
 * at 1000 x 300; fine for real pipelines (tens of nodes and segments). The latency objective at
 * thousand-node scale goes through {@link AdditiveSearch}.
 */
final class ParetoSearch {

  private ParetoSearch() {}

  /**
   * How the score of a placement is built from its elements.
   *
   * @param bottleneck score = maximum element time (compute or transfer ms); otherwise score = sum
   *     of {@code latencyWeight * ms + energyWeight * J} over the elements
   */
  record Score(boolean bottleneck, double latencyWeight, double energyWeight) {}

  private static final class Label {
    final double latency;
    final double score;
    final int node;
    final int from;
    final int to;
    final Label previous;

    Label(double latency, double score, int node, int from, int to, Label previous) {
      this.latency = latency;
      this.score = score;
      this.node = node;
      this.from = from;
      this.to = to;
      this.previous = previous;
    }
  }

  /** Minimum score (ties: minimum latency) with latency at most {@code sloMs}. */
  static Optional<AdditiveSearch.Solution> solve(CostTables t, Score score, double sloMs) {
    int n = t.segmentCount;
    double cap = singleNodeBound(t, score, sloMs);
    List<List<Label>>[] end = newFronts(t.nodeCount);
    List<Integer> earlier = new ArrayList<>();
    for (int[] tierNodes : t.nodesByTier) {
      // Per boundary, the earlier nodes that have labels there: most have none once pruned.
      List<List<Integer>> reached = new ArrayList<>(n);
      for (int b = 0; b < n; b++) {
        List<Integer> at = new ArrayList<>();
        for (int u : earlier) {
          if (b > 0 && !end[u].get(b).isEmpty()) {
            at.add(u);
          }
        }
        reached.add(at);
      }
      for (int v : tierNodes) {
        List<List<Label>> arrive = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
          List<Label> front = new ArrayList<>();
          if (b == 0) {
            double ms = t.transferMs(CostTables.SOURCE, v, 0);
            offer(front, transferLabel(t, score, null, ms), sloMs, cap);
          } else {
            for (int u : reached.get(b)) {
              double ms = t.transferMs(u, v, b);
              for (Label l : end[u].get(b)) {
                offer(front, transferLabel(t, score, l, ms), sloMs, cap);
              }
            }
          }
          arrive.add(front);
        }
        List<List<Label>> fronts = new ArrayList<>(n + 1);
        for (int e = 0; e <= n; e++) {
          fronts.add(new ArrayList<>());
        }
        end[v] = fronts;
        for (int e = 1; e <= n; e++) {
          List<Label> front = fronts.get(e);
          int first = t.windowStart[v][e];
          if (e == t.heldTo[v]) {
            first = Math.min(first, t.heldFrom[v]);
          }
          for (int a = first; a < e; a++) {
            if (!t.fits(v, a, e) || arrive.get(a).isEmpty()) {
              continue;
            }
            double ms = t.computeMs(v, a, e);
            double element =
                score.bottleneck() ? ms : elementScore(score, ms, t.computeEnergyJ(v, a, e));
            for (Label in : arrive.get(a)) {
              Label out =
                  new Label(
                      in.latency + ms, combine(score, in.score, element), v, a, e, in.previous);
              offer(front, out, sloMs, cap);
            }
          }
        }
      }
      for (int v : tierNodes) {
        earlier.add(v);
      }
    }
    Label best = null;
    for (int v = 0; v < t.nodeCount; v++) {
      for (Label l : end[v].get(n)) {
        Label done = l;
        if (t.returnOutput) {
          double ms = t.transferMs(v, CostTables.SOURCE, n);
          done =
              new Label(
                  l.latency + ms,
                  combine(score, l.score, transferElement(t, score, ms)),
                  v,
                  l.from,
                  n,
                  l.previous);
        }
        if (done.latency <= sloMs
            && done.latency < Double.POSITIVE_INFINITY
            && (best == null
                || done.score < best.score
                || (done.score == best.score && done.latency < best.latency))) {
          best = done;
        }
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    Deque<int[]> stages = new ArrayDeque<>();
    for (Label l = best; l != null; l = l.previous) {
      stages.addFirst(new int[] {l.node, l.from, l.to});
    }
    return Optional.of(
        new AdditiveSearch.Solution(t.placement(new ArrayList<>(stages)), best.score));
  }

  // An arrival: the stage that produced the tensor plus its transfer. It is not a stage itself, so
  // it reuses the predecessor's stage fields and is replaced by the next compute label.
  private static Label transferLabel(CostTables t, Score score, Label previous, double ms) {
    double latency = previous == null ? 0 : previous.latency;
    double base = previous == null ? 0 : previous.score;
    return new Label(
        latency + ms, combine(score, base, transferElement(t, score, ms)), -1, -1, -1, previous);
  }

  private static double transferElement(CostTables t, Score score, double ms) {
    return score.bottleneck() ? ms : elementScore(score, ms, t.transferEnergyJ(ms));
  }

  private static double elementScore(Score score, double ms, double joules) {
    double e = score.latencyWeight() * ms;
    return score.energyWeight() == 0 ? e : e + score.energyWeight() * joules;
  }

  private static double combine(Score score, double total, double element) {
    return score.bottleneck() ? Math.max(total, element) : total + element;
  }

  // A score some single-node placement within the SLO achieves (+Infinity if none), with a relative
  // slack against rounding: a partial placement scoring above it can never win, since scores only
  // grow along a placement.
  private static double singleNodeBound(CostTables t, Score score, double sloMs) {
    int n = t.segmentCount;
    double bound = Double.POSITIVE_INFINITY;
    for (int v = 0; v < t.nodeCount; v++) {
      if (!t.fits(v, 0, n)) {
        continue;
      }
      double in = t.transferMs(CostTables.SOURCE, v, 0);
      double back = t.returnOutput ? t.transferMs(v, CostTables.SOURCE, n) : 0;
      double compute = t.computeMs(v, 0, n);
      double latency = in + compute + back;
      if (latency == Double.POSITIVE_INFINITY || !(latency <= sloMs)) {
        continue;
      }
      double total = transferElement(t, score, in);
      total =
          combine(
              score,
              total,
              score.bottleneck()
                  ? compute
                  : elementScore(score, compute, t.computeEnergyJ(v, 0, n)));
      total = combine(score, total, transferElement(t, score, back));
      bound = Math.min(bound, total);
    }
    return bound * (1 + 1e-9);
  }

  // Keeps the front free of dominated labels; a label equal to one already present is dropped.
  private static void offer(List<Label> front, Label label, double sloMs, double cap) {
    if (!(label.latency <= sloMs)
        || label.latency == Double.POSITIVE_INFINITY
        || label.score > cap) {
      return;
    }
    for (Label l : front) {
      if (l.latency <= label.latency && l.score <= label.score) {
        return;
      }
    }
    front.removeIf(l -> label.latency <= l.latency && label.score <= l.score);
    front.add(label);
  }

  @SuppressWarnings("unchecked")
  private static List<List<Label>>[] newFronts(int nodes) {
    return new List[nodes];
  }
}
