package dev.strata.testbed.link;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code make bench-links}: measures what the emulated links deliver against what they are set to,
 * through a real relay on loopback: round-trip time of a 1-byte message (median of 9), the rate of
 * a bulk transfer (net of one round trip), and how a small message fares next to a bulk one.
 */
public final class LinkCalibration {
  private LinkCalibration() {}

  /** One link's set and measured figures. */
  public record Measured(String link, LinkSpec set, double rttMillis, double megabitsPerSecond) {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results");
    Map<String, LinkSpec> links = new LinkedHashMap<>();
    links.put("edge-fog", LinkSpec.mbit(20, 10));
    links.put("fog-cloud", LinkSpec.mbit(50, 30));
    links.put("edge-cloud", LinkSpec.mbit(10, 40));
    links.put("edge-fog (dropped)", LinkSpec.mbit(2, 10));
    StringBuilder table =
        new StringBuilder(
            "| link | set rate Mbit/s | measured Mbit/s | set RTT ms (2 x delay) | measured RTT ms |\n|---|---|---|---|---|\n");
    double worstRate = 0;
    double worstRtt = 0;
    for (Map.Entry<String, LinkSpec> e : links.entrySet()) {
      Measured m = measure(e.getKey(), e.getValue());
      double setRtt = 2 * e.getValue().delay().toMillis();
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.2f | %.0f | %.1f |%n",
              m.link(),
              e.getValue().megabitsPerSecond(),
              m.megabitsPerSecond(),
              setRtt,
              m.rttMillis()));
      worstRate =
          Math.max(
              worstRate, Math.abs(m.megabitsPerSecond() / e.getValue().megabitsPerSecond() - 1));
      worstRtt = Math.max(worstRtt, m.rttMillis() - setRtt);
    }
    LinkSpec dropped = LinkSpec.mbit(2, 10);
    Shared shared = measureSharing(dropped, 2);
    table.append(
        String.format(
            Locale.ROOT,
            "%nSharing: a 16 KiB message sent over the dropped edge-fog link (2 Mbit/s) while another"
                + " connection pushes 2 s of bulk data took %.0f ms (alone: about %.0f ms; queued behind"
                + " the rest of the transfer, which it joins a quarter in, about 1500 ms); the bulk"
                + " transfer took %.0f ms.%n",
            shared.smallMillis(),
            2 * dropped.delay().toMillis() + 16 * 1024 * 8 / dropped.megabitsPerSecond() / 1000,
            shared.bulkMillis()));
    Files.createDirectories(results);
    Files.writeString(results.resolve("links.md"), "# Emulated link accuracy\n\n" + table);
    System.out.print(table);
    System.out.printf(
        Locale.ROOT,
        "BENCH links worst_rate_error=%.3f worst_rtt_excess_ms=%.1f shared_small_ms=%.0f%n",
        worstRate,
        worstRtt,
        shared.smallMillis());
  }

  /** Measures one link spec through a relay to a local acknowledging server. */
  public static Measured measure(String name, LinkSpec spec) throws IOException {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      acknowledgeEveryConnection(target);
      try (LinkRelay relay = relayTo(target, new ShapedLink(name, spec));
          Socket s = new Socket()) {
        s.connect(relay.address());
        s.setTcpNoDelay(true);
        double[] rtts = new double[9];
        for (int i = 0; i < rtts.length; i++) {
          rtts[i] = roundTrip(s, 1);
        }
        Arrays.sort(rtts);
        double rtt = rtts[rtts.length / 2];
        int bulk = (int) Math.min(4_000_000, spec.bitsPerSecond() / 8); // about one second of data
        double millis = roundTrip(s, bulk);
        return new Measured(name, spec, rtt, bulk * 8 / ((millis - rtt) / 1000) / 1e6);
      }
    }
  }

  /**
   * How long a 16 KiB message takes through {@code spec} while another connection pushes a bulk
   * transfer of {@code bulkSeconds} of data over the same link direction, and how long the bulk
   * transfer takes: the share a probe gets next to a request. A link that queued whole messages
   * would make the small one wait for the whole transfer.
   *
   * @param bulkAfterSmallMillis how long the bulk transfer went on after the small message was
   *     answered: negative when the small message waited for it
   */
  public record Shared(double smallMillis, double bulkMillis, double bulkAfterSmallMillis) {}

  public static Shared measureSharing(LinkSpec spec, double bulkSeconds)
      throws IOException, InterruptedException {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      acknowledgeEveryConnection(target);
      try (LinkRelay relay = relayTo(target, new ShapedLink("shared", spec));
          Socket bulk = new Socket();
          Socket small = new Socket()) {
        bulk.connect(relay.address());
        small.connect(relay.address());
        small.setTcpNoDelay(true);
        roundTrip(small, 1); // both connections are open before the transfer starts
        int bytes = (int) (spec.bitsPerSecond() / 8 * bulkSeconds);
        double[] bulkMillis = new double[1];
        long[] bulkEnd = new long[1];
        Thread sender =
            new Thread(
                () -> {
                  try {
                    bulkMillis[0] = roundTrip(bulk, bytes);
                  } catch (IOException e) {
                    bulkMillis[0] = Double.NaN;
                  }
                  bulkEnd[0] = System.nanoTime();
                },
                "bulk");
        sender.start();
        Thread.sleep((long) (bulkSeconds * 1000 / 4)); // well inside the transfer
        double smallMillis = roundTrip(small, 16 * 1024);
        long smallEnd = System.nanoTime();
        sender.join();
        return new Shared(smallMillis, bulkMillis[0], (bulkEnd[0] - smallEnd) / 1e6);
      }
    }
  }

  private static LinkRelay relayTo(ServerSocket target, ShapedLink link) throws IOException {
    return LinkRelay.start(
        new InetSocketAddress("127.0.0.1", 0),
        (InetSocketAddress) target.getLocalSocketAddress(),
        link,
        true);
  }

  /** Answers every message on every connection to {@code server} with one byte. */
  private static void acknowledgeEveryConnection(ServerSocket server) {
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  Thread t = new Thread(() -> acknowledge(s), "acker");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return; // the measurement is over
                }
              }
            },
            "acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void acknowledge(Socket socket) {
    try (Socket s = socket) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        int size = in.readInt();
        in.readFully(new byte[size]);
        out.write(1);
        out.flush();
      }
    } catch (IOException e) {
      // the measurement is over
    }
  }

  private static double roundTrip(Socket s, int bytes) throws IOException {
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    InputStream in = s.getInputStream();
    long t0 = System.nanoTime();
    out.writeInt(bytes);
    out.write(new byte[bytes]);
    out.flush();
    if (in.read() != 1) {
      throw new IOException("the acknowledging server closed the connection");
    }
    return (System.nanoTime() - t0) / 1e6;
  }
}
