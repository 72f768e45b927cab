package dev.strata.core.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measured links between the nodes of a problem, stored densely by node index so that planners read
 * a pair in constant time. Links are directed; a pair without a measurement has no link (a
 * placement may not send a tensor over it). A node always reaches itself for free. Immutable.
 */
public final class Links {

  private final List<String> nodeNames;
  private final Map<String, Integer> index;
  private final double[] bandwidthMbps;
  private final double[] rttMs;
  // Derived once here, read in the planners' inner loops: +Infinity where there is no link.
  private final double[] halfRttMs;
  private final double[] msPerByte;

  private Links(List<String> nodeNames, double[] bandwidthMbps, double[] rttMs) {
    this.nodeNames = List.copyOf(nodeNames);
    this.index = indexOf(this.nodeNames);
    this.bandwidthMbps = bandwidthMbps;
    this.rttMs = rttMs;
    int n = nodeNames.size();
    this.halfRttMs = new double[n * n];
    this.msPerByte = new double[n * n];
    for (int i = 0; i < n * n; i++) {
      boolean self = i / n == i % n;
      boolean present = bandwidthMbps[i] > 0;
      halfRttMs[i] = self ? 0 : present ? rttMs[i] / 2 : Double.POSITIVE_INFINITY;
      msPerByte[i] = self ? 0 : present ? LinkProfile.msPerByte(bandwidthMbps[i]) : 0;
    }
  }

  /** Starts a table over {@code nodeNames}, in that order (the order of the problem's nodes). */
  public static Builder builder(List<String> nodeNames) {
    return new Builder(nodeNames);
  }

  /** Node names in index order. */
  public List<String> nodeNames() {
    return nodeNames;
  }

  /** The measured link {@code from -> to}, if any (never present for a node to itself). */
  public Optional<LinkProfile> link(String from, String to) {
    int i = indexOrThrow(from);
    int j = indexOrThrow(to);
    int k = i * nodeNames.size() + j;
    return i != j && bandwidthMbps[k] > 0
        ? Optional.of(new LinkProfile(from, to, bandwidthMbps[k], rttMs[k]))
        : Optional.empty();
  }

  /** Every measured link, row by row. */
  public List<LinkProfile> all() {
    List<LinkProfile> out = new ArrayList<>();
    int n = nodeNames.size();
    for (int k = 0; k < n * n; k++) {
      if (bandwidthMbps[k] > 0) {
        out.add(
            new LinkProfile(
                nodeNames.get(k / n), nodeNames.get(k % n), bandwidthMbps[k], rttMs[k]));
      }
    }
    return out;
  }

  /** A copy with {@code link} measured anew (replacing any earlier value). */
  public Links with(LinkProfile link) {
    Builder b = toBuilder(nodeNames);
    b.link(link);
    return b.build();
  }

  /** The links among {@code names} only, indexed in that order (every name must be known). */
  public Links restrictTo(List<String> names) {
    return toBuilder(names).build();
  }

  /**
   * Milliseconds to move {@code bytes} from node index {@code u} to node index {@code v}: 0 when
   * {@code u == v}, +Infinity when there is no link.
   */
  double transferMs(int u, int v, double bytes) {
    int k = u * nodeNames.size() + v;
    return halfRttMs[k] + bytes * msPerByte[k];
  }

  double halfRttMs(int u, int v) {
    return halfRttMs[u * nodeNames.size() + v];
  }

  double msPerByte(int u, int v) {
    return msPerByte[u * nodeNames.size() + v];
  }

  private Builder toBuilder(List<String> names) {
    Builder b = new Builder(names);
    int n = nodeNames.size();
    for (String from : names) {
      int i = indexOrThrow(from);
      for (String to : names) {
        int k = i * n + indexOrThrow(to);
        if (bandwidthMbps[k] > 0) {
          b.link(from, to, bandwidthMbps[k], rttMs[k]);
        }
      }
    }
    return b;
  }

  private int indexOrThrow(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "links",
          "node " + name + " is not one of the problem's nodes " + nodeNames);
    }
    return i;
  }

  private static Map<String, Integer> indexOf(List<String> names) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (index.put(names.get(i), i) != null) {
        throw new PlanningException(
            PlanningException.Reason.INVALID_PROBLEM,
            "nodes[" + i + "].name",
            "node name " + names.get(i) + " appears twice; node names must be unique");
      }
    }
    return index;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Links other
        && nodeNames.equals(other.nodeNames)
        && Arrays.equals(bandwidthMbps, other.bandwidthMbps)
        && Arrays.equals(rttMs, other.rttMs);
  }

  @Override
  public int hashCode() {
    return nodeNames.hashCode() * 31 + Arrays.hashCode(bandwidthMbps);
  }

  @Override
  public String toString() {
    return "Links" + all();
  }

  /** Collects measurements; later measurements of a pair replace earlier ones. */
  public static final class Builder {
    private final List<String> nodeNames;
    private final Map<String, Integer> index;
    private final double[] bandwidthMbps;
    private final double[] rttMs;

    private Builder(List<String> nodeNames) {
      this.nodeNames = List.copyOf(nodeNames);
      this.index = indexOf(this.nodeNames);
      int n = nodeNames.size();
      this.bandwidthMbps = new double[n * n];
      this.rttMs = new double[n * n];
    }

    public Builder link(LinkProfile link) {
      return link(link.from(), link.to(), link.bandwidthMbps(), link.rttMs());
    }

    /** Measured link {@code from -> to} in Mbit/s and ms. */
    public Builder link(String from, String to, double bandwidthMbps, double rttMs) {
      LinkProfile checked = new LinkProfile(from, to, bandwidthMbps, rttMs);
      int k = slot(from) * nodeNames.size() + slot(to);
      this.bandwidthMbps[k] = checked.bandwidthMbps();
      this.rttMs[k] = checked.rttMs();
      return this;
    }

    /** The same measurement in both directions. */
    public Builder symmetric(String a, String b, double bandwidthMbps, double rttMs) {
      return link(a, b, bandwidthMbps, rttMs).link(b, a, bandwidthMbps, rttMs);
    }

    public Links build() {
      return new Links(nodeNames, bandwidthMbps.clone(), rttMs.clone());
    }

    private int slot(String name) {
      Integer i = index.get(name);
      if (i == null) {
        throw new PlanningException(
            PlanningException.Reason.INVALID_PROBLEM,
            "links[" + name + "]",
            "link names node " + name + ", which is not among the nodes " + nodeNames);
      }
      return i;
    }
  }
}
