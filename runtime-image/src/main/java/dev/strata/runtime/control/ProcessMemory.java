package dev.strata.runtime.control;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of this process from {@code /proc/self/status} (Linux), or of another one ({@link
 * #of}); empty elsewhere. The peak (VmHWM) can be reset through {@code /proc/self/clear_refs},
 * which lets the profiler attribute a peak to one segment. The Java heap the calling thread
 * allocated tells how much of a rise may be the heap touching new pages rather than the segment's
 * session.
 */
public class ProcessMemory {
  private final Path status;
  private final Path clearRefs;

  /** This process. */
  public ProcessMemory() {
    this(Path.of("/proc/self"));
  }

  private ProcessMemory(Path proc) {
    this.status = proc.resolve("status");
    this.clearRefs = proc.resolve("clear_refs");
  }

  /** The process {@code pid}. */
  public static ProcessMemory of(long pid) {
    return new ProcessMemory(Path.of("/proc", Long.toString(pid)));
  }

  /** VmRSS in bytes. */
  public OptionalLong resident() {
    return field("VmRSS:");
  }

  /**
   * RssAnon in bytes: the anonymous part of the resident memory, which a memory limit cannot
   * reclaim, unlike the pages of a mapped file.
   */
  public OptionalLong anonymous() {
    return field("RssAnon:");
  }

  /** VmHWM (peak resident) in bytes since the last reset. */
  public OptionalLong peak() {
    return field("VmHWM:");
  }

  /** Resets VmHWM to the current resident size; false when the kernel does not allow it. */
  public boolean resetPeak() {
    try {
      Files.writeString(clearRefs, "5");
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /**
   * Bytes the calling thread has allocated on the Java heap since it started; empty where the JVM
   * does not count them.
   */
  public OptionalLong threadAllocated() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled()) {
      return OptionalLong.of(threads.getCurrentThreadAllocatedBytes());
    }
    return OptionalLong.empty();
  }

  private OptionalLong field(String name) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
