package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One stage of a placement. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StageStatus {

  @JsonPropertyDescription("Tier of the node.")
  private String tier;

  @JsonPropertyDescription("Node running the stage.")
  private String node;

  @JsonPropertyDescription("Stage pod.")
  private String pod;

  @JsonPropertyDescription("Segments run here, inclusive, e.g. 0-11.")
  private String segments;

  @JsonPropertyDescription("First segment run here.")
  private Integer fromSegment;

  @JsonPropertyDescription("One past the last segment run here.")
  private Integer toSegment;

  @JsonPropertyDescription("Bytes of the tensor this stage sends on.")
  private Long outputBytes;

  public StageStatus() {}

  public StageStatus(
      String tier, String node, String pod, int fromSegment, int toSegment, long outputBytes) {
    this.tier = tier;
    this.node = node;
    this.pod = pod;
    this.fromSegment = fromSegment;
    this.toSegment = toSegment;
    this.segments = fromSegment + "-" + (toSegment - 1);
    this.outputBytes = outputBytes;
  }

  public String getTier() {
    return tier;
  }

  public void setTier(String tier) {
    this.tier = tier;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getSegments() {
    return segments;
  }

  public void setSegments(String segments) {
    this.segments = segments;
  }

  public Integer getFromSegment() {
    return fromSegment;
  }

  public void setFromSegment(Integer fromSegment) {
    this.fromSegment = fromSegment;
  }

  public Integer getToSegment() {
    return toSegment;
  }

  public void setToSegment(Integer toSegment) {
    this.toSegment = toSegment;
  }

  public Long getOutputBytes() {
    return outputBytes;
  }

  public void setOutputBytes(Long outputBytes) {
    this.outputBytes = outputBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StageStatus s
        && Objects.equals(tier, s.tier)
        && Objects.equals(node, s.node)
        && Objects.equals(pod, s.pod)
        && Objects.equals(segments, s.segments)
        && Objects.equals(fromSegment, s.fromSegment)
        && Objects.equals(toSegment, s.toSegment)
        && Objects.equals(outputBytes, s.outputBytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(node, fromSegment, toSegment);
  }
}
