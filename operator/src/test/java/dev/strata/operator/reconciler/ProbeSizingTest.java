package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
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
  void aProbeMayTakeThreeTimesWhatItsCallsAndBytesTakeAtTheLastEstimate() {
    // 20 Mbit/s, 24 ms: 1 + 3 x 3 = 10 calls (240 ms) and 3 x 156,250 bytes (187.5 ms).
    List<Long> sizes = List.of(31_250L, 125_000L);
    assertEquals(
        OptionalLong.of(1283),
        ProbeSizing.budgetMs(Optional.of(new LinkEstimate(20, 24)), sizes, 3));
    assertEquals(OptionalLong.empty(), ProbeSizing.budgetMs(Optional.empty(), sizes, 3));
    assertEquals(
        OptionalLong.of(ProbeSizing.MIN_BUDGET_MS),
        ProbeSizing.budgetMs(Optional.of(new LinkEstimate(10_000, 0)), List.of(16L), 1));
  }

  @Test
  void fastLinkIsCappedAtTheSmallestConfiguredSize() {
    assertEquals(List.of(16_384L, 65_536L), ProbeSizing.sizes(OptionalDouble.of(200), CONFIGURED));
  }
}
