package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the operator chooses a placement; the baselines of the research are selectable too. */
public enum PlacementStrategy {
  /** Exact search over cuts x nodes for the objective (Strata's own). */
  @JsonProperty("exact")
  EXACT,
  /** AMP4EC's weighted node scoring (CPU, memory, link), layers spread by score. */
  @JsonProperty("weighted-scoring")
  WEIGHTED_SCORING,
  /** Neurosurgeon: one cut between the first and the last tier used. */
  @JsonProperty("single-cut")
  SINGLE_CUT,
  /** The whole model on the source node (no partitioning). */
  @JsonProperty("edge-only")
  EDGE_ONLY,
  /** The whole model on the best node of the last tier. */
  @JsonProperty("cloud-only")
  CLOUD_ONLY
}
