package dev.strata.runtime.oip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hop client against a live HTTP server on loopback: one that echoes the body with its headers,
 * and one path that never answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HopClientIT {
  private Vertx vertx;
  private HttpServer server;
  private HopClient client;
  private URI base;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  if (request.path().equals("/silent")) {
                    request.pause(); // reads nothing, answers nothing
                    return;
                  }
                  request.body().onSuccess(body -> answer(request, body));
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + server.actualPort());
    client = new HopClient(Duration.ofSeconds(2));
  }

  /** /chunked echoes in two chunks, /close echoes and closes, /busy answers 503, others echo. */
  private static void answer(HttpServerRequest request, Buffer body) {
    HttpServerResponse response = request.response();
    switch (request.path()) {
      case "/chunked" ->
          response
              .setChunked(true)
              .write(body.getBuffer(0, body.length() / 2))
              .compose(v -> response.end(body.getBuffer(body.length() / 2, body.length())));
      case "/close" ->
          response
              .putHeader("Connection", "close")
              .end(body)
              .onComplete(v -> request.connection().close());
      default ->
          response
              .setStatusCode(request.path().equals("/busy") ? 503 : 200)
              .putHeader("Retry-After", "3")
              .putHeader(
                  "Echo-Revision",
                  Optional.ofNullable(request.getHeader("Strata-Revision")).orElse("none"))
              .end(body);
    }
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void sendsTheBodyAndHeadersAndReturnsTheWholeReply() throws Exception {
    byte[] body = new byte[3 << 20];
    new Random(1).nextBytes(body);

    HopClient.Reply reply =
        client.post(
            base.resolve("/echo"), Map.of("Strata-Revision", "7"), body, Duration.ofSeconds(10));

    assertEquals(200, reply.status());
    assertArrayEquals(body, reply.body());
    assertEquals(Optional.of("7"), reply.header("echo-revision"));
    assertEquals(Optional.of("3"), reply.header("Retry-After"), "header names match any case");
  }

  @Test
  void anErrorStatusIsAReplyNotAnException() throws Exception {
    HopClient.Reply reply =
        client.post(base.resolve("/busy"), Map.of(), new byte[10], Duration.ofSeconds(10));

    assertEquals(503, reply.status());
  }

  @Test
  void aPeerThatNeverAnswersTimesOutAndTheClientKeepsWorking() throws Exception {
    // Several silent calls in a row: each must give its connection back.
    for (int i = 0; i < 6; i++) {
      assertThrows(
          TimeoutException.class,
          () ->
              client.post(
                  base.resolve("/silent"), Map.of(), new byte[100], Duration.ofMillis(200)));
    }

    // Calls that timed out waiting for a pooled connection must not be sent later and hold one.
    for (int i = 0; i < 5; i++) {
      HopClient.Reply reply =
          client.post(base.resolve("/echo"), Map.of(), new byte[] {1, 2}, Duration.ofSeconds(2));
      assertArrayEquals(new byte[] {1, 2}, reply.body());
    }
  }

  @Test
  void aChunkedReplyIsReadWhole() throws Exception {
    byte[] body = new byte[200_001];
    new Random(2).nextBytes(body);

    HopClient.Reply reply =
        client.post(base.resolve("/chunked"), Map.of(), body, Duration.ofSeconds(10));

    assertArrayEquals(body, reply.body());
  }

  @Test
  void aConnectionThePeerClosesIsNotReusedAndTheNextCallGetsANewOne() throws Exception {
    for (int i = 0; i < 3; i++) {
      HopClient.Reply reply =
          client.post(
              base.resolve("/close"), Map.of(), new byte[] {(byte) i}, Duration.ofSeconds(5));
      assertArrayEquals(new byte[] {(byte) i}, reply.body());
    }
  }

  @Test
  void aPooledConnectionThePeerClosedWhileIdleIsReplacedWithoutFailingTheCall() throws Exception {
    Vertx other = Vertx.vertx();
    AtomicBoolean closedByServer = new AtomicBoolean();
    try {
      HttpServer closing =
          other
              .createHttpServer(
                  new io.vertx.core.http.HttpServerOptions()
                      .setIdleTimeout(300)
                      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
              .connectionHandler(c -> c.closeHandler(v -> closedByServer.set(true)))
              .requestHandler(r -> r.body().onSuccess(b -> r.response().end(b)))
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      URI echo = URI.create("http://127.0.0.1:" + closing.actualPort() + "/echo");
      client.post(echo, Map.of(), new byte[] {1}, Duration.ofSeconds(5));
      // The server closes the idle connection after 300 ms; the client still holds it.
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilTrue(closedByServer);

      HopClient.Reply reply = client.post(echo, Map.of(), new byte[] {2}, Duration.ofSeconds(5));

      assertArrayEquals(new byte[] {2}, reply.body());
    } finally {
      other.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aLargeBodyToAPeerThatReadsNothingTimesOutInsteadOfBlockingTheWrite() {
    byte[] body = new byte[64 << 20]; // more than the socket buffers hold

    // Without the watchdog the write blocks for good; the bound only keeps a failure from hanging.
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () ->
            assertThrows(
                TimeoutException.class,
                () ->
                    client.post(base.resolve("/silent"), Map.of(), body, Duration.ofMillis(500))));
  }

  @Test
  void anUnreachablePeerIsAnIoException() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                client.post(
                    URI.create("http://127.0.0.1:" + closedPort + "/v2"),
                    Map.of(),
                    new byte[1],
                    Duration.ofSeconds(10)));
    assertEquals(true, e.getMessage().contains(Integer.toString(closedPort)), e.getMessage());
  }
}
