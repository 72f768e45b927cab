package dev.strata.testbed.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransmitterTest {
  private static final LinkSpec TEN_MBIT_5MS = LinkSpec.mbit(10, 5);

  @Test
  void idleLinkDeliversAfterSerializationAndDelay() {
    Transmitter t = new Transmitter();
    // 12,500 bytes = 100,000 bits = 10 ms at 10 Mbit/s, plus 5 ms of delay.
    assertEquals(15_000_000L, t.deliveryTime(0, 12_500, TEN_MBIT_5MS));
  }

  @Test
  void backToBackChunksQueueBehindEachOther() {
    Transmitter t = new Transmitter();
    t.deliveryTime(0, 12_500, TEN_MBIT_5MS);
    assertEquals(25_000_000L, t.deliveryTime(0, 12_500, TEN_MBIT_5MS));
  }

  @Test
  void linkThatWentIdleStartsFresh() {
    Transmitter t = new Transmitter();
    t.deliveryTime(0, 12_500, TEN_MBIT_5MS);
    assertEquals(115_000_000L, t.deliveryTime(100_000_000L, 12_500, TEN_MBIT_5MS));
  }

  @Test
  void rateChangeAppliesToLaterBytes() {
    Transmitter t = new Transmitter();
    t.deliveryTime(0, 12_500, TEN_MBIT_5MS);
    assertEquals(
        10_000_000L + 100_000_000L + 5_000_000L, t.deliveryTime(0, 12_500, LinkSpec.mbit(1, 5)));
  }

  @Test
  void sendersWaitOnlyForTheBacklogBeyondTheQueue() {
    Transmitter t = new Transmitter();
    Duration queue = Duration.ofMillis(2);
    assertEquals(0, t.admissionWait(0, queue));
    t.deliveryTime(0, 12_500, TEN_MBIT_5MS); // busy for 10 ms
    assertEquals(8_000_000L, t.admissionWait(0, queue));
    assertEquals(0, t.admissionWait(8_000_000L, queue));
    assertEquals(0, t.admissionWait(50_000_000L, queue));
  }
}
