package dev.strata.core.adaptation;

import java.util.Locale;

/**
 * One observed quantity: a node's CPU share or free memory, a directed link's bandwidth or RTT.
 *
 * @param subject node name, or {@code "from->to"} for a link
 */
public record Metric(String subject, Kind kind) {

  /** What is measured, its unit, and the floor under which relative changes are not inflated. */
  public enum Kind {
    /** CPU share a stage gets, {@code max(1 - cpuLoad, 0.1)}, fraction. */
    CPU_SHARE("CPU share", "", 0.1),
    /** Free memory, bytes. */
    FREE_MEMORY("free memory", " B", 1),
    /** Link throughput, Mbit/s. */
    BANDWIDTH("bandwidth", " Mbit/s", 0.001),
    /** Link round trip, ms: changes below 1 ms are not treated as large relative drifts. */
    RTT("RTT", " ms", 1);

    private final String label;
    private final String unit;
    private final double floor;

    Kind(String label, String unit, double floor) {
      this.label = label;
      this.unit = unit;
      this.floor = floor;
    }

    /** Magnitude relative changes are measured against: {@code max(|value|, floor)}. */
    public double scale(double value) {
      return Math.max(Math.abs(value), floor);
    }
  }

  public static Metric cpuShare(String node) {
    return new Metric(node, Kind.CPU_SHARE);
  }

  public static Metric freeMemory(String node) {
    return new Metric(node, Kind.FREE_MEMORY);
  }

  public static Metric bandwidth(String from, String to) {
    return new Metric(from + "->" + to, Kind.BANDWIDTH);
  }

  public static Metric rtt(String from, String to) {
    return new Metric(from + "->" + to, Kind.RTT);
  }

  public boolean isLink() {
    return kind == Kind.BANDWIDTH || kind == Kind.RTT;
  }

  /** For example {@code link rpi-1->laptop bandwidth}. */
  public String describe() {
    return (isLink() ? "link " : "node ") + subject + " " + kind.label;
  }

  /** A value with its unit, for example {@code 3.6 Mbit/s}. */
  public String format(double value) {
    return number(value) + kind.unit;
  }

  /** For example {@code link rpi-1->laptop bandwidth 20.1 -> 2.0 Mbit/s (-90%)}. */
  public String describeChange(double from, double to) {
    return String.format(
        Locale.ROOT,
        "%s %s -> %s (%+.0f%%)",
        describe(),
        number(from),
        format(to),
        100 * (to - from) / kind.scale(from));
  }

  private static String number(double v) {
    return Math.abs(v) >= 1e6
        ? String.format(Locale.ROOT, "%.3g", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }
}
