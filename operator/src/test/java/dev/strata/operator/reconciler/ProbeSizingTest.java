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
  void slowishLinkIsProbedWithAboutFiftyMillisecondsOfData() {
    // 5 Mbit/s = 625 kB/s; 50 ms of it is 31,250 bytes.
    assertEquals(List.of(7_812L, 31_250L), ProbeSizing.sizes(OptionalDouble.of(5), CONFIGURED));
  }

  @Test
  void slowLinkGetsTheSmallestPayload() {
    assertEquals(List.of(4_096L, 16_384L), ProbeSizing.sizes(OptionalDouble.of(1), CONFIGURED));
  }

  @Test
  void fastLinkIsCappedAtTheSmallestConfiguredSize() {
    assertEquals(List.of(16_384L, 65_536L), ProbeSizing.sizes(OptionalDouble.of(200), CONFIGURED));
  }
}
