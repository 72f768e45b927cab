package dev.strata.testbed.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time and resident memory of one process from {@code /proc}, what the kubelet's cAdvisor
 * reports per container and metrics-server turns into PodMetrics.
 *
 * @param cpuNanos user + system CPU time so far (clock ticks of 10 ms, Linux's USER_HZ)
 * @param rssBytes resident set size
 */
record ProcessUsage(long cpuNanos, long rssBytes) {

  private static final long NANOS_PER_TICK = 10_000_000L;

  static Optional<ProcessUsage> of(long pid) {
    try {
      Path proc = Path.of("/proc", Long.toString(pid));
      return parse(
          Files.readString(proc.resolve("stat")), Files.readString(proc.resolve("status")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the process is gone or /proc is not Linux's
    }
  }

  /**
   * @param stat the one line of {@code /proc/<pid>/stat}; utime and stime are fields 14 and 15,
   *     counted after the command name, which may itself hold spaces and parentheses
   * @param status {@code /proc/<pid>/status}, whose {@code VmRSS} line is in kB
   */
  static Optional<ProcessUsage> parse(String stat, String status) {
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      return Optional.empty();
    }
    String[] fields = stat.substring(end + 2).trim().split("\\s+");
    if (fields.length < 13) {
      return Optional.empty();
    }
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    long rss = 0;
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
      }
    }
    return Optional.of(new ProcessUsage(ticks * NANOS_PER_TICK, rss));
  }
}
