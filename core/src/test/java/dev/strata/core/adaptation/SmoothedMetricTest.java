package dev.strata.core.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmoothedMetricTest {

  @Test
  void estimateMovesByTheSmoothingWeightTowardsEachSample() {
    SmoothedMetric m = new SmoothedMetric(0.5, 3, 100);
    m.observe(20);
    assertEquals(60, m.estimate(), 1e-12);
    m.observe(20);
    assertEquals(40, m.estimate(), 1e-12);
  }

  @Test
  void metricIsNotSettledBeforeItsWindowIsFull() {
    SmoothedMetric m = new SmoothedMetric(0.5, 3, 20);
    m.observe(2);
    assertFalse(m.isSettled(20, 0.2, Metric.Kind.BANDWIDTH));
    m.observe(2);
    m.observe(2);
    assertTrue(m.isSettled(20, 0.2, Metric.Kind.BANDWIDTH));
  }

  @Test
  void noisySamplesAllFarFromTheBaseHaveSettled() {
    SmoothedMetric m = new SmoothedMetric(0.5, 3, 20);
    m.observe(0.6);
    m.observe(1.9);
    m.observe(1.1);
    assertTrue(m.isSettled(20, 0.2, Metric.Kind.BANDWIDTH));
  }

  @Test
  void oneSampleBackNearTheBaseMeansNotSettled() {
    SmoothedMetric m = new SmoothedMetric(0.5, 3, 20);
    m.observe(2);
    m.observe(19);
    m.observe(2);
    assertFalse(m.isSettled(20, 0.2, Metric.Kind.BANDWIDTH));
  }

  @Test
  void samplesOnBothSidesOfTheBaseAreNotSettled() {
    SmoothedMetric m = new SmoothedMetric(0.5, 3, 20);
    m.observe(2);
    m.observe(40);
    m.observe(2);
    assertFalse(m.isSettled(20, 0.2, Metric.Kind.BANDWIDTH));
  }

  @Test
  void settlingJumpsTheEstimateToTheWindowMean() {
    SmoothedMetric m = new SmoothedMetric(0.5, 2, 100);
    m.observe(10);
    m.observe(12);
    m.settleAtWindowMean();
    assertEquals(11, m.estimate(), 1e-12);
  }

  @Test
  void changeDescriptionNamesLinkUnitAndPercent() {
    assertEquals(
        "link rpi-1->laptop bandwidth 20.1 -> 2.0 Mbit/s (-90%)",
        Metric.bandwidth("rpi-1", "laptop").describeChange(20.1, 2.01));
  }

  @Test
  void rttChangesBelowOneMillisecondAreMeasuredAgainstOneMillisecond() {
    assertEquals(
        "link a->b RTT 0.1 -> 0.3 ms (+20%)", Metric.rtt("a", "b").describeChange(0.1, 0.3));
  }

  @Test
  void settingsRejectNonPositiveDriftThreshold() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new AdaptationSettings(0, 0.05, Duration.ofSeconds(30), 0.5, 3, 0.02));
  }
}
