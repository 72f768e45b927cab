package dev.strata.testbed.scenario;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a person would read from {@code kubectl get ip -o wide}: readiness, revision, stages,
 * predicted latency and the reason of the last change, taken from the pipeline's status.
 *
 * @param relay the node whose stage relays requests to the first stage, when the placement does not
 *     start on the node requests enter on
 * @param energy the planner's modeled energy per request of this revision
 */
public record PipelineView(
    boolean ready,
    long revision,
    List<String> stages,
    List<String> tiers,
    Optional<String> relay,
    String predicted,
    ModeledEnergy energy,
    String reason,
    String conditions) {

  public static PipelineView of(GenericKubernetesResource pipeline) {
    Map<String, Object> status = map(pipeline.getAdditionalProperties().get("status"));
    Map<String, Object> placement = map(status.get("placement"));
    List<String> stages = new ArrayList<>();
    List<String> tiers = new ArrayList<>();
    List<String> nodes = new ArrayList<>();
    for (Object o : list(placement.get("stages"))) {
      Map<String, Object> s = map(o);
      stages.add(s.get("tier") + "@" + s.get("node") + "[" + s.get("segments") + "]");
      tiers.add(String.valueOf(s.get("tier")));
      nodes.add(String.valueOf(s.get("node")));
    }
    Optional<String> relay =
        Optional.ofNullable(placement.get("entryNode"))
            .map(String::valueOf)
            .filter(n -> !nodes.contains(n));
    StringBuilder conditions = new StringBuilder();
    boolean ready = false;
    for (Object o : list(status.get("conditions"))) {
      Map<String, Object> c = map(o);
      conditions.append(c.get("type")).append('=').append(c.get("status")).append(' ');
      if ("Ready".equals(c.get("type")) && "True".equals(c.get("status"))) {
        ready = true;
      }
    }
    Object revision = placement.get("revision");
    Map<String, Object> predicted = map(placement.get("predicted"));
    return new PipelineView(
        ready,
        revision instanceof Number n ? n.longValue() : 0,
        stages,
        tiers,
        relay,
        String.valueOf(predicted),
        new ModeledEnergy(
            number(predicted.get("energyJ")), number(predicted.get("entryNodeEnergyJ"))),
        String.valueOf(placement.getOrDefault("reason", "")),
        conditions.toString().trim());
  }

  /**
   * The link requests entering at {@code source} cross first, as {@code source-tier}: to the first
   * stage not on {@code source}; empty when every stage runs there.
   */
  public Optional<String> firstHop(String source) {
    return tiers.stream().filter(t -> !t.equals(source)).findFirst().map(t -> source + "-" + t);
  }

  /**
   * The message of a {@code Placed=False} condition whose reason says no placement fits ({@code
   * NoFeasiblePlacement}, {@code SloUnreachable}); empty otherwise. On the emulated cluster, whose
   * nodes do not change, such a pipeline will not become Ready.
   */
  public static Optional<String> unplaceable(GenericKubernetesResource pipeline) {
    Map<String, Object> status = map(pipeline.getAdditionalProperties().get("status"));
    for (Object o : list(status.get("conditions"))) {
      Map<String, Object> c = map(o);
      if ("Placed".equals(c.get("type"))
          && "False".equals(c.get("status"))
          && ("NoFeasiblePlacement".equals(c.get("reason"))
              || "SloUnreachable".equals(c.get("reason")))) {
        return Optional.of(c.get("reason") + ": " + c.get("message"));
      }
    }
    return Optional.empty();
  }

  /** The first condition message that is not "True", for progress lines. */
  public static String problem(GenericKubernetesResource pipeline) {
    Map<String, Object> status = map(pipeline.getAdditionalProperties().get("status"));
    for (Object o : list(status.get("conditions"))) {
      Map<String, Object> c = map(o);
      if (!"True".equals(c.get("status"))
          && !"Degraded".equals(c.get("type"))
          && !"Adapting".equals(c.get("type"))) {
        return c.get("type") + ": " + c.get("message");
      }
    }
    return "";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  @Override
  public String toString() {
    return "revision "
        + revision
        + ": "
        + relay.map(n -> n + " (relay) -> ").orElse("")
        + String.join(" -> ", stages)
        + "; predicted "
        + predicted
        + (reason.isEmpty() ? "" : "; reason: " + reason);
  }
}
