package dev.strata.testbed.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testbed.FreePorts;
import dev.strata.testbed.bench.TestbedBench;
import dev.strata.testbed.scenario.ScenarioRun;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An emulation stopped from outside, as Ctrl-C or {@code kill} stops {@code make demo} or a bench:
 * a JVM runs a placed pipeline on the emulated cluster and gets SIGTERM, and must take its operator
 * and stage processes with it; or SIGKILL, after which the next start's sweep must stop them.
 */
class StoppedEmulationIT {

  @Test
  void sigtermStopsTheOperatorAndEveryStageProcess() throws Exception {
    Process emulation = placedEmulation("stopped-it");
    List<ProcessHandle> started = operatorAndStages(emulation);
    try {
      emulation.destroy();

      assertTrue(emulation.waitFor(60, TimeUnit.SECONDS), "the emulation did not exit");
      awaitStopped(started, "left running after SIGTERM");
    } finally {
      emulation.destroyForcibly();
      started.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * SIGKILL gives the emulation no chance to stop anything: the operator and the stage processes
   * outlive it, and the next start's sweep stops them through the cgroups they joined.
   */
  @Test
  void afterSigkillTheNextStartsSweepStopsTheOperatorAndEveryStageProcess() throws Exception {
    Path cgroups = Path.of("/sys/fs/cgroup");
    assumeTrue(
        Files.isWritable(cgroups.resolve("memory").resolve("cgroup.procs")),
        "needs cgroup v1 groups this user may create");
    Process emulation = placedEmulation("killed-it");
    List<ProcessHandle> started = operatorAndStages(emulation);
    try {
      emulation.destroyForcibly();
      assertTrue(emulation.waitFor(60, TimeUnit.SECONDS), "the emulation did not exit");
      assertTrue(started.stream().anyMatch(ProcessHandle::isAlive), "nothing outlived SIGKILL");

      NodeAgent.sweepStale(cgroups);

      awaitStopped(started, "left running after the sweep");
      for (String controller : List.of("cpu", "memory")) {
        Path group = cgroups.resolve(controller).resolve(NodeCgroups.PREFIX + emulation.pid());
        assertFalse(Files.exists(group), group + " was not removed");
      }
    } finally {
      started.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** The processes the emulation started: the operator and a stage on each of the three nodes. */
  private static List<ProcessHandle> operatorAndStages(Process emulation) {
    List<ProcessHandle> started = emulation.descendants().toList();
    if (started.size() < 4) {
      started.forEach(ProcessHandle::destroyForcibly);
      emulation.destroyForcibly();
    }
    assertTrue(started.size() >= 4, "processes under the emulation: " + started);
    return started;
  }

  private static void awaitStopped(List<ProcessHandle> started, String message) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertEquals(
                    List.of(), started.stream().filter(ProcessHandle::isAlive).toList(), message));
  }

  /** A JVM running {@link #main} until it says PLACED. */
  private static Process placedEmulation(String name) throws Exception {
    EmulatedCluster.Layout layout = PackagedLayout.inNewDir(name);
    String classpath =
        String.join(
            File.pathSeparator,
            Path.of("target/test-classes").toAbsolutePath().toString(),
            Path.of("target/classes").toAbsolutePath().toString(),
            Files.readString(Path.of("target/runtime-classpath.txt")).trim());
    Process emulation =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dai.djl.offline=true",
                "-cp",
                classpath,
                StoppedEmulationIT.class.getName(),
                layout.projectRoot().toString(),
                layout.workDir().toString())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> collect(emulation, lines), "emulation-output");
    reader.setDaemon(true);
    reader.start();
    try {
      await()
          .atMost(Duration.ofMinutes(4))
          .until(() -> lines.contains("PLACED") || !emulation.isAlive());
      assertTrue(emulation.isAlive(), "the emulation ended early:\n" + String.join("\n", lines));
      return emulation;
    } catch (RuntimeException | AssertionError e) {
      emulation.descendants().forEach(ProcessHandle::destroyForcibly);
      emulation.destroyForcibly();
      throw e;
    }
  }

  private static void collect(Process process, List<String> lines) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (java.io.IOException e) {
      lines.add("output closed: " + e.getMessage());
    }
  }

  /** The emulation under test: places MobileNetV2, says PLACED, and runs until stopped. */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path dir = Path.of(args[1]);
    EmulatedCluster cluster =
        EmulatedCluster.start(
            new EmulatedCluster.Layout(root, dir, FreePorts.next()),
            EmulatedNode.defaultTiers(),
            PodNetwork.defaultLinks(),
            List.of(),
            System.out::println);
    Path yaml =
        Files.writeString(
            dir.resolve("it.yaml"),
            TestbedBench.pipeline("it", "mobilenet_v2", TestbedBench.ADAPTIVE));
    cluster.apply(yaml);
    ScenarioRun.awaitReady(cluster, "default", "it", Duration.ofMinutes(3), System.out::println);
    System.out.println("PLACED");
    new CountDownLatch(1).await();
  }
}
