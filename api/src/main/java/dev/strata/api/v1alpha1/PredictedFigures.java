package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the planner predicts for one request under a placement. */
public class PredictedFigures {

  @JsonPropertyDescription("End-to-end latency, milliseconds.")
  private Double latencyMs;

  @JsonPropertyDescription("MODELED energy per request (no power counter is read), joules.")
  private Double energyJ;

  @JsonPropertyDescription("Pipelined throughput, requests per second.")
  private Double throughputRps;

  public PredictedFigures() {}

  public PredictedFigures(double latencyMs, double energyJ, double throughputRps) {
    this.latencyMs = latencyMs;
    this.energyJ = energyJ;
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
        && Objects.equals(throughputRps, p.throughputRps);
  }

  @Override
  public int hashCode() {
    return Objects.hash(latencyMs, energyJ, throughputRps);
  }
}
