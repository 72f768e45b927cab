package dev.strata.operator.resources;

import dev.strata.api.v1alpha1.InferencePipeline;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** The token Secret and the profile ConfigMap of a pipeline. */
public final class PipelineObjects {

  /** Key of the token in the Secret. */
  public static final String TOKEN_KEY = "token";

  private PipelineObjects() {}

  /**
   * Secret {@code <pipeline>-stage-token} with {@code token} (created once, never rotated here).
   */
  public static Secret tokenSecret(InferencePipeline cr, String token) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(StageNames.tokenSecret(cr.getMetadata().getName()))
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(Labels.forPipeline(cr))
        .withOwnerReferences(Labels.ownerOf(cr))
        .endMetadata()
        .withType("Opaque")
        // data, not stringData: API servers without the conversion (the mock server, the
        // emulation) then hold the same bytes a real one would.
        .withData(
            Map.of(
                TOKEN_KEY,
                Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /** ConfigMap {@code <pipeline>-profiles} with {@code data}, keys sorted. */
  public static ConfigMap profileConfigMap(InferencePipeline cr, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(StageNames.profileConfigMap(cr.getMetadata().getName()))
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(Labels.forPipeline(cr))
        .withOwnerReferences(Labels.ownerOf(cr))
        .endMetadata()
        .withData(new TreeMap<>(data))
        .build();
  }
}
