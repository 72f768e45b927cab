package dev.strata.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRatioTest {

  @Test
  void onePairIsItsOwnRatioWithoutAnInterval() {
    PairedRatio r = PairedRatio.of(List.of(420.0), List.of(400.0));

    assertEquals(1, r.pairs());
    assertEquals(1.05, r.ratio(), 1e-12);
    assertEquals(1.05, r.lowest(), 1e-12);
    assertEquals(1.05, r.highest(), 1e-12);
    assertTrue(Double.isNaN(r.low95()) && Double.isNaN(r.high95()));
  }

  @Test
  void theRatioPoolsTheMeansAndTheIntervalIsStudentsOnTheLogRatios() {
    // Pair ratios 1.1 and 1.0: log ratios 0.0953 and 0, mean 0.0477, standard error 0.0477,
    // t(1 degree of freedom) 12.706.
    PairedRatio r = PairedRatio.of(List.of(110.0, 100.0), List.of(100.0, 100.0));

    assertEquals(1.05, r.ratio(), 1e-12);
    assertEquals(1.0, r.lowest(), 1e-12);
    assertEquals(1.1, r.highest(), 1e-12);
    double mean = Math.log(1.1) / 2;
    assertEquals(Math.exp(mean - 12.706 * mean), r.low95(), 1e-9);
    assertEquals(Math.exp(mean + 12.706 * mean), r.high95(), 1e-9);
  }

  @Test
  void pairsThatAgreeGiveANarrowInterval() {
    PairedRatio r =
        PairedRatio.of(List.of(101.0, 99.0, 100.0, 102.0), List.of(100.0, 98.0, 99.0, 101.0));

    assertTrue(r.low95() > 1.0 && r.high95() < 1.02, r.toString());
  }

  @Test
  void unmatchedRunsAreAnError() {
    assertThrows(
        IllegalArgumentException.class, () -> PairedRatio.of(List.of(1.0, 2.0), List.of(1.0)));
    assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(List.of(), List.of()));
  }
}
