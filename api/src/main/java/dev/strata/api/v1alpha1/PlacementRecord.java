package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One past placement, as kept in the bounded history. */
public class PlacementRecord {

  @JsonPropertyDescription("Placement revision.")
  private Long revision;

  @JsonPropertyDescription("Stages as node[from,to) hops, e.g. edge-1[0,5) -> cloud-1[5,22).")
  private String stages;

  @JsonPropertyDescription("Predicted end-to-end latency, milliseconds.")
  private Double latencyMs;

  @JsonPropertyDescription("Why this placement was chosen.")
  private String reason;

  @JsonPropertyDescription("When it was committed (RFC 3339).")
  private String changedAt;

  public PlacementRecord() {}

  public PlacementRecord(
      long revision, String stages, double latencyMs, String reason, String changedAt) {
    this.revision = revision;
    this.stages = stages;
    this.latencyMs = latencyMs;
    this.reason = reason;
    this.changedAt = changedAt;
  }

  public Long getRevision() {
    return revision;
  }

  public void setRevision(Long revision) {
    this.revision = revision;
  }

  public String getStages() {
    return stages;
  }

  public void setStages(String stages) {
    this.stages = stages;
  }

  public Double getLatencyMs() {
    return latencyMs;
  }

  public void setLatencyMs(Double latencyMs) {
    this.latencyMs = latencyMs;
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
    return o instanceof PlacementRecord r
        && Objects.equals(revision, r.revision)
        && Objects.equals(stages, r.stages)
        && Objects.equals(latencyMs, r.latencyMs)
        && Objects.equals(reason, r.reason)
        && Objects.equals(changedAt, r.changedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(revision, stages);
  }
}
