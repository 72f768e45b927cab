package dev.strata.core.placement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;

/**
 * Exact minimum of an additive cost {@code latencyWeight * latency + energyWeight * energy} over
 * all placements (tier order, memory, links), by dynamic programming over states (boundary b, node
 * v): "the last stage ran on v and ended at b".
 *
 * <p>Per tier, in order: (1) arrival cost {@code A_v[b]} = min over the source (b = 0) or any state
 * (b, u) of an earlier tier of {@code end_u[b] + link(u, v, b)}; (2) {@code end_v[e] = Q_v[e] +
 * min_{a in window_v(e)} (A_v[a] - Q_v[a])} where Q_v is the prefix sum of v's per-segment cost and
 * window_v(e) the starts whose range [a, e) fits v's memory, an interval that only moves right as e
 * grows, so a monotone deque gives the minimum in O(1) amortized.
 *
 * <p>Complexity: building the tables and step (2) are O(nodes x segments). Step (1) is O(segments x
 * nodes_t x nodes_earlier) in the worst case; two exact prunings keep it near O(segments x nodes):
 * per boundary the earlier states come out of a heap in cost order, and the scan for v stops once a
 * state's cost plus a lower bound of v's cheapest incoming link cannot beat the best arrival found,
 * or cannot lead below the best placement known so far (first the best single-node placement, then
 * every finished one) given a lower bound of the remaining segments' cost. Measured: about 10-20 ms
 * at 1000 nodes x 300 segments on 2 cores (bench/results/planner.md).
 */
final class AdditiveSearch {

  private AdditiveSearch() {}

  /** Optimal placement and its cost, or empty when no placement is feasible. */
  static Optional<Solution> solve(CostTables t, double latencyWeight, double energyWeight) {
    int nodes = t.nodeCount;
    int n = t.segmentCount;
    double linkScale = latencyWeight + energyWeight * t.transferWatts / 1000.0;
    double[][] q = new double[nodes][n + 1];
    for (int v = 0; v < nodes; v++) {
      double energyPerCpuMs = energyWeight * t.dynamicWatts[v] / 1000.0;
      for (int b = 0; b <= n; b++) {
        q[v][b] = latencyWeight * t.effectivePrefix[v][b] + energyPerCpuMs * t.cpuPrefix[v][b];
      }
    }
    double[][] remaining = remainingLowerBounds(t, q);
    // Upper bound: the best placement found so far, first the best single-node one.
    double upper = Double.POSITIVE_INFINITY;
    for (int v = 0; v < nodes; v++) {
      if (t.fits(v, 0, n)) {
        double whole =
            scaled(linkScale, t.transferMs(CostTables.SOURCE, v, 0))
                + q[v][n]
                - q[v][0]
                + returnCost(t, v, linkScale);
        upper = Math.min(upper, whole);
      }
    }
    double[][] end = new double[nodes][];
    int[][] startOf = new int[nodes][];
    int[][] arriveFrom = new int[nodes][];
    int[] before = new int[0];
    double[] arrive = new double[n];
    int[] deque = new int[n];
    for (int tier = 0; tier < t.nodesByTier.length; tier++) {
      int[] tierNodes = t.nodesByTier[tier];
      if (tierNodes.length == 0) {
        continue;
      }
      Arrivals arrivals = new Arrivals(t, before, tierNodes, end, linkScale);
      for (int i = 0; i < tierNodes.length; i++) {
        int v = tierNodes[i];
        arriveFrom[v] = new int[n];
        arrivals.fill(i, upper, remaining[tier], arrive, arriveFrom[v]);
        end[v] = new double[n + 1];
        startOf[v] = new int[n + 1];
        slideWindow(t.windowStart[v], q[v], arrive, end[v], startOf[v], deque);
        keepHeld(t, v, q[v], arrive, end[v], startOf[v]);
        upper = Math.min(upper, end[v][n] + returnCost(t, v, linkScale));
      }
      int[] grown = Arrays.copyOf(before, before.length + tierNodes.length);
      System.arraycopy(tierNodes, 0, grown, before.length, tierNodes.length);
      before = grown;
    }
    double best = Double.POSITIVE_INFINITY;
    int last = -1;
    for (int v = 0; v < nodes; v++) {
      double c = end[v][n] + returnCost(t, v, linkScale);
      if (c < best) {
        best = c;
        last = v;
      }
    }
    if (last < 0) {
      return Optional.empty();
    }
    Deque<int[]> stages = new ArrayDeque<>();
    int v = last;
    int e = n;
    while (v != CostTables.SOURCE) {
      int a = startOf[v][e];
      stages.addFirst(new int[] {v, a, e});
      v = arriveFrom[v][a];
      e = a;
    }
    return Optional.of(new Solution(t.placement(new ArrayList<>(stages)), best));
  }

