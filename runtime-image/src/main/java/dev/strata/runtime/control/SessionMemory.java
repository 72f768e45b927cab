package dev.strata.runtime.control;

import java.util.OptionalLong;

/**
 * What this worker's sessions take, as the operator prices a held range: the process's resident
 * memory now, less what it was once the model had loaded and before any session was built. It is an
 * upper bound rather than an exact figure: it also counts what profiling and requests left resident
 * (the allocator keeps freed memory, and the Java heap grows). The operator plans a different range
 * on this node beside the larger of this and its model of the held range, which was measured at a
 * third of what a VGG16 range session takes.
 */
public final class SessionMemory {
  private final ProcessMemory memory;
  private final OptionalLong atLoad;

  /** Takes the baseline now: call once the model has loaded, before any session is built. */
  public SessionMemory(ProcessMemory memory) {
    this.memory = memory;
    this.atLoad = memory.resident();
  }

  /** Bytes resident above the baseline (never below 0); empty where memory cannot be read. */
  public OptionalLong sessionBytes() {
    OptionalLong now = memory.resident();
    if (atLoad.isEmpty() || now.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Math.max(0, now.getAsLong() - atLoad.getAsLong()));
  }
}
