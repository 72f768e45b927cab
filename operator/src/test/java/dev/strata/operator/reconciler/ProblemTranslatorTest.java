package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.PipelineObjective;
import dev.strata.api.v1alpha1.Slo;
import dev.strata.core.placement.Objective;
import dev.strata.core.placement.PlanningProblem;
import dev.strata.core.placement.SegmentRange;
import dev.strata.core.placement.Tier;
import dev.strata.operator.adapter.StageProtocol.SegmentProfile;
import dev.strata.operator.testing.Pipelines;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemTranslatorTest {

  private static final long GIB = 1L << 30;

  private static CandidateNode node(String name, Tier tier, int index) {
    return new CandidateNode(
        name, tier.name().toLowerCase(), index, tier, 8 * GIB, 0.25, tier.defaultPower());
  }

  private static List<SegmentProfile> profile(double factor) {
    return List.of(
        new SegmentProfile(0, 10 * factor, 100, 600, 400, 60L),
        new SegmentProfile(1, 20 * factor, 200, 400, 40, 50L));
  }

  private final InferencePipeline cr = Pipelines.of("cam", "edge", "cloud");
  private final List<CandidateNode> nodes =
      List.of(node("e", Tier.EDGE, 0), node("c", Tier.CLOUD, 1));

  /** The problem from these profiles, with no link measured yet and a 2 GiB stage limit. */
  private PlanningProblem translated(Map<String, List<SegmentProfile>> profiles) {
    return ProblemTranslator.translate(cr, nodes, profiles, Map.of(), 2 * GIB).orElseThrow();
  }

  @Test
  void measurementsBecomeAPlanningProblemFromTheFirstTier() {
    cr.getSpec().setObjective(PipelineObjective.ENERGY);
    cr.getSpec().setSlo(new Slo(250.0));
    PlanningProblem p =
        ProblemTranslator.translate(
                cr,
                nodes,
                Map.of("e", profile(4), "c", profile(1)),
                Map.of(PipelineState.linkKey("e", "c"), new LinkEstimate(50, 4)),
                2 * GIB)
            .orElseThrow();
    assertEquals("e", p.sourceNode());
    assertEquals(600, p.model().inputBytes());
    assertEquals(2, p.model().segmentCount());
    assertEquals(40, p.model().boundaryBytes(2));
    assertEquals(40.0, p.nodes().get(0).profiledMs().get(0));
    // The stage limit less what the worker itself holds before any range.
    assertEquals(
        2 * GIB - ProblemTranslator.WORKER_BASELINE_BYTES, p.nodes().get(0).freeMemoryBytes());
    assertEquals(0.25, p.nodes().get(1).cpuLoad());
    assertEquals(50, p.links().link("c", "e").orElseThrow().bandwidthMbps());
    assertEquals(Objective.ENERGY, p.objective());
    assertEquals(250.0, p.constraints().latencySloMs().getAsDouble());
  }

  @Test
  void segmentANodeCouldNotRunIsPricedOutOfThatNode() {
    List<SegmentProfile> skipped =
        List.of(
            new SegmentProfile(0, -1, 900L << 20, 600, 40, null),
            new SegmentProfile(1, 10, 1, 40, 4, null));
    PlanningProblem p = translated(Map.of("e", skipped, "c", profile(1)));
    assertEquals(ProblemTranslator.NOT_RUNNABLE_MS, p.nodes().get(0).profiledMs().get(0));
    assertEquals(900L << 20, p.model().segments().get(0).weightBytes());
  }

  @Test
  void aRangeHoldsEveryWeightButTheRestOfOnePeak() {
    List<SegmentProfile> higherPeaks =
        List.of(
            new SegmentProfile(0, 10, 140, 600, 400, 60L),
            new SegmentProfile(1, 20, 230, 400, 40, 50L));
    PlanningProblem p = translated(Map.of("e", profile(1), "c", higherPeaks));
    // Weights 60 + 50 and ONNX Runtime's copy of them (the rest of each peak up to the weights'
    // size, largest over both nodes: 60 and 50), and the largest remaining rest of a peak over
    // both nodes: 230 - 50 - 50 on the cloud. Summing the larger peaks would have made 370.
    assertEquals(350, p.model().rangeMemoryBytes(new SegmentRange(0, 2)));
  }

  @Test
  void theRestOfAPeakUpToTheWeightsIsACopyHeldPerSegment() {
    // A convolution whose re-laid-out kernels double its 10 bytes of weights, with 5 more of
    // activations; a large layer whose peak is hardly above its weights.
    List<SegmentProfile> measured =
        List.of(
            new SegmentProfile(0, 10, 25, 600, 400, 10L),
            new SegmentProfile(1, 20, 103, 400, 40, 100L));
    PlanningProblem p = translated(Map.of("e", measured));
    assertEquals(20, p.model().segments().get(0).weightBytes());
    assertEquals(5, p.model().segments().get(0).workingBytes());
    assertEquals(103, p.model().segments().get(1).weightBytes());
    assertEquals(0, p.model().segments().get(1).workingBytes());
    // Held per segment: 20 + 103, and the activations once: 5.
    assertEquals(128, p.model().rangeMemoryBytes(new SegmentRange(0, 2)));
  }

  @Test
  void aStageThatDoesNotReportWeightsHasItsWholePeakCountedPerSegment() {
    List<SegmentProfile> peaksOnly =
        List.of(
            new SegmentProfile(0, 10, 100, 600, 400, null),
            new SegmentProfile(1, 20, 200, 400, 40, null));
    PlanningProblem p = translated(Map.of("e", peaksOnly));
    assertEquals(300, p.model().rangeMemoryBytes(new SegmentRange(0, 2)));
  }

  @Test
  void nothingToPlanUntilTheSourceNodeIsProfiled() {
    assertTrue(
        ProblemTranslator.translate(cr, nodes, Map.of("c", profile(1)), Map.of(), GIB).isEmpty());
  }

  @Test
  void nodesWithoutAProfileAreLeftOut() {
    PlanningProblem p =
        ProblemTranslator.translate(cr, nodes, Map.of("e", profile(1)), Map.of(), GIB)
            .orElseThrow();
    assertEquals(List.of("e"), p.nodes().stream().map(n -> n.name()).toList());
  }
}
