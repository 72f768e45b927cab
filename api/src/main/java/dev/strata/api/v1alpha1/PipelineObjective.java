package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the planner minimizes. */
public enum PipelineObjective {
  @JsonProperty("latency")
  LATENCY,
  @JsonProperty("energy")
  ENERGY,
  @JsonProperty("throughput")
  THROUGHPUT,
  @JsonProperty("balanced")
  BALANCED
}
