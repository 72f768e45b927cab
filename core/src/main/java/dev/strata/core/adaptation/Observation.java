package dev.strata.core.adaptation;

import java.util.List;

/**
 * What one control-loop tick saw. {@code nodes} lists every node that is still there (a candidate
 * missing from it has disappeared); {@code links} holds the probes of this tick (an unprobed link
 * keeps its smoothed value).
 */
public record Observation(List<NodeSample> nodes, List<LinkSample> links) {

  public Observation {
    nodes = List.copyOf(nodes);
    links = List.copyOf(links);
  }
}
