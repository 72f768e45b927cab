package dev.strata.operator.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.operator.adapter.StageProtocol.ProbeReport;
import dev.strata.operator.adapter.StageProtocol.SizeResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeReportTest {

  @Test
  void bandwidthIsTheSlopeBetweenTwoSizes() {
    // 48 KiB more took 393 ms more: 1.0 Mbit/s, whatever the round trip or queue in front was.
    ProbeReport report =
        new ProbeReport(
            "http://fog:8080",
            400,
            List.of(
                new SizeResult(16_384, 531, null, 9e9), new SizeResult(65_536, 924.2, null, 9e9)),
            3,
            0);
    assertEquals(1.0, report.bandwidthMbps(), 0.01);
  }

  @Test
  void singleSizeUsesTheRuntimesFigure() {
    ProbeReport report =
        new ProbeReport("http://fog:8080", 4, List.of(new SizeResult(65_536, 30, null, 20)), 3, 0);
    assertEquals(20, report.bandwidthMbps());
  }

  @Test
  void fastestRepeatsGiveTheSlopeWhenTheRuntimeReportsThem() {
    // Medians slowed by our own requests on the link; the fastest repeats show 8 Mbit/s.
    ProbeReport report =
        new ProbeReport(
            "http://fog:8080",
            10,
            List.of(
                new SizeResult(16_384, 90, 26.4, 9e9), new SizeResult(65_536, 400, 75.552, 9e9)),
            3,
            0);
    assertEquals(8.0, report.bandwidthMbps(), 0.01);
  }

  @Test
  void slopeFromRepeatsOfDifferentMomentsIsCappedByTheLargeSizesOwnRate() {
    // The small size's fastest repeat waited behind a request, the large one's did not: the slope
    // says 65,000 Mbit/s; the large size alone says 2 Mbit/s.
    ProbeReport report =
        new ProbeReport(
            "http://fog:8080",
            20,
            List.of(
                new SizeResult(16_384, 300, 282.0, 9e9), new SizeResult(65_536, 400, 282.006, 2)),
            3,
            0);
    assertEquals(2.0, report.bandwidthMbps(), 0.01);
  }

  @Test
  void roundTripsSlowedByReverseTrafficDoNotLiftTheBoundWhenTheLinksFloorIsKnown() {
    // This probe's empty round trips waited behind bulk traffic in the other direction (257 ms);
    // the link's base round trip is 86 ms. 16 KiB in 217 ms is 1 Mbit/s once 86 ms are off.
    ProbeReport report =
        new ProbeReport(
            "http://edge:8080",
            257,
            List.of(
                new SizeResult(4_096, 260, 258.0, 9e9), new SizeResult(16_384, 300, 217.072, 9e9)),
            3,
            0);
    assertEquals(1.0, report.bandwidthMbps(86), 0.01);
  }
}
