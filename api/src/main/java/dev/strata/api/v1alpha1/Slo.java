package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Service level objective of one request. */
public class Slo {

  @Min(value = 0, inclusive = false)
  @Max(3_600_000)
  @JsonPropertyDescription("Largest acceptable end-to-end latency of one request, milliseconds.")
  private Double latencyMs;

  public Slo() {}

  public Slo(Double latencyMs) {
    this.latencyMs = latencyMs;
  }

  public Double getLatencyMs() {
    return latencyMs;
  }

  public void setLatencyMs(Double latencyMs) {
    this.latencyMs = latencyMs;
  }
}
