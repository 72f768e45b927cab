package dev.strata.operator.reconciler;

import dev.strata.core.adaptation.AdaptationPolicy;
import dev.strata.core.adaptation.LinkSample;
import dev.strata.core.adaptation.Oscillations;
import dev.strata.core.placement.Plan;
import dev.strata.operator.adapter.StageProtocol.SegmentProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the operator measured for one pipeline: per-node segment profiles and the latest link
 * probes, core's adaptation policy for the committed placement, and a placement change in flight.
 * Profiles and links are mirrored in the pipeline's ConfigMap so a restarted operator finds them
 * again. Touched only by the reconcile of its own pipeline (JOSDK serializes those).
 */
final class PipelineState {

  /** A chosen placement waiting for its stage pods to become Ready. */
  record PendingChange(Plan plan, String reason, String reasonCode) {}

  final String modelKey;
  final Map<String, List<SegmentProfile>> profiles = new TreeMap<>();
  final Map<String, LinkEstimate> links = new TreeMap<>();

  /** Links as they were when the committed placement was planned: the policy's drift baseline. */
  final Map<String, LinkEstimate> plannedLinks = new TreeMap<>();

  /** Node usage as it was when the committed placement was planned: the other drift baseline. */
  final Map<String, NodeUsage> plannedNodes = new TreeMap<>();

  /**
   * Fastest round trip ever measured per link, ms: the base RTT that bounds bandwidth estimates
   * (see {@code ProbeReport.bandwidthMbps(double)}). Kept in memory only; after an operator restart
   * it starts again from the first probe.
   */
  final Map<String, Double> rttFloors = new TreeMap<>();

  Optional<Instant> lastProbe = Optional.empty();

  /** Link probes of the current pass, both directions; fed to the adaptation policy. */
  final List<LinkSample> samples = new ArrayList<>();

  /**
   * Links to probe again at the next pass, before the next round is due: the policy saw a drift on
   * them (a drop or a recovery) that has not settled yet. Set by a pass's decision, taken by the
   * next probe.
   */
  final Set<String> linksToConfirm = new TreeSet<>();

  /** Passes since the last full round that probed only {@link #linksToConfirm}. */
  int confirmPasses;

  /** Whether the current pass probed the links (the policy is evaluated on probe ticks). */
  boolean probedThisPass;

  /** Core's adaptation policy for the committed placement; built lazily, dropped on change. */
  AdaptationPolicy policy;

  /** What the pipeline's policies saw oscillate; kept across the policy's rebuilds. */
  final Oscillations oscillations = new Oscillations();

  Optional<PendingChange> pending = Optional.empty();

  /** Generation the current placement was planned for; null until known. */
  Long plannedGeneration;

  /** When this state was created (operator start or model change), from the injected clock. */
  final Instant createdAt;

  PipelineState(String modelKey, Instant createdAt) {
    this.modelKey = modelKey;
    this.createdAt = createdAt;
  }

  /** Key of the link between {@code a} and {@code b}, whichever direction: "a -> b", sorted. */
  static String linkKey(String a, String b) {
    return a.compareTo(b) <= 0 ? a + " <-> " + b : b + " <-> " + a;
  }
}
