package dev.strata.operator.adapter;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.operator.adapter.StageProtocol.AssignmentStatus;
import dev.strata.operator.adapter.StageProtocol.CommitRequest;
import dev.strata.operator.adapter.StageProtocol.PrepareRequest;
import dev.strata.operator.adapter.StageProtocol.PrepareResponse;
import dev.strata.operator.adapter.StageProtocol.ProbeReport;
import dev.strata.operator.adapter.StageProtocol.ProbeRequest;
import dev.strata.operator.adapter.StageProtocol.ProfileReport;
import dev.strata.operator.adapter.StageProtocol.ProfileRequest;
import dev.strata.operator.adapter.StageProtocol.WorkerStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link StageClient} over HTTP/1.1 with {@code java.net.http}, JSON bodies and {@code
 * Authorization: Bearer <token>}. An optional HTTP proxy lets an emulation or a test route the
 * stages' cluster DNS names ({@code <pod>.<pipeline>-stages.<ns>.svc}) without DNS.
 */
public final class HttpStageClient implements StageClient {

  private final HttpClient http;
  private final ObjectMapper json;
  private final Duration callTimeout;
  private final Duration profileTimeout;

  /**
   * @param proxy {@code host:port} of an HTTP proxy for every stage call, or empty for direct
   * @param callTimeout deadline of status, prepare, commit and probe calls
   * @param profileTimeout deadline of a profile call (it runs every segment several times)
   */
  public HttpStageClient(Optional<String> proxy, Duration callTimeout, Duration profileTimeout) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    proxy
        .filter(p -> !p.isBlank())
        .ifPresent(
            p -> {
              int colon = p.lastIndexOf(':');
              builder.proxy(
                  ProxySelector.of(
                      new InetSocketAddress(
                          p.substring(0, colon), Integer.parseInt(p.substring(colon + 1)))));
            });
    this.http = builder.build();
    this.json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    this.callTimeout = callTimeout;
    this.profileTimeout = profileTimeout;
  }

  @Override
  public WorkerStatus status(URI stage, String token) {
    return call(stage, token, "/control/status", null, WorkerStatus.class, callTimeout);
  }

  @Override
  public ProfileReport profile(URI stage, String token, ProfileRequest request) {
    return call(stage, token, "/control/profile", request, ProfileReport.class, profileTimeout);
  }

  @Override
  public ProbeReport probe(URI stage, String token, ProbeRequest request) {
    return call(stage, token, "/control/probe", request, ProbeReport.class, profileTimeout);
  }

  @Override
  public PrepareResponse prepare(URI stage, String token, PrepareRequest request) {
    return call(stage, token, "/control/prepare", request, PrepareResponse.class, profileTimeout);
  }

  @Override
  public AssignmentStatus commit(URI stage, String token, long revision) {
    return call(
        stage,
        token,
        "/control/commit",
        new CommitRequest(revision),
        AssignmentStatus.class,
        callTimeout);
  }

  private <T> T call(
      URI stage, String token, String path, Object body, Class<T> type, Duration timeout) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(stage.resolve(path))
              .timeout(timeout)
              .header("Authorization", "Bearer " + token)
              .header("Accept", "application/json");
      if (body == null) {
        request.GET();
      } else {
        request
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      }
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw new StageCallException(
            stage, path, response.statusCode(), errorOf(response.body()), null);
      }
      return json.readValue(response.body(), type);
    } catch (IOException e) {
      throw new StageCallException(stage, path, 0, String.valueOf(e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StageCallException(stage, path, 0, "interrupted", e);
    }
  }

  private String errorOf(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.hasNonNull("error")) {
        return node.get("error").asText();
      }
    } catch (IOException e) {
      // not JSON: fall through to the raw text
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
