package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state. Typed fields only; per-segment profiles live in the ConfigMap it names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InferencePipelineStatus {

  /** Entries kept in {@link #getHistory()}. */
  public static final int HISTORY_LIMIT = 10;

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Tier names in data-path order, comma separated (for kubectl get).")
  private String tiers;

  @JsonPropertyDescription(
      "Ready, ModelLoaded, Profiled, Placed, Adapting and Degraded, each with a reason and a"
          + " message saying what to fix.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The committed placement.")
  private PlacementStatus placement;

  @JsonPropertyDescription("The last placements, newest first, at most 10.")
  private List<PlacementRecord> history = new ArrayList<>();

  @JsonPropertyDescription("ConfigMap (owned by this pipeline) holding per-segment profiles.")
  private String profileConfigMap;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getTiers() {
    return tiers;
  }

  public void setTiers(String tiers) {
    this.tiers = tiers;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public PlacementStatus getPlacement() {
    return placement;
  }

  public void setPlacement(PlacementStatus placement) {
    this.placement = placement;
  }

  public List<PlacementRecord> getHistory() {
    return history;
  }

  public void setHistory(List<PlacementRecord> history) {
    this.history = history;
  }

  public String getProfileConfigMap() {
    return profileConfigMap;
  }

  public void setProfileConfigMap(String profileConfigMap) {
    this.profileConfigMap = profileConfigMap;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InferencePipelineStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(tiers, s.tiers)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(placement, s.placement)
        && Objects.equals(history, s.history)
        && Objects.equals(profileConfigMap, s.profileConfigMap);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, tiers, conditions, placement, history);
  }
}
