package dev.strata.testbed.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** A relay delivers the set rate and delay (measured through real sockets on loopback). */
class LinkRelayIT {

  // Lower bounds are what the emulation guarantees; upper bounds leave room for a loaded machine.

  @Test
  void deliversTheSetRateAndDelay() throws Exception {
    LinkCalibration.Measured m = LinkCalibration.measure("edge-fog", LinkSpec.mbit(20, 10));
    assertTrue(m.rttMillis() >= 20 && m.rttMillis() < 100, "rtt " + m.rttMillis());
    assertTrue(
        m.megabitsPerSecond() > 14 && m.megabitsPerSecond() <= 20.5,
        "rate " + m.megabitsPerSecond());
  }

  @Test
  void droppedLinkIsTenTimesSlower() throws Exception {
    LinkCalibration.Measured m = LinkCalibration.measure("edge-fog", LinkSpec.mbit(2, 10));
    assertTrue(
        m.megabitsPerSecond() > 1.4 && m.megabitsPerSecond() <= 2.05,
        "rate " + m.megabitsPerSecond());
  }

  @Test
  void smallMessageTakesTurnsWithABulkTransferInsteadOfWaitingForIt() throws Exception {
    LinkCalibration.Shared s = LinkCalibration.measureSharing(LinkSpec.mbit(2, 10), 2);
    // Sent a quarter into 2 s of bulk data, the small message is answered while the transfer goes
    // on; a link that queued whole messages would answer it only after the transfer. Its time
    // (about 150 ms here) is a figure of make bench-links, not of this test: on a loaded machine
    // it once took 836 ms.
    assertTrue(
        s.bulkAfterSmallMillis() > 0,
        "small message answered "
            + -s.bulkAfterSmallMillis()
            + " ms after the bulk transfer ended (it took "
            + s.smallMillis()
            + " ms)");
    assertTrue(s.bulkMillis() >= 2000, "bulk " + s.bulkMillis() + " ms");
  }

  @Test
  void aClientOfARelayWhoseTargetIsGoneIsDroppedAtOnce() throws Exception {
    InetSocketAddress gone;
    try (ServerSocket s = new ServerSocket(0)) {
      gone = new InetSocketAddress("127.0.0.1", s.getLocalPort()); // closed again: refused
    }
    ShapedLink link = new ShapedLink("edge-fog", LinkSpec.mbit(20, 10));
    try (LinkRelay relay =
            LinkRelay.start(new InetSocketAddress("127.0.0.1", 0), gone, link, true);
        Socket client = new Socket()) {
      client.connect(relay.address(), 5_000);
      // Left open by the relay, the read would wait for this timeout and fail the test.
      client.setSoTimeout(10_000);
      client.getOutputStream().write("POST / HTTP/1.1\r\n\r\n".getBytes());
      assertEquals(-1, readOrReset(client), "the relay closes the client's connection");
    }
  }

  /** The first byte read, -1 at end of stream, or -1 when the relay reset the connection. */
  private static int readOrReset(Socket client) throws IOException {
    try {
      return client.getInputStream().read();
    } catch (SocketException reset) {
      return -1;
    }
  }
}