  private static double returnCost(CostTables t, int v, double linkScale) {
    return t.returnOutput
        ? scaled(linkScale, t.transferMs(v, CostTables.SOURCE, t.segmentCount))
        : 0;
  }

  // remaining[tier][b]: a lower bound of the cost of running segments [b, n) on nodes of this tier
  // or later ones: every segment at the cheapest such node, links free.
  private static double[][] remainingLowerBounds(CostTables t, double[][] q) {
    int n = t.segmentCount;
    int tiers = t.nodesByTier.length;
    double[][] remaining = new double[tiers][n + 1];
    double[] cheapest = new double[n];
    Arrays.fill(cheapest, Double.POSITIVE_INFINITY);
    for (int tier = tiers - 1; tier >= 0; tier--) {
      for (int w : t.nodesByTier[tier]) {
        for (int s = 0; s < n; s++) {
          cheapest[s] = Math.min(cheapest[s], q[w][s + 1] - q[w][s]);
        }
      }
      for (int b = n - 1; b >= 0; b--) {
        remaining[tier][b] = remaining[tier][b + 1] + cheapest[b];
      }
    }
    return remaining;
  }

  /**
   * Arrival costs into the nodes of one tier from the states of earlier tiers. Everything the scan
   * touches is contiguous: per node of the tier, its incoming link constants (scaled) by earlier
   * node; per boundary, the finite earlier states in cost order. That order is materialized lazily
   * from a binary heap, because a scan rarely looks past the first few states.
   */
  private static final class Arrivals {
    private final CostTables t;
    private final int[] before;
    private final int[] tierNodes;
    private final double linkScale;
    private final double[] halfRtt; // [i * before.length + k], scaled, +Infinity when no link
    private final double[] perByte; // scaled
    private final double[] minHalfRtt;
    private final double[] minPerByte;
    private final CostOrder[] byBoundary;

    Arrivals(CostTables t, int[] before, int[] tierNodes, double[][] end, double linkScale) {
      this.t = t;
      this.before = before;
      this.tierNodes = tierNodes;
      this.linkScale = linkScale;
      int m = before.length;
      halfRtt = new double[tierNodes.length * m];
      perByte = new double[tierNodes.length * m];
      minHalfRtt = new double[tierNodes.length];
      minPerByte = new double[tierNodes.length];
      Arrays.fill(minHalfRtt, Double.POSITIVE_INFINITY);
      Arrays.fill(minPerByte, Double.POSITIVE_INFINITY);
      // Row by row: the links table is stored by source node, so this reads it sequentially.
      for (int k = 0; k < m; k++) {
        for (int i = 0; i < tierNodes.length; i++) {
          double h = scaled(linkScale, t.links.halfRttMs(before[k], tierNodes[i]));
          double p = linkScale * t.links.msPerByte(before[k], tierNodes[i]);
          halfRtt[i * m + k] = h;
          perByte[i * m + k] = p;
          minHalfRtt[i] = Math.min(minHalfRtt[i], h);
          minPerByte[i] = Math.min(minPerByte[i], p);
        }
      }
      int n = t.segmentCount;
      byBoundary = new CostOrder[n];
      for (int b = 1; b < n; b++) {
        byBoundary[b] = new CostOrder(m);
      }
      // Node by node, so that each end[] row is read sequentially.
      for (int k = 0; k < m; k++) {
        double[] row = end[before[k]];
        for (int b = 1; b < n; b++) {
          byBoundary[b].add(k, row[b]);
        }
      }
      for (int b = 1; b < n; b++) {
        byBoundary[b].heapify();
      }
    }

