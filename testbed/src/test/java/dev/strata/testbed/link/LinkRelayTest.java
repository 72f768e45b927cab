package dev.strata.testbed.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LinkRelayTest {
  @Test
  void chunksAreAboutTwoMillisecondsOfTheLinkBetweenAFrameAndSixteenKib() {
    assertEquals(1500, LinkRelay.chunkBytes(LinkSpec.mbit(1, 40)));
    assertEquals(5000, LinkRelay.chunkBytes(LinkSpec.mbit(20, 10)));
    assertEquals(12_500, LinkRelay.chunkBytes(LinkSpec.mbit(50, 30)));
    assertEquals(16 * 1024, LinkRelay.chunkBytes(LinkSpec.mbit(200, 1)));
  }
}
