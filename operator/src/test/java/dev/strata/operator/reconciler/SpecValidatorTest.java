package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.core.models.ModelUriPolicy;
import dev.strata.operator.testing.Pipelines;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
  private static final ModelUriPolicy DEFAULTS =
      ModelUriPolicy.allowing(ModelUriPolicy.DEFAULT_PREFIXES);

  private static boolean hasError(InferencePipeline cr, String field, String text) {
    List<Finding> findings = SpecValidator.validate(cr, DEFAULTS);
    return findings.stream()
        .anyMatch(f -> f.error() && f.field().equals(field) && f.message().contains(text));
  }

  @Test
  void validPipelineHasNoErrors() {
    assertFalse(
        Finding.hasErrors(
            SpecValidator.validate(Pipelines.of("ok", "edge", "fog", "cloud"), DEFAULTS)));
  }

  @Test
  void duplicateTierNamesAreRejectedNamingTheField() {
    assertTrue(hasError(Pipelines.of("d", "edge", "edge"), "spec.tiers[1].name", "appears twice"));
  }

  @Test
  void knownTiersOutOfDataPathOrderAreRejected() {
    assertTrue(hasError(Pipelines.of("o", "cloud", "edge"), "spec.tiers[1].name", "data path"));
  }

  @Test
  void noTiersIsRejected() {
    assertTrue(hasError(Pipelines.of("n"), "spec.tiers", "at least one tier"));
  }

  @Test
  void remoteModelWithoutChecksumIsRejected() {
    InferencePipeline cr = Pipelines.of("r", "edge");
    cr.getSpec().getModel().setUri("https://models.example/vgg16.onnx");
    assertTrue(hasError(cr, "spec.model.sha256", "required"));
  }

  @Test
  void modelUriOutsideTheAllowlistIsRejectedNamingTheSetting() {
    InferencePipeline cr = Pipelines.of("h", "edge");
    cr.getSpec().getModel().setUri("http://models.example/vgg16.onnx");
    cr.getSpec().getModel().setSha256("a".repeat(64));
    assertTrue(hasError(cr, "spec.model.uri", "strata.operator.allowed-model-uris"));
    cr.getSpec().getModel().setUri("file:///etc/passwd");
    assertTrue(hasError(cr, "spec.model.uri", "does not start with an allowed prefix"));
  }

  @Test
  void anAdminCanAllowPlainHttpFromOneHost() {
    InferencePipeline cr = Pipelines.of("h", "edge");
    cr.getSpec().getModel().setUri("http://models.lan/vgg16.onnx");
    cr.getSpec().getModel().setSha256("a".repeat(64));
    ModelUriPolicy lan =
        ModelUriPolicy.allowing(java.util.List.of("builtin:", "http://models.lan/"));
    assertFalse(Finding.hasErrors(SpecValidator.validate(cr, lan)));
  }

  @Test
  void claimPathThatClimbsOutIsRejected() {
    InferencePipeline cr = Pipelines.of("p", "edge");
    cr.getSpec().getModel().setSha256("a".repeat(64));
    cr.getSpec().getModel().setUri("pvc://models/../../etc/passwd");
    assertTrue(hasError(cr, "spec.model.uri", "path segment"));
    cr.getSpec().getModel().setUri("pvc://models");
    assertTrue(hasError(cr, "spec.model.uri", "pvc://<claim>/<path>"));
    cr.getSpec().getModel().setUri("pvc://models/vision/vgg16.onnx");
    assertFalse(Finding.hasErrors(SpecValidator.validate(cr, DEFAULTS)));
  }

  @Test
  void unknownBuiltinModelIsRejected() {
    InferencePipeline cr = Pipelines.of("u", "edge");
    cr.getSpec().getModel().setUri("builtin:lenet");
    assertTrue(hasError(cr, "spec.model.uri", "builtin:vgg16"));
  }

  @Test
  void minGainOfOneIsRejected() {
    InferencePipeline cr = Pipelines.of("g", "edge");
    cr.getSpec().getAdaptation().setMinGain(1.0);
    assertTrue(hasError(cr, "spec.adaptation.minGain", "[0, 1)"));
  }

  @Test
  void malformedDurationIsRejected() {
    InferencePipeline cr = Pipelines.of("p", "edge");
    cr.getSpec().getAdaptation().setProbeInterval("ten seconds");
    assertTrue(hasError(cr, "spec.adaptation.probeInterval", "10s"));
  }

  @Test
  void messagesNameTheObject() {
    assertTrue(hasError(Pipelines.of("who", "edge", "edge"), "spec.tiers[1].name", "vision/who"));
  }
}
