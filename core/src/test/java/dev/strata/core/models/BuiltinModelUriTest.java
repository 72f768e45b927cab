package dev.strata.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuiltinModelUriTest {

  @Test
  void parseReadsNameAndSeed() {
    assertEquals(new BuiltinModelUri("vgg16", 7), BuiltinModelUri.parse("builtin:vgg16?seed=7"));
  }

  @Test
  void parseDefaultsSeedToZeroWhenQueryIsAbsent() {
    assertEquals(new BuiltinModelUri("resnet18", 0), BuiltinModelUri.parse("builtin:resnet18"));
  }

  @Test
  void parseAcceptsNegativeSeed() {
    assertEquals(-3, BuiltinModelUri.parse("builtin:alexnet?seed=-3").seed());
  }

  @Test
  void toStringIsCanonicalFormThatParsesBack() {
    BuiltinModelUri uri = BuiltinModelUri.parse("builtin:mobilenet_v2");

    assertEquals("builtin:mobilenet_v2?seed=0", uri.toString());
    assertEquals(uri, BuiltinModelUri.parse(uri.toString()));
  }

  @Test
  void isBuiltinTellsBuiltinUrisFromFiles() {
    assertTrue(BuiltinModelUri.isBuiltin("builtin:vgg16"));
    assertFalse(BuiltinModelUri.isBuiltin("file:/models/vgg16.onnx"));
  }

  @Test
  void parseRejectsOtherSchemeShowingExpectedForm() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BuiltinModelUri.parse("file:/m/vgg16.onnx"));

    assertTrue(e.getMessage().contains("\"file:/m/vgg16.onnx\""), e.getMessage());
    assertTrue(e.getMessage().contains("builtin:<name>[?seed=<long>]"), e.getMessage());
  }

  @Test
  void parseRejectsUnknownModelListingKnownNames() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BuiltinModelUri.parse("builtin:vgg19?seed=1"));

    assertTrue(e.getMessage().contains("\"vgg19\""), e.getMessage());
    assertTrue(e.getMessage().contains("alexnet, vgg16, mobilenet_v2, resnet18"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "builtin:",
        "builtin:?seed=1",
        "builtin:vgg16?seed=",
        "builtin:vgg16?seed=seven",
        "builtin:vgg16?seed=99999999999999999999",
        "builtin:vgg16?rate=7",
        "builtin:vgg16?seed=7&seed=8",
        "builtin:vgg16?"
      })
  void parseRejectsMalformedUriNamingIt(String uri) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BuiltinModelUri.parse(uri));

    assertTrue(e.getMessage().startsWith("Invalid model URI \"" + uri + "\": "), e.getMessage());
  }

  @Test
  void constructorRejectsUnknownModel() {
    assertThrows(IllegalArgumentException.class, () -> new BuiltinModelUri("lenet", 0));
  }
}
