package dev.strata.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelUriPolicyTest {
  private final ModelUriPolicy defaults = ModelUriPolicy.allowing(ModelUriPolicy.DEFAULT_PREFIXES);

  @Test
  void defaultsAllowBuiltinHttpsAndClaims() {
    assertEquals(List.of(), refusals("builtin:vgg16?seed=7", "https://models.example.com/v.onnx"));
    assertTrue(defaults.refusal("pvc://models/vgg16.onnx").isEmpty());
  }

  @Test
  void defaultsRefusePlainHttpAndNodeFiles() {
    String http = defaults.refusal("http://models.example.com/v.onnx").orElseThrow();
    assertTrue(http.contains("does not start with an allowed prefix builtin:, https://, pvc://"));
    assertFalse(defaults.refusal("file:///etc/passwd").isEmpty());
  }

  @Test
  void aPrefixWithAPathConfinesFilesToThatDirectory() {
    ModelUriPolicy policy = ModelUriPolicy.allowing(List.of("file:///srv/models/"));
    assertTrue(policy.refusal("file:///srv/models/vgg16.onnx").isEmpty());
    assertFalse(policy.refusal("file:///srv/modelsx/vgg16.onnx").isEmpty());
    assertFalse(policy.refusal("file:///etc/passwd").isEmpty());
  }

  @Test
  void dotSegmentsAreRefusedAlsoWhenPercentEncoded() {
    ModelUriPolicy policy = ModelUriPolicy.allowing(List.of("file:///srv/models/", "pvc://"));
    for (String uri :
        List.of(
            "file:///srv/models/../../etc/passwd",
            "file:///srv/models/%2e%2e/secret.onnx",
            "file:///srv/models/./v.onnx",
            "pvc://models/../other/v.onnx")) {
      String reason = policy.refusal(uri).orElseThrow(() -> new AssertionError(uri));
      assertTrue(reason.contains("path segment"), reason);
    }
  }

  @Test
  void credentialsInTheUriAreRefusedWithoutRepeatingThem() {
    String reason = defaults.refusal("https://user:secret@models.example.com/v.onnx").orElseThrow();
    assertTrue(reason.contains("carries credentials"), reason);
    assertFalse(reason.contains("secret"), reason);
  }

  @Test
  void anEmptyAllowlistIsAConfigurationError() {
    assertThrows(IllegalArgumentException.class, () -> ModelUriPolicy.allowing(List.of()));
    assertThrows(IllegalArgumentException.class, () -> ModelUriPolicy.allowing(List.of(" ")));
  }

  private List<String> refusals(String... uris) {
    return List.of(uris).stream().flatMap(u -> defaults.refusal(u).stream()).toList();
  }
}
