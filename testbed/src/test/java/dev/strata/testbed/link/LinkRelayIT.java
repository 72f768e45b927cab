package dev.strata.testbed.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Measures a relay's delivered rate and round-trip time against the set ones. */
class LinkRelayIT {

  /** A server that answers every byte block with one byte, to time transfers and round trips. */
  private static ServerSocket acker() throws Exception {
    ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                  int size = in.readInt();
                  in.readFully(new byte[size]);
                  out.write(1);
                  out.flush();
                }
              } catch (Exception e) {
                // test over
              }
            });
    t.setDaemon(true);
    t.start();
    return server;
  }

  private static double roundTripMillis(Socket s, int bytes) throws Exception {
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    long t0 = System.nanoTime();
    java.io.DataOutputStream data = new java.io.DataOutputStream(out);
    data.writeInt(bytes);
    data.write(new byte[bytes]);
    data.flush();
    assertEquals(1, in.read());
    return (System.nanoTime() - t0) / 1e6;
  }

  @Test
  void deliversTheSetRateAndDelay() throws Exception {
    try (ServerSocket target = acker()) {
      ShapedLink link = new ShapedLink("edge-fog", LinkSpec.mbit(20, 10));
      try (LinkRelay relay =
              LinkRelay.start(
                  new InetSocketAddress("127.0.0.1", 0),
                  (InetSocketAddress) target.getLocalSocketAddress(),
                  link,
                  true);
          Socket s = new Socket()) {
        s.connect(relay.address());
        s.setTcpNoDelay(true);
        double rtt = roundTripMillis(s, 1); // 2 x 10 ms
        double bulk = roundTripMillis(s, 2_500_000); // 20 Mbit = 1000 ms, plus 20 ms
        double rateMbit = 2_500_000 * 8 / ((bulk - rtt) / 1000) / 1e6;
        System.out.printf(
            "relay: set 20 Mbit/s 10 ms; measured rtt %.1f ms, rate %.2f Mbit/s%n", rtt, rateMbit);
        // Lower bounds are what the emulation guarantees; upper bounds leave room for a loaded
        // machine.
        assertTrue(rtt >= 20 && rtt < 100, "rtt " + rtt);
        assertTrue(rateMbit > 14 && rateMbit <= 20.5, "rate " + rateMbit);

        link.set(LinkSpec.mbit(2, 10));
        double slow = roundTripMillis(s, 250_000); // 2 Mbit = 1000 ms at 2 Mbit/s
        double slowRate = 250_000 * 8 / ((slow - rtt) / 1000) / 1e6;
        assertTrue(slowRate > 1.4 && slowRate <= 2.05, "rate after the drop " + slowRate);
      }
    }
  }
}
