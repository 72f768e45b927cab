package dev.strata.operator.resources;

import dev.strata.api.v1alpha1.InferencePipeline;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;
import java.util.TreeMap;

/** Labels, selectors and owner references of everything a pipeline owns. */
public final class Labels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String PIPELINE = "strata.dev/pipeline";
  public static final String TIER = "strata.dev/tier";
  public static final String NODE = "strata.dev/node";

  /** Set on the pod of the current first stage; the entry Service selects it. */
  public static final String ENTRY = "strata.dev/entry";

  public static final String STAGE_APP = "strata-stage";
  public static final String OPERATOR = "strata-operator";

  /** Node label naming a node's tier; the default tier selector. */
  public static final String NODE_TIER = "strata.dev/tier";

  public static final String POWER_IDLE_WATTS = "strata.dev/power-idle-watts";
  public static final String POWER_MAX_WATTS = "strata.dev/power-max-watts";

  private Labels() {}

  /** Labels of every object a pipeline owns. */
  public static Map<String, String> forPipeline(InferencePipeline cr) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(INSTANCE, cr.getMetadata().getName());
    labels.put(PIPELINE, cr.getMetadata().getName());
    return labels;
  }

  /** Labels of the stage pod on {@code node} of tier {@code tier}. */
  public static Map<String, String> forStage(InferencePipeline cr, String tier, String node) {
    Map<String, String> labels = forPipeline(cr);
    labels.put(NAME, STAGE_APP);
    labels.put(TIER, tier);
    labels.put(NODE, node);
    return labels;
  }

  /** Selects the stage pods of a pipeline. */
  public static Map<String, String> stageSelector(String pipeline) {
    return new TreeMap<>(Map.of(PIPELINE, pipeline, NAME, STAGE_APP));
  }

  /** The controller owner reference to {@code cr}. */
  public static OwnerReference ownerOf(InferencePipeline cr) {
    return new OwnerReferenceBuilder()
        .withApiVersion(cr.getApiVersion())
        .withKind(cr.getKind())
        .withName(cr.getMetadata().getName())
        .withUid(cr.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
