package dev.strata.testbed.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The CPU and memory limits of one emulated node as cgroup v1 groups that every process of the node
 * joins before it starts. Where the host does not allow cgroups (not root, cgroup v2 only), it
 * falls back to unlimited processes and says so in {@link #mechanism()}.
 */
final class NodeCgroups implements AutoCloseable {
  static final String PREFIX = "strata-testbed-";
  private static final long PERIOD_US = 100_000;

  private final Path cpu;
  private final Path memory;
  private final Path cpuacct;
  private final String mechanism;

  private NodeCgroups(Path cpu, Path memory, Path cpuacct, String mechanism) {
    this.cpu = cpu;
    this.memory = memory;
    this.cpuacct = cpuacct;
    this.mechanism = mechanism;
  }

  /** Creates the node's groups under {@code root} (normally {@code /sys/fs/cgroup}). */
  static NodeCgroups create(Path root, String run, EmulatedNode node) {
    Path cpu = root.resolve("cpu").resolve(PREFIX + run).resolve(node.name());
    Path memory = root.resolve("memory").resolve(PREFIX + run).resolve(node.name());
    Path cpuacct = root.resolve("cpuacct").resolve(PREFIX + run).resolve(node.name());
    if (!Files.exists(root.resolve("cpu").resolve("cgroup.procs"))
        || !Files.exists(root.resolve("memory").resolve("cgroup.procs"))) {
      return new NodeCgroups(
          null,
          null,
          null,
          "none: no cgroup v1 cpu and memory controllers under " + root + "; limits not enforced");
    }
    try {
      Files.createDirectories(cpu);
      Files.createDirectories(memory);
      if (!Files.isDirectory(cpuacct)) {
        cpuacct = cpu; // cpu and cpuacct are often mounted together
      }
      if (node.cpus().isPresent()) {
        Files.writeString(cpu.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
        long quota = Math.round(node.cpus().get() * PERIOD_US);
        Files.writeString(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota));
      }
      if (node.memoryBytes().isPresent()) {
        Files.writeString(
            memory.resolve("memory.limit_in_bytes"), node.memoryBytes().get().toString());
      }
      return new NodeCgroups(cpu, memory, cpuacct, "cgroup v1 (cpu quota + memory limit)");
    } catch (IOException | RuntimeException e) {
      return new NodeCgroups(
          null,
          null,
          null,
          "none: cgroups unavailable (" + e.getMessage() + "); limits not enforced");
    }
  }

  /**
   * A memory group named {@code name} under the run, without a limit and without a CPU group (so
   * that the scheduling of its processes does not change): it only marks them, so that {@link
   * #sweepStale} stops them after the emulation that started them was killed.
   */
  static NodeCgroups marker(Path root, String run, String name) {
    Path memory = root.resolve("memory").resolve(PREFIX + run).resolve(name);
    if (!Files.exists(root.resolve("memory").resolve("cgroup.procs"))) {
      return new NodeCgroups(null, null, null, "none: no cgroup v1 memory controller");
    }
    try {
      Files.createDirectories(memory);
      return new NodeCgroups(null, memory, null, "cgroup v1 memory group, no limit");
    } catch (IOException | RuntimeException e) {
      return new NodeCgroups(
          null, null, null, "none: cgroups unavailable (" + e.getMessage() + ")");
    }
  }

  boolean enforced() {
    return cpu != null;
  }

  String mechanism() {
    return mechanism;
  }

  /** The command, wrapped so the process joins the node's groups before it {@code exec}s. */
  List<String> wrap(List<String> command) {
    if (memory == null) {
      return command;
    }
    StringBuilder join = new StringBuilder();
    for (Path group : cpu == null ? List.of(memory) : List.of(cpu, memory)) {
      join.append("echo $$ > '").append(group.resolve("cgroup.procs")).append("' && ");
    }
    List<String> wrapped = new ArrayList<>();
    wrapped.add("/bin/sh");
    wrapped.add("-c");
    wrapped.add(join + "exec \"$@\"");
    wrapped.add("stage");
    wrapped.addAll(command);
    return wrapped;
  }

  /** CPU time used by the node's processes so far, in nanoseconds; empty without cgroups. */
  Optional<Long> cpuNanos() {
    return read(cpuacct, "cpuacct.usage");
  }

  /** Memory in use by the node's processes; empty without cgroups. */
  Optional<Long> memoryBytes() {
    return read(memory, "memory.usage_in_bytes");
  }

  private static Optional<Long> read(Path dir, String file) {
    if (dir == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(Files.readString(dir.resolve(file)).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    for (Path group : Arrays.asList(cpu, memory)) {
      if (group != null) {
        removeGroup(group);
        removeGroup(group.getParent());
      }
    }
  }

  /**
   * Removes groups left by an emulation that was killed: stops the processes still in them and
   * deletes the directories. Returns the number of processes stopped.
   */
  static int sweepStale(Path root) {
    List<Path> groups = new ArrayList<>();
    List<ProcessHandle> stopped = new ArrayList<>();
    for (String controller : List.of("cpu", "memory", "cpuacct")) {
      Path dir = root.resolve(controller);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> runs = Files.list(dir)) {
        for (Path run : runs.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
          try (Stream<Path> nodes = Files.list(run)) {
            for (Path node : nodes.filter(Files::isDirectory).toList()) {
              stopped.addAll(killMembers(node));
              groups.add(node);
            }
          }
          groups.add(run);
        }
      } catch (IOException e) {
        // nothing left to sweep, or no permission: the fallback never made groups
      }
    }
    // A group can only be removed once its members have exited.
    for (ProcessHandle p : stopped) {
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | TimeoutException e) {
        // still exiting: its group stays for the next sweep
      }
    }
    groups.forEach(NodeCgroups::removeGroup);
    return (int) stopped.stream().map(ProcessHandle::pid).distinct().count();
  }

  private static List<ProcessHandle> killMembers(Path group) throws IOException {
    Path procs = group.resolve("cgroup.procs");
    if (!Files.exists(procs)) {
      return List.of();
    }
    List<ProcessHandle> killed = new ArrayList<>();
    for (String pid : Files.readAllLines(procs)) {
      if (!pid.isBlank()) {
        ProcessHandle.of(Long.parseLong(pid.trim()))
            .ifPresent(
                p -> {
                  p.destroyForcibly();
                  killed.add(p);
                });
      }
    }
    return killed;
  }

  private static void removeGroup(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // still has members for a moment after a kill; the next sweep removes it
    }
  }
}
