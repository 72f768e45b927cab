package dev.strata.runtime.engine;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server that answers every path with the same model bytes and counts requests. */
public final class FakeModelServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  public FakeModelServer(byte[] model) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(200, model.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(model);
          }
        });
    server.start();
  }

  /** {@code http://127.0.0.1:<port>} followed by {@code path}. */
  public String uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path).toString();
  }

  /** Requests answered so far. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
