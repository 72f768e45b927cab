package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.InferencePipelineSpec;
import dev.strata.api.v1alpha1.ModelSource;
import dev.strata.api.v1alpha1.TierSpec;
import dev.strata.operator.resources.StagePods;
import dev.strata.operator.resources.StageSettings;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stage pods the operator builds pass the restricted Pod Security Standard in every model
 * delivery the operator supports: a built-in model, a model on a claim, a node-level cache claim.
 */
class StagePodSecurityTest {

  @ParameterizedTest
  @CsvSource({
    "builtin:vgg16?seed=7, ''",
    "https://models.example.com/vgg16.onnx, ''",
    "pvc://model-store/vision/vgg16.onnx, ''",
    "builtin:vgg16?seed=7, local-path",
    "pvc://model-store/vision/vgg16.onnx, local-path"
  })
  void stagePodIsRestricted(String uri, String cacheClass) {
    StageSettings settings =
        cacheClass.isEmpty()
            ? StageSettings.defaults()
            : StageSettings.defaults().withModelCache(cacheClass);
    Pod pod = StagePods.forStage(pipeline(uri), "edge", "rpi-1", settings);
    assertEquals(
        List.of(),
        RestrictedPodSecurity.violations(
            "stage pod " + pod.getMetadata().getName() + " (" + uri + ")",
            pod.getSpec(),
            pod.getMetadata().getAnnotations()));
  }

  private static InferencePipeline pipeline(String uri) {
    InferencePipeline cr = new InferencePipeline();
    cr.getMetadata().setName("gate-camera");
    cr.getMetadata().setNamespace("vision");
    cr.getMetadata().setUid("uid-gate-camera");
    InferencePipelineSpec spec = new InferencePipelineSpec();
    spec.setModel(new ModelSource(uri, "a".repeat(64)));
    spec.setTiers(List.of(new TierSpec("edge", Map.of())));
    cr.setSpec(spec);
    return cr;
  }
}
