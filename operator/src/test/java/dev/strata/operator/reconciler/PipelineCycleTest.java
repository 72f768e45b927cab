package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.api.v1alpha1.PlacementStatus;
import dev.strata.api.v1alpha1.StageStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineCycleTest {

  @Test
  void modelLoadErrorsMapToReasonsTheUserCanActOn() {
    assertEquals(
        "ModelChecksumMismatch",
        PipelineCycle.modelReason("model https://x: sha256 mismatch: expected a, got b"));
    assertEquals(
        "ModelUnreachable",
        PipelineCycle.modelReason("model https://x: download answered HTTP 404"));
    assertEquals(
        "ModelUnreachable",
        PipelineCycle.modelReason("model file:///m.onnx: no such file on this node"));
    assertEquals(
        "ModelCorrupt",
        PipelineCycle.modelReason("model x is not a readable ONNX model: bad proto"));
    assertEquals("ModelLoadFailed", PipelineCycle.modelReason("out of memory"));
  }

  private static PlacementStatus placement(String entry, String... stageNodes) {
    PlacementStatus p = new PlacementStatus();
    p.setEntryNode(entry);
    List<StageStatus> stages = new ArrayList<>();
    int from = 0;
    for (String node : stageNodes) {
      StageStatus s = new StageStatus();
      s.setNode(node);
      s.setFromSegment(from);
      s.setToSegment(from + 10);
      from += 10;
      stages.add(s);
    }
    p.setStages(stages);
    return p;
  }

  @Test
  void linksAreProbedLessOftenWhileOneNodeRunsTheWholePlacement() {
    Duration interval = Duration.ofSeconds(2);
    assertEquals(
        Duration.ofSeconds(10),
        PipelineCycle.roundInterval(interval, Optional.of(placement("edge-1", "edge-1"))));
    assertEquals(
        interval,
        PipelineCycle.roundInterval(interval, Optional.of(placement("edge-1", "edge-1", "fog-1"))));
    // A relay on the entry node forwards over a link.
    assertEquals(
        interval, PipelineCycle.roundInterval(interval, Optional.of(placement("edge-1", "fog-1"))));
    assertEquals(interval, PipelineCycle.roundInterval(interval, Optional.empty()));
  }
}
