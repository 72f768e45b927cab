package dev.strata.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PvcModelUriTest {
  @Test
  void parsesClaimAndNestedPath() {
    PvcModelUri uri = PvcModelUri.parse("pvc://model-store/vision/vgg16.onnx");
    assertEquals("model-store", uri.claim());
    assertEquals("vision/vgg16.onnx", uri.path());
    assertEquals("pvc://model-store/vision/vgg16.onnx", uri.toString());
  }

  @Test
  void refusesWhatCouldLeaveTheClaim() {
    for (String bad :
        new String[] {
          "pvc://models/../etc/passwd",
          "pvc://models/a/./b.onnx",
          "pvc://models//b.onnx",
          "pvc://models/a\\..\\b.onnx",
          "pvc://models/%2e%2e/b.onnx",
          "pvc://models/",
          "pvc://models",
          "pvc:///b.onnx",
          "pvc://Models/b.onnx",
          "https://models/b.onnx"
        }) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PvcModelUri.parse(bad), bad);
      assertTrue(e.getMessage().contains("expected pvc://<claim>/<path>"), e.getMessage());
    }
  }
}
