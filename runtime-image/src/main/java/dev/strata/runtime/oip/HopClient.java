package dev.strata.runtime.oip;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking HTTP/1.1 POSTs from this stage to another worker (the next stage, a probe's sink) on
 * plain sockets, with idle keep-alive connections kept per peer.
 *
 * <p>The caller's thread writes the request and reads the reply itself: no selector thread and no
 * executor between it and the socket. On loopback a 602 KB body reached a sink in 0.56-0.91 ms this
 * way against 1.5-1.9 ms through the JDK client (runtime README, "Between stages"). A Vert.x client
 * was faster too, but sometimes gave a connection whose exchange had timed out back to its pool,
 * which held the next calls behind the unanswered request. Here a connection goes back to the pool
 * only after a complete reply: a timed-out or broken exchange closes its socket.
 *
 * <p>The timeout covers the whole exchange, connecting, writing and reading: a watchdog closes the
 * socket when it runs out, which also frees a write blocked on a peer that reads nothing. A pooled
 * connection the peer closed while idle fails before any reply byte; such a request is sent once
 * more on a new connection.
 */
public final class HopClient implements AutoCloseable {
  private static final int MAX_IDLE_PER_PEER = 16;
  private static final int MAX_HEAD_BYTES = 64 << 10;

  private final Duration connectTimeout;
  private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor watchdog;

  /** A reply: status, headers (names in lower case) and the whole body. */
  public record Reply(int status, Map<String, String> headers, byte[] body) {

    public Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  /**
   * @param connectTimeout the longest wait for a new connection, within the exchange's timeout
   */
  public HopClient(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
    this.watchdog =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread t = new Thread(task, "strata-hop-watchdog");
              t.setDaemon(true);
              return t;
            });
    watchdog.setRemoveOnCancelPolicy(true);
  }

  /**
   * POSTs {@code body} to {@code target} and waits for the whole reply.
   *
   * @param timeout time for the whole exchange
   * @throws TimeoutException when no complete reply came within {@code timeout}
   * @throws IOException when the peer cannot be reached, breaks the connection or answers something
   *     that is not HTTP/1.x
   */
  public Reply post(URI target, Map<String, String> headers, byte[] body, Duration timeout)
      throws IOException, TimeoutException, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before posting to " + target);
    }
    long deadline = System.nanoTime() + Math.max(timeout.toNanos(), 0);
    String peer = host(target) + ":" + port(target);
    byte[] head = head(target, headers, body.length);
    Connection pooled = idle.computeIfAbsent(peer, p -> new ConcurrentLinkedDeque<>()).pollFirst();
    if (pooled != null) {
      try {
        return exchange(pooled, peer, head, body, deadline, target);
      } catch (StaleConnectionException e) {
        // The peer closed it while it was idle; nothing of this request was answered.
      }
    }
    try {
      return exchange(connect(target, deadline), peer, head, body, deadline, target);
    } catch (StaleConnectionException e) {
      throw new IOException(target + ": connection closed before any reply", e.getCause());
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    idle.values().forEach(deque -> deque.forEach(Connection::close));
    idle.clear();
  }

  private Connection connect(URI target, long deadline) throws IOException, TimeoutException {
    long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (remainingMs <= 0) {
      throw new TimeoutException(target + ": the exchange's time ran out before connecting");
    }
    int waitMs = (int) Math.min(remainingMs, connectTimeout.toMillis());
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host(target), port(target)), Math.max(1, waitMs));
    } catch (SocketTimeoutException e) {
      socket.close();
      if (waitMs == remainingMs) {
        TimeoutException timedOut = new TimeoutException(target + ": no connection within time");
        timedOut.initCause(e);
        throw timedOut;
      }
      throw new IOException(target + ": cannot connect within " + connectTimeout, e);
    } catch (IOException e) {
      socket.close();
      throw new IOException(target + ": " + e, e);
    }
    return new Connection(socket);
  }

  private Reply exchange(
      Connection c, String peer, byte[] head, byte[] body, long deadline, URI target)
      throws IOException, TimeoutException, StaleConnectionException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      release(peer, c);
      throw new TimeoutException(target + ": the exchange's time ran out");
    }
    ScheduledFuture<?> alarm = watchdog.schedule(c::expire, remaining, TimeUnit.NANOSECONDS);
    Parsed parsed;
    try {
      c.out.write(head);
      c.out.write(body);
      c.out.flush();
      parsed = read(c);
    } catch (IOException e) {
      c.close();
      if (c.expired) {
        TimeoutException timedOut =
            new TimeoutException(target + ": no complete reply within the exchange's time");
        timedOut.initCause(e);
        throw timedOut;
      }
      if (c.reused && !c.replyStarted) {
        throw new StaleConnectionException(e);
      }
      throw new IOException(target + ": " + e, e);
    } finally {
      alarm.cancel(false);
    }
    if (parsed.keepAlive && !c.expired) {
      c.reused = true;
      c.replyStarted = false;
      release(peer, c);
    } else {
      c.close();
    }
    return parsed.reply;
  }

  private void release(String peer, Connection c) {
    Deque<Connection> deque = idle.computeIfAbsent(peer, p -> new ConcurrentLinkedDeque<>());
    if (deque.size() >= MAX_IDLE_PER_PEER) {
      c.close();
    } else {
      deque.offerFirst(c);
    }
  }

  private static byte[] head(URI target, Map<String, String> headers, int length) {
    String path =
        target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(path);
    if (target.getRawQuery() != null) {
      head.append('?').append(target.getRawQuery());
    }
    head.append(" HTTP/1.1\r\nHost: ").append(target.getHost()).append(':').append(port(target));
    head.append("\r\nContent-Length: ").append(length).append("\r\n");
    headers.forEach(
        (name, value) -> {
          if (name.indexOf('\n') >= 0
              || value.indexOf('\n') >= 0
              || name.indexOf('\r') >= 0
              || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("header " + name + " has a line break");
          }
          head.append(name).append(": ").append(value).append("\r\n");
        });
    return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The host without the brackets of an IPv6 literal. */
  private static String host(URI target) {
    String host = target.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static int port(URI target) {
    return target.getPort() >= 0 ? target.getPort() : 80;
  }

  /** A reply and whether its connection may carry the next request. */
  private record Parsed(Reply reply, boolean keepAlive) {}

  private static Parsed read(Connection c) throws IOException {
    while (true) {
      String status = line(c);
      String[] parts = status.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.x reply: " + status);
      }
      int code;
      try {
        code = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status: " + status, e);
      }
      Map<String, String> headers = new TreeMap<>();
      for (String h = line(c); !h.isEmpty(); h = line(c)) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          throw new IOException("malformed header line: " + h);
        }
        headers.putIfAbsent(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      if (code >= 100 && code < 200) {
        continue; // an interim reply; the real one follows
      }
      boolean keepAlive =
          parts[0].equals("HTTP/1.1")
              && !headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("close");
      byte[] body;
      if (headers
          .getOrDefault("transfer-encoding", "")
          .toLowerCase(Locale.ROOT)
          .contains("chunked")) {
        body = chunked(c);
      } else if (headers.containsKey("content-length")) {
        body = exactly(c.in, contentLength(headers.get("content-length")));
      } else if (code == 204 || code == 304) {
        body = new byte[0];
      } else {
        body = c.in.readAllBytes();
        keepAlive = false;
      }
      return new Parsed(new Reply(code, headers, body), keepAlive);
    }
  }

  private static int contentLength(String value) throws IOException {
    try {
      long n = Long.parseLong(value.trim());
      if (n < 0 || n > Integer.MAX_VALUE - 8) {
        throw new IOException("content-length out of range: " + value);
      }
      return (int) n;
    } catch (NumberFormatException e) {
      throw new IOException("malformed content-length: " + value, e);
    }
  }

  private static byte[] chunked(Connection c) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(c);
      int semicolon = size.indexOf(';');
      int n;
      try {
        n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size: " + size, e);
      }
      if (n == 0) {
        while (!line(c).isEmpty()) {
          // trailers: not used
        }
        return body.toByteArray();
      }
      body.write(exactly(c.in, n));
      if (!line(c).isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private static byte[] exactly(InputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException("connection closed after " + bytes.length + " of " + n + " bytes");
    }
    return bytes;
  }

  /** One line without its CRLF, ISO-8859-1. */
  private static String line(Connection c) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = c.in.read();
      if (b < 0) {
        throw new EOFException("connection closed while reading the reply's head");
      }
      c.replyStarted = true;
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      if (line.length() >= MAX_HEAD_BYTES) {
        throw new IOException("reply head line longer than " + MAX_HEAD_BYTES + " bytes");
      }
      line.append((char) b);
    }
  }

  /** A connection to one peer, used by one exchange at a time. */
  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean expired;
    private boolean reused;
    private boolean replyStarted;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 64 << 10);
      this.out = socket.getOutputStream();
    }

    /** Called by the watchdog: unblocks the exchange's thread by closing the socket. */
    void expire() {
      expired = true;
      close();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** A pooled connection failed before any reply byte: the peer closed it while idle. */
  private static final class StaleConnectionException extends Exception {
    StaleConnectionException(IOException cause) {
      super(cause);
    }
  }
}
