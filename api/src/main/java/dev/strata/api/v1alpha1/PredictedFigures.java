package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the planner predicts for one request under a placement. */
public class PredictedFigures {

  @JsonPropertyDescription("End-to-end latency, milliseconds.")
  private Double latencyMs;

  @JsonPropertyDescription("MODELED energy per request (no power counter is read), joules.")
  private Double energyJ;

  @JsonPropertyDescription(
      "The part of energyJ drawn on the entry node, the device requests enter on: its stage's"
          + " compute and its network interface's half of the transfers to and from it. MODELED,"
          + " joules.")
  private Double entryNodeEnergyJ;

  @JsonPropertyDescription("Pipelined throughput, requests per second.")
  private Double throughputRps;

  public PredictedFigures() {}

  public PredictedFigures(
      double latencyMs, double energyJ, double entryNodeEnergyJ, double throughputRps) {
    this.latencyMs = latencyMs;
    this.energyJ = energyJ;
    this.entryNodeEnergyJ = entryNodeEnergyJ;
    this.throughputRps = throughputRps;
  }

  public Double getLatencyMs() {
    return latencyMs;
  }

  public void setLatencyMs(Double latencyMs) {
    this.latencyMs = latencyMs;
  }

  public Double getEnergyJ() {
    return energyJ;
  }

  public void setEnergyJ(Double energyJ) {
    this.energyJ = energyJ;
  }

  public Double getEntryNodeEnergyJ() {
    return entryNodeEnergyJ;
  }

  public void setEntryNodeEnergyJ(Double entryNodeEnergyJ) {
    this.entryNodeEnergyJ = entryNodeEnergyJ;
  }

  public Double getThroughputRps() {
    return throughputRps;
  }

  public void setThroughputRps(Double throughputRps) {
    this.throughputRps = throughputRps;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PredictedFigures p
        && Objects.equals(latencyMs, p.latencyMs)
        && Objects.equals(energyJ, p.energyJ)
        && Objects.equals(entryNodeEnergyJ, p.entryNodeEnergyJ)
        && Objects.equals(throughputRps, p.throughputRps);
  }

  @Override
  public int hashCode() {
    return Objects.hash(latencyMs, energyJ, entryNodeEnergyJ, throughputRps);
  }
}
