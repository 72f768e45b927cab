package dev.strata.testbed.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.testbed.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a test's emulated cluster runs: this checkout's packaged operator and runtime. */
public final class PackagedLayout {
  private PackagedLayout() {}

  /**
   * A layout over the project root with the work directory {@code target/<name>-<millis>}, which
   * the cluster creates (under target/ rather than a temp dir: the operator's and stages' logs
   * outlive a failure). Skips the test when the operator or the runtime is not packaged.
   */
  public static EmulatedCluster.Layout inNewDir(String name) {
    EmulatedCluster.Layout layout =
        new EmulatedCluster.Layout(
            Path.of("..").toAbsolutePath().normalize(),
            Path.of("target/" + name + "-" + System.currentTimeMillis()).toAbsolutePath(),
            FreePorts.next());
    assumeTrue(
        Files.exists(layout.operatorJar()) && Files.exists(layout.runtimeJar()),
        "operator and runtime are not packaged; run mvn install");
    return layout;
  }
}
