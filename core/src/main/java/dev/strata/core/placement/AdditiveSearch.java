package dev.strata.core.placement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
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
 * <p>Complexity: step (2) is O(nodes x segments). Step (1) is O(segments x nodes_t x nodes_earlier)
 * in the worst case; it sorts the earlier states of each boundary by cost and stops scanning once
 * {@code end_u[b]} plus a lower bound of v's cheapest incoming link cannot beat the best arrival
 * found, which in practice leaves a handful of candidates per (b, v): about O(segments x nodes x
 * log nodes) overall.
 */
final class AdditiveSearch {

  private AdditiveSearch() {}

  /** Optimal placement and its cost, or empty when no placement is feasible. */
  static Optional<Solution> solve(CostTables t, double latencyWeight, double energyWeight) {
    int nodes = t.nodeCount;
    int n = t.segmentCount;
    double linkScale = latencyWeight + energyWeight * t.transferWatts / 1000.0;
    double[][] end = new double[nodes][];
    int[][] startOf = new int[nodes][];
    int[][] arriveFrom = new int[nodes][];
    List<Integer> earlier = new ArrayList<>();
    long[] keys = new long[nodes];
    for (int[] tierNodes : t.nodesByTier) {
      if (tierNodes.length == 0) {
        continue;
      }
      int[] before = earlier.stream().mapToInt(Integer::intValue).toArray();
      double[][] arrive = new double[tierNodes.length][n];
      double[] minHalfRtt = new double[tierNodes.length];
      double[] minMsPerByte = new double[tierNodes.length];
      for (int i = 0; i < tierNodes.length; i++) {
        int v = tierNodes[i];
        Arrays.fill(arrive[i], Double.POSITIVE_INFINITY);
        arriveFrom[v] = new int[n];
        arrive[i][0] = scaled(linkScale, t.transferMs(CostTables.SOURCE, v, 0));
        arriveFrom[v][0] = CostTables.SOURCE;
        double half = Double.POSITIVE_INFINITY;
        double perByte = Double.POSITIVE_INFINITY;
        for (int u : before) {
          half = Math.min(half, t.links.halfRttMs(u, v));
          perByte = Math.min(perByte, t.links.msPerByte(u, v));
        }
        minHalfRtt[i] = half;
        minMsPerByte[i] = perByte;
      }
      for (int b = 1; b < n && before.length > 0; b++) {
        int count = 0;
        for (int u : before) {
          double cost = end[u][b];
          if (cost < Double.POSITIVE_INFINITY) {
            keys[count++] = ((long) Float.floatToRawIntBits(floorFloat(cost)) << 32) | u;
          }
        }
        if (count == 0) {
          continue;
        }
        Arrays.sort(keys, 0, count);
        for (int i = 0; i < tierNodes.length; i++) {
          int v = tierNodes[i];
          double bound = scaled(linkScale, minHalfRtt[i] + t.bytes[b] * minMsPerByte[i]);
          double best = Double.POSITIVE_INFINITY;
          int arg = -2;
          for (int k = 0; k < count; k++) {
            // keys hold end costs rounded down, so every later u costs at least this much too
            if (Float.intBitsToFloat((int) (keys[k] >>> 32)) + bound >= best) {
              break;
            }
            int u = (int) keys[k];
            double c = end[u][b] + scaled(linkScale, t.transferMs(u, v, b));
            if (c < best) {
              best = c;
              arg = u;
            }
          }
          arrive[i][b] = best;
          arriveFrom[v][b] = arg;
        }
      }
      for (int i = 0; i < tierNodes.length; i++) {
        int v = tierNodes[i];
        slideWindow(t, v, arrive[i], latencyWeight, energyWeight, end, startOf);
        earlier.add(v);
      }
    }
    double best = Double.POSITIVE_INFINITY;
    int last = -1;
    for (int v = 0; v < nodes; v++) {
      double c = end[v][n];
      if (t.returnOutput && c < Double.POSITIVE_INFINITY) {
        c += scaled(linkScale, t.transferMs(v, CostTables.SOURCE, n));
      }
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

  private static void slideWindow(
      CostTables t,
      int v,
      double[] arrive,
      double latencyWeight,
      double energyWeight,
      double[][] end,
      int[][] startOf) {
    int n = t.segmentCount;
    double[] eff = t.effectivePrefix[v];
    double[] cpu = t.cpuPrefix[v];
    double energyPerCpuMs = energyWeight * t.dynamicWatts[v] / 1000.0;
    double[] q = new double[n + 1];
    for (int b = 0; b <= n; b++) {
      q[b] = latencyWeight * eff[b] + energyPerCpuMs * cpu[b];
    }
    double[] endV = new double[n + 1];
    int[] startV = new int[n + 1];
    endV[0] = Double.POSITIVE_INFINITY;
    int[] deque = new int[n];
    int head = 0;
    int tail = 0;
    int[] window = t.windowStart[v];
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
        endV[e] = q[e] + arrive[from] - q[from];
        startV[e] = from;
      } else {
        endV[e] = Double.POSITIVE_INFINITY;
      }
    }
    end[v] = endV;
    startOf[v] = startV;
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
