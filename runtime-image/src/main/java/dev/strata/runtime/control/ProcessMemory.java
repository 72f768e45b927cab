package dev.strata.runtime.control;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of this process from {@code /proc/self/status} (Linux); empty elsewhere. The peak
 * (VmHWM) can be reset through {@code /proc/self/clear_refs}, which lets the profiler attribute a
 * peak to one segment. The Java heap the calling thread allocated tells how much of a rise may be
 * the heap touching new pages rather than the segment's session.
 */
public class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  /** VmRSS in bytes. */
  public OptionalLong resident() {
    return field("VmRSS:");
  }

  /** VmHWM (peak resident) in bytes since the last reset. */
  public OptionalLong peak() {
    return field("VmHWM:");
  }

  /** Resets VmHWM to the current resident size; false when the kernel does not allow it. */
  public boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
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

  private static OptionalLong field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
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
