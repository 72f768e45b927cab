package dev.strata.testbed.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The real operator, started the way a Deployment would run it: its packaged Quarkus application in
 * its own JVM, configured only through properties, pointed at the embedded API. Its hosts file
 * resolves stage names straight to the pods (the control plane sits beside every node).
 */
public final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int httpPort;

  private OperatorProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Starts {@code operatorJar} against {@code apiUrl}; its output goes to {@code log}.
   *
   * @param launch turns the java command into the one started (the node agent's control-plane
   *     groups)
   */
  public static OperatorProcess start(
      Path operatorJar,
      Path javaHome,
      String apiUrl,
      Path hostsFile,
      Path log,
      List<String> extraProperties,
      UnaryOperator<List<String>> launch)
      throws IOException {
    if (!Files.exists(operatorJar)) {
      throw new IOException("operator not built: " + operatorJar + " is missing; run make build");
    }
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin/java").toString());
    command.add("-Djdk.net.hosts.file=" + hostsFile);
    command.add("-Dsun.net.inetaddr.ttl=0");
    command.add("-Dsun.net.inetaddr.negative.ttl=0");
    command.add("-Dquarkus.kubernetes-client.master-url=" + apiUrl);
    command.add("-Dquarkus.kubernetes-client.trust-certs=true");
    command.add("-Dquarkus.kubernetes-client.namespace=default");
    int httpPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      httpPort = free.getLocalPort();
    }
    command.add("-Dquarkus.http.port=" + httpPort);
    command.add("-Dstrata.operator.server-side-apply=false");
    command.addAll(extraProperties);
    command.add("-jar");
    command.add(operatorJar.toString());
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder builder = new ProcessBuilder(launch.apply(command)).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("KUBERNETES_MASTER", apiUrl);
    return new OperatorProcess(builder.start(), log, httpPort);
  }

  /** The operator's Prometheus metrics as text ({@code /q/metrics}). */
  public String metrics() throws IOException, InterruptedException {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                .timeout(java.time.Duration.ofSeconds(5))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
