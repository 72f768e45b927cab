package dev.strata.operator.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.operator.adapter.StageProtocol.SegmentProfile;
import dev.strata.operator.resources.PipelineObjects;
import dev.strata.operator.resources.StageNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each pipeline's {@link PipelineState} in memory and mirrors profiles and links in the
 * pipeline's ConfigMap ({@code <pipeline>-profiles}): keys {@code model}, {@code profile.<node>}
 * (JSON list of segments), {@code links} (JSON map) and, for the committed placement, {@code
 * plannedLinks} and {@code plannedNodes}.
 */
final class MeasurementStore {

  private static final String MODEL = "model";
  private static final String PROFILE = "profile.";
  private static final String LINKS = "links";
  private static final String PLANNED_LINKS = "plannedLinks";
  private static final String PLANNED_NODES = "plannedNodes";

  private final KubernetesClient client;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, PipelineState> states = new ConcurrentHashMap<>();

  private final Clock clock;

  MeasurementStore(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The state of {@code cr}, loaded from its ConfigMap on first use; reset when the model changed.
   */
  PipelineState stateOf(InferencePipeline cr) {
    String key = cr.getMetadata().getUid();
    String model = modelKey(cr);
    PipelineState state = states.get(key);
    if (state == null || !state.modelKey.equals(model)) {
      state = load(cr, model);
      states.put(key, state);
    }
    return state;
  }

  void forget(InferencePipeline cr) {
    states.remove(cr.getMetadata().getUid());
  }

  /** Writes profiles and links to the ConfigMap when they differ from what it holds. */
  void save(InferencePipeline cr, PipelineState state) {
    Map<String, String> data = new TreeMap<>();
    data.put(MODEL, state.modelKey);
    try {
      for (Map.Entry<String, List<SegmentProfile>> e : state.profiles.entrySet()) {
        data.put(PROFILE + e.getKey(), json.writeValueAsString(e.getValue()));
      }
      data.put(LINKS, json.writeValueAsString(state.links));
      data.put(PLANNED_LINKS, json.writeValueAsString(state.plannedLinks));
      data.put(PLANNED_NODES, json.writeValueAsString(state.plannedNodes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize measurements of " + cr.key(), e);
    }
    ConfigMap existing = existing(cr);
    if (existing != null && Objects.equals(existing.getData(), data)) {
      return;
    }
    ConfigMap desired = PipelineObjects.profileConfigMap(cr, data);
    if (existing == null) {
      client.resource(desired).create();
    } else {
      client
          .configMaps()
          .inNamespace(cr.getMetadata().getNamespace())
          .withName(desired.getMetadata().getName())
          .edit(
              c -> {
                c.setData(desired.getData());
                return c;
              });
    }
  }

  private PipelineState load(InferencePipeline cr, String model) {
    PipelineState state = new PipelineState(model, Instant.now(clock));
    ConfigMap cm = existing(cr);
    if (cm == null || cm.getData() == null || !model.equals(cm.getData().get(MODEL))) {
      return state;
    }
    try {
      for (Map.Entry<String, String> e : cm.getData().entrySet()) {
        if (e.getKey().startsWith(PROFILE)) {
          state.profiles.put(
              e.getKey().substring(PROFILE.length()),
              json.readValue(e.getValue(), new TypeReference<List<SegmentProfile>>() {}));
        }
      }
      if (cm.getData().containsKey(LINKS)) {
        state.links.putAll(
            json.readValue(
                cm.getData().get(LINKS), new TypeReference<Map<String, LinkEstimate>>() {}));
      }
      if (cm.getData().containsKey(PLANNED_LINKS)) {
        state.plannedLinks.putAll(
            json.readValue(
                cm.getData().get(PLANNED_LINKS),
                new TypeReference<Map<String, LinkEstimate>>() {}));
      }
      if (cm.getData().containsKey(PLANNED_NODES)) {
        state.plannedNodes.putAll(
            json.readValue(
                cm.getData().get(PLANNED_NODES), new TypeReference<Map<String, NodeUsage>>() {}));
      }
    } catch (JsonProcessingException e) {
      // A damaged ConfigMap only costs a re-measurement.
      state.profiles.clear();
      state.links.clear();
      state.plannedLinks.clear();
      state.plannedNodes.clear();
    }
    return state;
  }

  private ConfigMap existing(InferencePipeline cr) {
    return client
        .configMaps()
        .inNamespace(cr.getMetadata().getNamespace())
        .withName(StageNames.profileConfigMap(cr.getMetadata().getName()))
        .get();
  }

  static String modelKey(InferencePipeline cr) {
    String sha = cr.getSpec().getModel().getSha256();
    return cr.getSpec().getModel().getUri() + (sha == null ? "" : "#" + sha);
  }
}
