package dev.strata.runtime.oip;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Blocking HTTP/1.1 POSTs from this stage to another worker (the next stage, a probe's sink) over
 * one Vert.x client with a keep-alive pool per peer. The body goes out in one write and the reply
 * is aggregated by the event loop: the JDK client took about 2 ms longer per 602 KB hop on
 * loopback, moving the body through its flow in 16 KiB pieces and thread hand-offs.
 *
 * <p>Call it from worker threads only: {@link #post} waits for the reply.
 */
public final class HopClient implements AutoCloseable {
  private final HttpClient client;

  /** A reply: status, headers (names in lower case) and the whole body. */
  public record Reply(int status, Map<String, String> headers, byte[] body) {

    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  /**
   * @param connectTimeout how long opening a connection to a peer may take
   * @param connectionsPerPeer keep-alive connections kept per peer; requests beyond wait for one
   */
  public HopClient(Vertx vertx, Duration connectTimeout, int connectionsPerPeer) {
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()))
                .setMaxPoolSize(connectionsPerPeer));
  }

  /**
   * POSTs {@code body} to {@code target} and waits for the whole reply.
   *
   * @param timeout time for the whole exchange; the connection is dropped when it runs out
   * @throws TimeoutException when no complete reply came within {@code timeout}
   * @throws IOException when the peer cannot be reached or the connection breaks
   */
  public Reply post(URI target, Map<String, String> headers, byte[] body, Duration timeout)
      throws IOException, TimeoutException, InterruptedException {
    long millis = Math.max(1, timeout.toMillis());
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(target.toString())
            .setTimeout(millis)
            // Also bounds the wait for a free pooled connection.
            .setConnectTimeout(millis);
    headers.forEach(options::putHeader);
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    AtomicBoolean abandoned = new AtomicBoolean();
    CompletableFuture<Reply> reply =
        client
            .request(options)
            .compose(
                request -> {
                  sent.set(request);
                  if (abandoned.get()) {
                    // The caller gave up while this waited for a connection: never send it.
                    request.reset();
                    return io.vertx.core.Future.failedFuture(new TimeoutException("abandoned"));
                  }
                  return request.send(Buffer.buffer(body));
                })
            .compose(response -> response.body().map(b -> reply(response, b)))
            .toCompletionStage()
            .toCompletableFuture();
    try {
      // Vert.x fails the exchange when no data moves for `millis`; this bounds the whole of it.
      return reply.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      abandoned.set(true);
      Optional.ofNullable(sent.get()).ifPresent(HttpClientRequest::reset);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TimeoutException t) {
        throw t;
      }
      throw new IOException(String.valueOf(cause), cause);
    }
  }

  private static Reply reply(HttpClientResponse response, Buffer body) {
    Map<String, String> headers = new TreeMap<>();
    response.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    return new Reply(response.statusCode(), headers, body.getBytes());
  }

  @Override
  public void close() {
    client.close();
  }
}
