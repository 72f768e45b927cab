package dev.strata.testbed.link;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
    // Behind the whole transfer it would take about 1.5 s (three quarters of 2 s are left).
    assertTrue(s.smallMillis() < 750, "small message " + s.smallMillis() + " ms");
    assertTrue(s.bulkMillis() >= 2000, "bulk " + s.bulkMillis() + " ms");
  }
}
