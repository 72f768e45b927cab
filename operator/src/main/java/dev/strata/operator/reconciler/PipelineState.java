package dev.strata.operator.reconciler;

import dev.strata.core.placement.Plan;
import dev.strata.operator.adaptation.LinkEstimate;
import dev.strata.operator.adapter.StageProtocol.SegmentProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the operator measured for one pipeline: per-node segment profiles and smoothed links, the
 * measurements its current placement was planned with, and a placement change in flight. Profiles
 * and links are mirrored in the pipeline's ConfigMap so a restarted operator finds them again.
 * Touched only by the reconcile of its own pipeline (JOSDK serializes those).
 */
final class PipelineState {

  /** A chosen placement waiting for its stage pods to become Ready. */
  record PendingChange(Plan plan, String reason, String reasonCode) {}

  final String modelKey;
  final Map<String, List<SegmentProfile>> profiles = new TreeMap<>();
  final Map<String, LinkEstimate> links = new TreeMap<>();
  final Map<String, LinkEstimate> baselineLinks = new TreeMap<>();
  final Map<String, Double> baselineLoads = new TreeMap<>();
  Optional<Instant> lastProbe = Optional.empty();
  Optional<Instant> lastChange = Optional.empty();
  Optional<PendingChange> pending = Optional.empty();

  /** Generation the current placement was planned for; null until known. */
  Long plannedGeneration;

  PipelineState(String modelKey) {
    this.modelKey = modelKey;
  }

  /** Key of the link between {@code a} and {@code b}, whichever direction: "a -> b", sorted. */
  static String linkKey(String a, String b) {
    return a.compareTo(b) <= 0 ? a + " <-> " + b : b + " <-> " + a;
  }
}
