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
}
