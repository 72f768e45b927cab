package dev.strata.testbed.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * a JVM runs a placed pipeline on the emulated cluster, gets SIGTERM, and must take its operator
 * and stage processes with it.
 */
class StoppedEmulationIT {

  @Test
  void sigtermStopsTheOperatorAndEveryStageProcess() throws Exception {
    EmulatedCluster.Layout layout = PackagedLayout.inNewDir("stopped-it");
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
    List<ProcessHandle> started = new CopyOnWriteArrayList<>();
    try {
      await()
          .atMost(Duration.ofMinutes(4))
          .until(() -> lines.contains("PLACED") || !emulation.isAlive());
      assertTrue(emulation.isAlive(), "the emulation ended early:\n" + String.join("\n", lines));
      emulation.descendants().forEach(started::add);
      // The operator and a stage on each of the three nodes.
      assertTrue(started.size() >= 4, "processes under the emulation: " + started);

      emulation.destroy();

      assertTrue(emulation.waitFor(60, TimeUnit.SECONDS), "the emulation did not exit");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertEquals(
                      List.of(),
                      started.stream().filter(ProcessHandle::isAlive).toList(),
                      "left running after SIGTERM"));
    } finally {
      emulation.destroyForcibly();
      started.forEach(ProcessHandle::destroyForcibly);
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
