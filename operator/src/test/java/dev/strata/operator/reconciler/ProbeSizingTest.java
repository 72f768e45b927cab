package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ProbeSizingTest {
  private static final List<Long> CONFIGURED = List.of(65_536L, 1_048_576L);

  @Test
  void firstProbeOfALinkUsesTheConfiguredSizes() {
    assertEquals(CONFIGURED, ProbeSizing.sizes(OptionalDouble.empty(), CONFIGURED));
  }

  @Test
  void fastLinkIsProbedWithAboutFiftyMillisecondsOfData() {
    // 20 Mbit/s = 2.5 MB/s; 50 ms of it is 125,000 bytes.
    assertEquals(List.of(125_000L), ProbeSizing.sizes(OptionalDouble.of(20), CONFIGURED));
  }

  @Test
  void slowLinkGetsTheSmallestPayload() {
    assertEquals(List.of(16_384L), ProbeSizing.sizes(OptionalDouble.of(1), CONFIGURED));
  }

  @Test
  void veryFastLinkIsCappedAtTheLargestConfiguredSize() {
    assertEquals(List.of(1_048_576L), ProbeSizing.sizes(OptionalDouble.of(10_000), CONFIGURED));
  }
}