    /**
     * Arrival cost into the i-th node of the tier at every boundary, and where it comes from. An
     * arrival that cannot lead below {@code upper} (a cost some placement already achieves), given
     * that segments [b, n) still cost at least {@code remaining[b]}, may be left infinite or not
     * minimal: it can never be part of a strictly better placement.
     */
    void fill(int i, double upper, double[] remaining, double[] arrive, int[] from) {
      int v = tierNodes[i];
      int m = before.length;
      Arrays.fill(arrive, Double.POSITIVE_INFINITY);
      arrive[0] = scaled(linkScale, t.transferMs(CostTables.SOURCE, v, 0));
      from[0] = CostTables.SOURCE;
      int row = i * m;
      for (int b = 1; b < t.segmentCount; b++) {
        CostOrder sorted = byBoundary[b];
        double bytes = t.bytes[b];
        double bound = minHalfRtt[i] + bytes * minPerByte[i];
        // Relative slack so that rounding in the bounds never cuts an arrival that could win.
        double useless = upper * (1 + 1e-9) - remaining[b];
        double best = Double.POSITIVE_INFINITY;
        int arg = -2;
        for (int j = 0; sorted.reach(j); j++) {
          // floors are non-decreasing and below the exact costs: nothing later can beat best
          double lower = sorted.floor[j] + bound;
          if (lower >= best || lower > useless) {
            break;
          }
          int k = sorted.order[j];
          double total = sorted.cost[j] + halfRtt[row + k] + bytes * perByte[row + k];
          if (total < best) {
            best = total;
            arg = before[k];
          }
        }
        arrive[b] = best;
        from[b] = arg;
      }
    }
  }

  /**
   * Finite costs of one boundary, handed out in ascending order on demand: a min-heap of keys (cost
   * rounded down to a float, which orders like the float's bits, above the index) and the prefix
   * popped so far.
   */
  private static final class CostOrder {
    private final long[] heap;
    private final double[] exact;
    private int size;
    final int[] order;
    final double[] cost;
    final float[] floor;
    private int length;

    CostOrder(int capacity) {
      heap = new long[capacity];
      exact = new double[capacity];
      order = new int[capacity];
      cost = new double[capacity];
      floor = new float[capacity];
    }

    void add(int k, double c) {
      exact[k] = c;
      if (c < Double.POSITIVE_INFINITY) {
        heap[size++] = ((long) Float.floatToRawIntBits(floorFloat(c)) << 32) | k;
      }
    }

    void heapify() {
      for (int i = size / 2 - 1; i >= 0; i--) {
        siftDown(i);
      }
    }

    /** Whether position j of the ascending order exists, popping it from the heap if needed. */
    boolean reach(int j) {
      while (length <= j) {
        if (size == 0) {
          return false;
        }
        long top = heap[0];
        heap[0] = heap[--size];
        siftDown(0);
        int k = (int) top;
        order[length] = k;
        cost[length] = exact[k];
        floor[length] = Float.intBitsToFloat((int) (top >>> 32));
        length++;
      }
      return true;
    }

    private void siftDown(int i) {
      long x = heap[i];
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && heap[child + 1] < heap[child]) {
          child++;
        }
        if (heap[child] >= x) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = x;
    }
  }

  // end[e] = q[e] + min over a in [window[e], e) of (arrive[a] - q[a]): a monotone deque of
  // candidate starts, since window[e] never decreases as e grows.
  private static void slideWindow(
      int[] window, double[] q, double[] arrive, double[] end, int[] startOf, int[] deque) {
    int n = arrive.length;
    end[0] = Double.POSITIVE_INFINITY;
    int head = 0;
    int tail = 0;
    for (int e = 1; e <= n; e++) {
      int a = e - 1;
      if (arrive[a] < Double.POSITIVE_INFINITY) {
        double val = arrive[a] - q[a];
        while (tail > head && arrive[deque[tail - 1]] - q[deque[tail - 1]] >= val) {
          tail--;
        }
        deque[tail++] = a;
      }
      while (tail > head && deque[head] < window[e]) {
        head++;
      }
      if (tail > head) {
        int from = deque[head];
        end[e] = q[e] + arrive[from] - q[from];
        startOf[e] = from;
      } else {
        end[e] = Double.POSITIVE_INFINITY;
      }
    }
  }

  // The range v holds may lie outside its window (too big to fit beside itself): one more start
  // for its end boundary.
  private static void keepHeld(
      CostTables t, int v, double[] q, double[] arrive, double[] end, int[] startOf) {
    int a = t.heldFrom[v];
    int e = t.heldTo[v];
    if (a < 0 || a >= t.windowStart[v][e] || arrive[a] == Double.POSITIVE_INFINITY) {
      return;
    }
    double cost = q[e] + arrive[a] - q[a];
    if (cost < end[e]) {
      end[e] = cost;
      startOf[e] = a;
    }
  }

  // A missing link is +Infinity; 0 x Infinity must stay Infinity, not NaN.
  private static double scaled(double scale, double ms) {
    return ms == Double.POSITIVE_INFINITY ? ms : scale * ms;
  }

  private static float floorFloat(double x) {
    float f = (float) x;
    return f > x ? Math.nextDown(f) : f;
  }

  /** A placement and the value of the cost it minimizes. */
  record Solution(Placement placement, double cost) {}
}
