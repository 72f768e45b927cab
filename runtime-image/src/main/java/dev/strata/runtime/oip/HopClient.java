package dev.strata.runtime.oip;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * Blocking HTTP/1.1 POSTs from this stage to another worker (the next stage, a probe's sink) over
 * the worker's JDK client, which keeps connections alive per peer and closes one whose exchange
 * timed out.
 *
 * <p>A Vert.x client moved a 12.8 MB hop in 31.8 ms instead of 52.7 ms on loopback, but a
 * connection whose exchange had timed out sometimes went back to its pool and held the next calls
 * behind the unanswered request (HopClientIT failed 1 run in 4); it is not used until that is
 * understood.
 */
public final class HopClient {
  private final HttpClient client;

  /** A reply: status, headers (names in lower case) and the whole body. */
  public record Reply(int status, Map<String, String> headers, byte[] body) {

    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  /**
   * @param client the worker's HTTP/1.1 client (its connect timeout applies)
   */
  public HopClient(HttpClient client) {
    this.client = client;
  }

  /**
   * POSTs {@code body} to {@code target} and waits for the whole reply.
   *
   * @param timeout time for the whole exchange
   * @throws TimeoutException when no complete reply came within {@code timeout}
   * @throws IOException when the peer cannot be reached or the connection breaks
   */
  public Reply post(URI target, Map<String, String> headers, byte[] body, Duration timeout)
      throws IOException, TimeoutException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(timeout.isZero() || timeout.isNegative() ? Duration.ofMillis(1) : timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      TimeoutException timedOut = new TimeoutException(target + ": " + e.getMessage());
      timedOut.initCause(e);
      throw timedOut;
    } catch (IOException e) {
      throw new IOException(target + ": " + e, e);
    }
    Map<String, String> names = new TreeMap<>();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                names.put(name.toLowerCase(Locale.ROOT), values.get(0));
              }
            });
    return new Reply(response.statusCode(), names, response.body());
  }
}
