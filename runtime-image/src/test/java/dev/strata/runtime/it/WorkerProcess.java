package dev.strata.runtime.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.runtime.control.ProcessMemory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A stage worker started as a real local process from the built Quarkus jar, on a free loopback
 * port, with a token file. Talks to its control API.
 */
public final class WorkerProcess implements AutoCloseable {
  static final String TOKEN = "it-token-5f2c";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final Process process;
  private final int port;
  private final String name;

  private WorkerProcess(Process process, int port, String name) {
    this.process = process;
    this.port = port;
    this.name = name;
  }

  /** Starts a worker; {@code settings} are extra {@code strata.*} or Quarkus properties. */
  public static WorkerProcess start(String name, Map<String, String> settings) throws IOException {
    return start(name, settings, "2g");
  }

  /** Starts a worker with a given maximum heap ({@code -Xmx}). */
  public static WorkerProcess start(String name, Map<String, String> settings, String heap)
      throws IOException {
    return start(name, settings, heap, Map.of());
  }

  /**
   * Starts a worker with extra environment variables, e.g. {@code STRATA_MODEL_URI} as the operator
   * sets them in a stage pod (the {@code settings} system properties take precedence).
   */
  public static WorkerProcess start(
      String name, Map<String, String> settings, String heap, Map<String, String> environment)
      throws IOException {
    String jar = System.getProperty("strata.runtime.jar", "target/quarkus-app/quarkus-run.jar");
    Path logs = Path.of(System.getProperty("strata.it.logs", "target/it-logs"));
    Files.createDirectories(logs);
    Path token = logs.resolve("token");
    Files.writeString(token, TOKEN + "\n");
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap);
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dai.djl.offline=true");
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dstrata.token-file=" + token.toAbsolutePath());
    if (!settings.containsKey("strata.model-cache")) {
      // A cache of this build only: the machine's temp folder may hold built-in models that
      // another checkout's builders wrote under the same name and seed.
      command.add("-Dstrata.model-cache=" + logs.resolve("model-cache").toAbsolutePath());
    }
    if (!settings.containsKey("strata.intra-op-threads")) {
      command.add("-Dstrata.intra-op-threads=1");
    }
    settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("DJL_OFFLINE", "true");
    builder.environment().put("OPT_OUT_TRACKING", "true");
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(logs.resolve(name + "-" + port + ".log").toFile());
    WorkerProcess worker = new WorkerProcess(builder.start(), port, name);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> !"Loading".equals(worker.status().path("phase").asText("Loading")));
    return worker;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public String name() {
    return name;
  }

  public JsonNode status() throws IOException, InterruptedException {
    return control("GET", "/control/status", null).json();
  }

  /** {@code GET /v2/models/{model}}: the metadata of the committed range. */
  public JsonNode metadata(String model) throws IOException, InterruptedException {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(base().resolve("/v2/models/" + model)).build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body());
  }

  /** Calls the control API with the token. */
  public Reply control(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve(path))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    return Reply.of(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
  }

  /**
   * Posts {@code body} as it is to the probe sink: the transport of a request, without its work.
   */
  public int sink(byte[] body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base().resolve("/control/sink"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** The worker's resident memory (VmRSS of its process), in bytes. */
  public long residentBytes() throws IOException {
    return required(ProcessMemory.of(process.pid()).resident(), "VmRSS");
  }

  /**
   * The anonymous part of the worker's resident memory (RssAnon), in bytes: what a memory limit
   * cannot reclaim, unlike the pages of the model file it maps.
   */
  public long anonymousBytes() throws IOException {
    return required(ProcessMemory.of(process.pid()).anonymous(), "RssAnon");
  }

  private long required(OptionalLong bytes, String field) throws IOException {
    if (bytes.isEmpty()) {
      throw new IOException("no " + field + " for worker process " + process.pid());
    }
    return bytes.getAsLong();
  }

  /** The worker's Prometheus text from {@code /q/metrics}. */
  public String metrics() throws IOException, InterruptedException {
    return new String(
        HTTP.send(
                HttpRequest.newBuilder(base().resolve("/q/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body(),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The value of {@code series} (name and labels as printed) in Prometheus text. */
  static double sample(String metrics, String series) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new IllegalStateException("metric " + series + " not found");
  }

  /** Prepares a revision; fails the test unless the worker accepted it; returns the answer. */
  public JsonNode prepare(long revision, int from, int to, WorkerProcess next, String precision)
      throws IOException, InterruptedException {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("revision", revision);
    body.put("fromSegment", from);
    body.put("toSegment", to);
    body.put("next", next == null ? null : next.base().toString());
    body.put("wirePrecision", precision);
    return control("POST", "/control/prepare", body).expect(200).json();
  }

  public void commit(long revision) throws IOException, InterruptedException {
    control("POST", "/control/commit", Map.of("revision", revision)).expect(200);
  }

  /** An HTTP answer. */
  public record Reply(int status, java.net.http.HttpHeaders headers, byte[] body) {
    static Reply of(HttpResponse<byte[]> r) {
      return new Reply(r.statusCode(), r.headers(), r.body());
    }

    public JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    public Reply expect(int code) {
      if (status != code) {
        throw new AssertionError("expected HTTP " + code + " but got " + status + ": " + text());
      }
      return this;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
