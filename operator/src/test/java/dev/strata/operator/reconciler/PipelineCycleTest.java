package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
