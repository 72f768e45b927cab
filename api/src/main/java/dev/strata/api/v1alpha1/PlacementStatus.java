package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A committed placement: which node runs which segment range, and what the planner predicted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlacementStatus {

  @JsonPropertyDescription("Placement revision; grows by at least one on every change.")
  private Long revision;

  @JsonPropertyDescription("Planner that chose the placement, e.g. exact.")
  private String strategy;

  @JsonPropertyDescription("Stages in data-path order.")
  private List<StageStatus> stages = new ArrayList<>();

  @JsonPropertyDescription(
      "Node whose stage takes the pipeline's requests (the pod the entry Service selects): the"
          + " source node. When the first stage runs elsewhere, this stage runs no segment and"
          + " forwards each request to it, and holds a request whose first stage's node fails"
          + " until the re-plan.")
  private String entryNode;

  @JsonPropertyDescription("Predicted figures of the placement (energy is modeled).")
  private PredictedFigures predicted;

  @JsonPropertyDescription("Why the placement was chosen, e.g. a link that dropped.")
  private String reason;

  @JsonPropertyDescription("When the placement was committed (RFC 3339).")
  private String changedAt;

  public Long getRevision() {
    return revision;
  }

  public void setRevision(Long revision) {
    this.revision = revision;
  }

  public String getStrategy() {
    return strategy;
  }

  public void setStrategy(String strategy) {
    this.strategy = strategy;
  }

  public List<StageStatus> getStages() {
    return stages;
  }

  public void setStages(List<StageStatus> stages) {
    this.stages = stages;
  }

  public String getEntryNode() {
    return entryNode;
  }

  public void setEntryNode(String entryNode) {
    this.entryNode = entryNode;
  }

  public PredictedFigures getPredicted() {
    return predicted;
  }

  public void setPredicted(PredictedFigures predicted) {
    this.predicted = predicted;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getChangedAt() {
    return changedAt;
  }

  public void setChangedAt(String changedAt) {
    this.changedAt = changedAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlacementStatus p
        && Objects.equals(revision, p.revision)
        && Objects.equals(strategy, p.strategy)
        && Objects.equals(stages, p.stages)
        && Objects.equals(entryNode, p.entryNode)
        && Objects.equals(predicted, p.predicted)
        && Objects.equals(reason, p.reason)
        && Objects.equals(changedAt, p.changedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(revision, stages, reason);
  }
}
