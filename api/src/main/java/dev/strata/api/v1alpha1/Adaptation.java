package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * Hysteresis of re-planning: probe every {@code probeInterval}; re-plan only when a smoothed
 * measurement moved by more than {@code driftThreshold} (relative), the new placement is predicted
 * at least {@code minGain} better, and {@code cooldown} passed since the last change.
 */
public class Adaptation {

  @Default("true")
  @JsonPropertyDescription(
      "Whether the placement follows drift. false keeps the placement chosen at start (a static"
          + " split); a lost node or a spec change still re-places.")
  private Boolean enabled = true;

  @Default("true")
  @JsonPropertyDescription(
      "Keep a stage on every candidate node while adapting: links to nodes outside the placement"
          + " are still probed, so a link that recovers is noticed, and a move starts no pod."
          + " false deletes stages outside the placement once the operator's drain period passed.")
  private Boolean standbyStages = true;

  /** Go-style duration: digits followed by ms, s, m or h, e.g. 10s, 500ms, 1m30s. */
  public static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";

  @Pattern(DURATION_PATTERN)
  @Default("10s")
  @JsonPropertyDescription("How often links between stages are probed, e.g. 10s (ms, s, m, h).")
  private String probeInterval = "10s";

  @Min(value = 0, inclusive = false)
  @Max(10)
  @Default("0.2")
  @JsonPropertyDescription(
      "Relative change of a smoothed measurement (link bandwidth or RTT, node load) that triggers"
          + " a re-plan, e.g. 0.2 for 20%.")
  private Double driftThreshold = 0.2;

  @Min(0)
  @Max(value = 1, inclusive = false)
  @Default("0.05")
  @JsonPropertyDescription(
      "Smallest predicted relative improvement worth moving stages for, in [0, 1).")
  private Double minGain = 0.05;

  @Pattern(DURATION_PATTERN)
  @Default("30s")
  @JsonPropertyDescription("Least time between two placement changes, e.g. 30s.")
  private String cooldown = "30s";

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Boolean getStandbyStages() {
    return standbyStages;
  }

  public void setStandbyStages(Boolean standbyStages) {
    this.standbyStages = standbyStages;
  }

  public String getProbeInterval() {
    return probeInterval;
  }

  public void setProbeInterval(String probeInterval) {
    this.probeInterval = probeInterval;
  }

  public Double getDriftThreshold() {
    return driftThreshold;
  }

  public void setDriftThreshold(Double driftThreshold) {
    this.driftThreshold = driftThreshold;
  }

  public Double getMinGain() {
    return minGain;
  }

  public void setMinGain(Double minGain) {
    this.minGain = minGain;
  }

  public String getCooldown() {
    return cooldown;
  }

  public void setCooldown(String cooldown) {
    this.cooldown = cooldown;
  }
}
