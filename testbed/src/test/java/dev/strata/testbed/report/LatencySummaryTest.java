package dev.strata.testbed.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.testbed.load.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void percentilesUseTheSuccessfulSamplesOfTheWindow() {
    List<Sample> samples = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      samples.add(new Sample(i * 100, i, 200, 1));
    }
    samples.add(new Sample(5_000, 9_999, 503, 1));
    LatencySummary s = LatencySummary.of(samples, 0, 10_100);
    assertEquals(101, s.requests());
    assertEquals(1, s.failed());
    assertEquals(50, s.p50Millis());
    assertTrue(s.meanMillis() > 0);
    assertEquals(95, s.p95Millis());
    assertEquals(100 / 10.1, s.throughputRps(), 1e-9);
  }

  @Test
  void emptyWindowHasNoPercentiles() {
    LatencySummary s = LatencySummary.of(List.of(new Sample(0, 5, 200, 1)), 1_000, 2_000);
    assertEquals(0, s.requests());
    assertTrue(Double.isNaN(s.p50Millis()));
  }

  @Test
  void thePaceCorrectedMeanCountsTheRequestsASlowAnswerHeldBack() {
    // 100 ms answers count once; a 1600 ms answer at a 500 ms pace also stands for the two
    // requests not sent while it was out that would have waited at least the pace: 1100 and 600.
    List<Sample> samples =
        List.of(
            new Sample(0, 100, 200, 1),
            new Sample(500, 1600, 200, 1),
            new Sample(2100, 100, 200, 1),
            new Sample(2600, 9000, 503, 1));

    assertEquals(
        (100 + 1600 + 1100 + 600 + 100) / 5.0,
        LatencySummary.paceCorrectedMean(samples, 500),
        1e-9);
    assertEquals(
        (100 + 1600 + 100) / 3.0,
        LatencySummary.of(samples, 0, 3000).meanMillis(),
        1e-9,
        "the plain mean counts each answer once");
  }
}
