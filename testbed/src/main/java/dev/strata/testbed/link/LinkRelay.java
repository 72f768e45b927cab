package dev.strata.testbed.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay that listens at one address and forwards every connection to a target through an
 * emulated link: each chunk is delivered after the link's serialization time (shared with the other
 * connections on the link) and its one-way delay. A chunk joins the link only while less than
 * {@link #QUEUE} of serialization waits ahead of it, so a fast sender feels the link's rate through
 * TCP back-pressure and concurrent connections share the rate chunk by chunk. A chunk is at most
 * about {@link #CHUNK_TIME} of serialization (at least {@link #MIN_CHUNK}, an Ethernet frame): a
 * fixed 16 KiB chunk would hold a small message back 131 ms behind one chunk of a bulk transfer on
 * a 1 Mbit/s link, where a router holds it back one packet (12 ms).
 */
public final class LinkRelay implements AutoCloseable {
  private static final int CHUNK = 16 * 1024;
  static final int MIN_CHUNK = 1500;
  static final Duration CHUNK_TIME = Duration.ofMillis(2);
  private static final int IN_FLIGHT_CHUNKS = 256;

  /** Serialization time a link direction queues before it holds senders back (router buffer). */
  static final Duration QUEUE = Duration.ofMillis(10);

  private static final byte[] END = new byte[0];

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final ShapedLink link;
  private final boolean fromFirstNode;
  private final ExecutorService threads = Executors.newCachedThreadPool(daemon());
  private volatile boolean closed;

  private LinkRelay(
      ServerSocket server, InetSocketAddress target, ShapedLink link, boolean fromFirstNode) {
    this.server = server;
    this.target = target;
    this.link = link;
    this.fromFirstNode = fromFirstNode;
  }

  /**
   * Starts a relay from {@code listen} to {@code target} over {@code link}; {@code fromFirstNode}
   * says which direction of the link the client-to-target bytes take.
   */
  public static LinkRelay start(
      InetSocketAddress listen, InetSocketAddress target, ShapedLink link, boolean fromFirstNode)
      throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen);
    LinkRelay relay = new LinkRelay(server, target, link, fromFirstNode);
    relay.threads.execute(relay::acceptLoop);
    return relay;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client = null;
      try {
        client = server.accept();
        relay(client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
        // A refused upstream connection drops this client only, at once, as an unreachable host
        // would; left open, the client waited for its own timeout (30 s in the bench).
        if (client != null) {
          closeQuietly(client);
        }
      }
    }
  }

  private void relay(Socket client) throws IOException {
    Socket upstream = new Socket();
    upstream.connect(target, 5_000);
    client.setTcpNoDelay(true);
    upstream.setTcpNoDelay(true);
    AtomicInteger open = new AtomicInteger(2);
    Runnable closeBoth =
        () -> {
          closeQuietly(client);
          closeQuietly(upstream);
        };
    Runnable finished =
        () -> {
          if (open.decrementAndGet() == 0) {
            closeBoth.run();
          }
        };
    pipe(client, upstream, link.direction(fromFirstNode), finished, closeBoth);
    pipe(upstream, client, link.direction(!fromFirstNode), finished, closeBoth);
  }

  /**
   * Copies {@code from} to {@code to} through {@code transmitter}; a clean end half-closes {@code
   * to} and calls {@code finished}, a failure calls {@code abort}.
   */
  private void pipe(
      Socket from, Socket to, Transmitter transmitter, Runnable finished, Runnable abort) {
    record Chunk(long deliverAt, byte[] bytes) {}
    BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(IN_FLIGHT_CHUNKS);
    threads.execute(
        () -> {
          byte[] buffer = new byte[CHUNK];
          try {
            InputStream in = from.getInputStream();
            int n;
            while ((n = in.read(buffer, 0, chunkBytes(link.spec()))) > 0) {
              long wait;
              while ((wait = transmitter.admissionWait(System.nanoTime(), QUEUE)) > 0) {
                LockSupport.parkNanos(wait);
              }
              long at = transmitter.deliveryTime(System.nanoTime(), n, link.spec());
              queue.put(new Chunk(at, Arrays.copyOf(buffer, n)));
            }
          } catch (IOException | InterruptedException e) {
            // The connection ended; the writer closes the other side.
          }
          queue.offer(new Chunk(System.nanoTime() + link.spec().delay().toNanos(), END));
        });
    threads.execute(
        () -> {
          try {
            OutputStream out = to.getOutputStream();
            while (true) {
              Chunk chunk = queue.take();
              long wait;
              while ((wait = chunk.deliverAt() - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
              }
              if (chunk.bytes() == END) {
                to.shutdownOutput();
                finished.run();
                return;
              }
              out.write(chunk.bytes());
              out.flush();
            }
          } catch (IOException | InterruptedException e) {
            abort.run();
          }
        });
  }

  /** Largest chunk at {@code spec}'s rate: {@link #CHUNK_TIME} of it, within [1500 B, 16 KiB]. */
  static int chunkBytes(LinkSpec spec) {
    long bytes = spec.bitsPerSecond() / 8 * CHUNK_TIME.toNanos() / 1_000_000_000L;
    return (int) Math.max(MIN_CHUNK, Math.min(CHUNK, bytes));
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "link-relay");
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // nothing to release
    }
    threads.shutdownNow();
  }
}
