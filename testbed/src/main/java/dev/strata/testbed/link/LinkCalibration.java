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
 * through a real relay on loopback: round-trip time of a 1-byte message (median of 9) and the rate
 * of a bulk transfer (net of one round trip).
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
    Files.createDirectories(results);
    Files.writeString(results.resolve("links.md"), "# Emulated link accuracy\n\n" + table);
    System.out.print(table);
    System.out.printf(
        Locale.ROOT,
        "BENCH links worst_rate_error=%.3f worst_rtt_excess_ms=%.1f%n",
        worstRate,
        worstRtt);
  }

  /** Measures one link spec through a relay to a local acknowledging server. */
  public static Measured measure(String name, LinkSpec spec) throws IOException {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acker = new Thread(() -> acknowledge(target), "acker");
      acker.setDaemon(true);
      acker.start();
      ShapedLink link = new ShapedLink(name, spec);
      try (LinkRelay relay =
              LinkRelay.start(
                  new InetSocketAddress("127.0.0.1", 0),
                  (InetSocketAddress) target.getLocalSocketAddress(),
                  link,
                  true);
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

  private static void acknowledge(ServerSocket server) {
    try (Socket s = server.accept()) {
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
