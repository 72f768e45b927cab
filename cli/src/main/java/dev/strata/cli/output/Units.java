package dev.strata.cli.output;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Human-readable renderings of sizes, counts and shapes. */
public final class Units {
  private Units() {}

  /** Bytes as MB (10^6) with two decimals, or as B/kB below one megabyte. */
  public static String bytes(long bytes) {
    if (bytes >= 1_000_000) {
      return String.format(Locale.ROOT, "%.2fMB", bytes / 1e6);
    }
    if (bytes >= 1_000) {
      return String.format(Locale.ROOT, "%.1fkB", bytes / 1e3);
    }
    return bytes + "B";
  }

  /** A count with thousands separators. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Multiply-accumulates in millions. */
  public static String megaMacs(long macs) {
    return String.format(Locale.ROOT, "%.1f", macs / 1e6);
  }

  public static String millis(double ms) {
    return String.format(Locale.ROOT, "%.2f", ms);
  }

  public static String shape(long[] shape) {
    return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
  }
}
