package dev.strata.operator.testing;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.InferencePipelineSpec;
import dev.strata.api.v1alpha1.ModelSource;
import dev.strata.api.v1alpha1.TierSpec;
import java.util.Arrays;
import java.util.Map;

/** InferencePipelines built in memory for pure tests. */
public final class Pipelines {

  private Pipelines() {}

  /** {@code vision/<name>} with builtin:vgg16?seed=7 over {@code tiers} (default selectors). */
  public static InferencePipeline of(String name, String... tiers) {
    InferencePipeline cr = new InferencePipeline();
    cr.getMetadata().setName(name);
    cr.getMetadata().setNamespace("vision");
    cr.getMetadata().setUid("uid-" + name);
    cr.getMetadata().setGeneration(1L);
    InferencePipelineSpec spec = new InferencePipelineSpec();
    spec.setModel(new ModelSource("builtin:vgg16?seed=7", null));
    spec.setTiers(Arrays.stream(tiers).map(t -> new TierSpec(t, Map.of())).toList());
    cr.setSpec(spec);
    return cr;
  }
}
