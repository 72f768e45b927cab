package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.PlacementRecord;
import dev.strata.api.v1alpha1.PlacementStatus;
import dev.strata.api.v1alpha1.PredictedFigures;
import dev.strata.api.v1alpha1.StageStatus;
import dev.strata.core.adaptation.AdaptationPolicy;
import dev.strata.core.adaptation.AdaptationSettings;
import dev.strata.core.adaptation.Decision;
import dev.strata.core.adaptation.ForcedMove;
import dev.strata.core.adaptation.LinkSample;
import dev.strata.core.adaptation.Metric;
import dev.strata.core.adaptation.NodeSample;
import dev.strata.core.adaptation.Observation;
import dev.strata.core.placement.CostModel;
import dev.strata.core.placement.Placement;
import dev.strata.core.placement.Plan;
import dev.strata.core.placement.PlannedStage;
import dev.strata.core.placement.Planner;
import dev.strata.core.placement.PlanningException;
import dev.strata.core.placement.PlanningProblem;
import dev.strata.core.placement.SegmentRange;
import dev.strata.core.placement.StageAssignment;
import dev.strata.operator.adapter.StageCallException;
import dev.strata.operator.adapter.StageClient;
import dev.strata.operator.adapter.StageProtocol.AssignmentView;
import dev.strata.operator.adapter.StageProtocol.ProbeReport;
import dev.strata.operator.adapter.StageProtocol.ProbeRequest;
import dev.strata.operator.adapter.StageProtocol.ProfileReport;
import dev.strata.operator.adapter.StageProtocol.ProfileRequest;
import dev.strata.operator.adapter.StageProtocol.WorkerStatus;
import dev.strata.operator.resources.StageNames;
import dev.strata.operator.resources.StagePods;
import dev.strata.operator.status.ConditionType;
import dev.strata.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * One pass over a valid pipeline, as named steps: run stage pods, check the model, profile, probe,
 * decide (core's planner and {@link AdaptationPolicy}), apply with prepare/commit, prune. Every
 * step reports to the {@link StatusAggregator}; nothing here writes status itself.
 */
final class PipelineCycle {

  private static final Logger LOG = Logger.getLogger(PipelineCycle.class);

  /**
   * How the pass ended.
   *
   * @param settled whether the pipeline is settled (look again when the next probe is due)
   * @param nextProbe when to look again: when the next probe round is due ({@link #roundInterval}
   *     after the last one started, so that the time a round takes does not stretch the interval),
   *     but no later than probeInterval from now, so node metrics are read that often; empty before
   *     the first round
   */
  record Outcome(boolean settled, Optional<Instant> nextProbe) {
    Outcome(boolean settled) {
      this(settled, Optional.empty());
    }
  }

  /** What a pass learned about the stages it could talk to. */
  private record Stages(Map<String, WorkerStatus> status, Map<String, URI> addresses) {}

  /** What the decide and apply steps of one pass work on. */
  private record Pass(
      InferencePipeline cr,
      ClusterView view,
      Stages ready,
      String token,
      PipelineState state,
      StatusAggregator status) {}

  private final StageClient stages;
  private final ClusterReader reader;
  private final StageObjects objects;
  private final MeasurementStore store;
  private final PlacementEvents events;
  private final OperatorMetrics metrics;
  private final CycleSettings settings;
  private final Clock clock;
  private final TwoPhaseApply twoPhase;

  PipelineCycle(
      StageClient stages,
      ClusterReader reader,
      StageObjects objects,
      MeasurementStore store,
      PlacementEvents events,
      OperatorMetrics metrics,
      CycleSettings settings,
      Clock clock) {
    this.stages = stages;
    this.twoPhase = new TwoPhaseApply(stages);
    this.reader = reader;
    this.objects = objects;
    this.store = store;
    this.events = events;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
  }

  Outcome run(InferencePipeline cr, StatusAggregator status) {
    String token = objects.ensureShared(cr);
    ClusterView view = reader.snapshot(cr);
    PipelineState state = store.stateOf(cr);
    state.samples.clear();
    state.probedThisPass = false;
    status.profileConfigMap(StageNames.profileConfigMap(cr.getMetadata().getName()));
    if (!reportCandidates(cr, view, status) || !modelClaimFound(cr, status)) {
      return new Outcome(false);
    }
    Set<String> wanted = wantedNodes(cr, view, state, status);
    runPods(cr, view, wanted);
    Stages ready = checkModel(cr, view, wanted, token, status);
    if (ready.status().isEmpty()) {
      store.save(cr, state);
      return new Outcome(false);
    }
    boolean settled;
    try {
      profile(cr, ready, token, state, status);
      probe(cr, ready, token, state, status);
      settled = decide(new Pass(cr, view, ready, token, state, status));
    } finally {
      // Measurements and the committed placement's baseline outlive a restart of the operator.
      store.save(cr, state);
    }
    if (settled && isDrained(status)) {
      prune(view, wantedNodes(cr, view, state, status));
    }
    Duration interval = Durations.parse(cr.getSpec().getAdaptation().getProbeInterval());
    Instant nextLook = clock.instant().plus(interval);
    Optional<Instant> nextProbe =
        state.linksToConfirm.isEmpty()
            ? state
                .lastProbe
                .map(t -> t.plus(roundInterval(interval, status.placement())))
                .map(t -> t.isBefore(nextLook) ? t : nextLook)
            : Optional.of(clock.instant());
    return new Outcome(settled && status.isReady(), nextProbe);
  }

  // --- step: model claim --------------------------------------------------------------------

  /** A {@code pvc://} model's claim must exist before stage pods that mount it are created. */
  private boolean modelClaimFound(InferencePipeline cr, StatusAggregator status) {
    Optional<String> claim = StagePods.modelClaim(cr);
    if (claim.isEmpty() || objects.claimExists(cr, claim.get())) {
      return true;
    }
    String message =
        "InferencePipeline "
            + cr.key()
            + ": spec.model.uri "
            + cr.getSpec().getModel().getUri()
            + " names PersistentVolumeClaim \""
            + claim.get()
            + "\", which does not exist in namespace "
            + cr.getMetadata().getNamespace()
            + "; create the claim with the ONNX file at the URI's path, or fix spec.model.uri.";
    status.isFalse(ConditionType.MODEL_LOADED, "ModelClaimNotFound", message);
    status.isTrue(ConditionType.DEGRADED, "ModelClaimNotFound", message);
    events.record(
        cr,
        "Warning",
        "ModelClaimNotFound",
        message,
        "model-claim-g" + cr.getMetadata().getGeneration());
    return false;
  }

  // --- step: candidates -----------------------------------------------------------------------

  private boolean reportCandidates(
      InferencePipeline cr, ClusterView view, StatusAggregator status) {
    status.tiers(String.join(",", cr.getSpec().getTiers().stream().map(t -> t.getName()).toList()));
    if (view.candidates().isEmpty()) {
      String message =
          "InferencePipeline "
              + cr.key()
              + ": no tier matches a Ready schedulable node; label nodes with strata.dev/tier=<tier>"
              + " or fix spec.tiers[].nodeSelector.";
      status.isFalse(ConditionType.PLACED, "NoCandidateNodes", message);
      status.isTrue(ConditionType.DEGRADED, "NoCandidateNodes", message);
      objects.deleteStagePods(cr);
      return false;
    }
    if (!view.warnings().isEmpty()) {
      status.isTrue(
          ConditionType.DEGRADED, "PartialCluster", String.join("; ", view.warnings()) + ".");
    } else {
      status.isFalse(ConditionType.DEGRADED, "AsExpected", "Nothing is degraded.");
    }
    return true;
  }

  /**
   * Nodes that need a stage pod: before the first placement, and while adapting with standby
   * stages, every candidate (to profile it and probe its links); otherwise the placement's nodes,
   * the source node, a pending placement's nodes and candidates not profiled yet.
   */
  private static Set<String> wantedNodes(
      InferencePipeline cr, ClusterView view, PipelineState state, StatusAggregator status) {
    Set<String> wanted = new LinkedHashSet<>();
    Optional<PlacementStatus> placement = status.placement();
    var adaptation = cr.getSpec().getAdaptation();
    boolean standby =
        !Boolean.FALSE.equals(adaptation.getEnabled())
            && !Boolean.FALSE.equals(adaptation.getStandbyStages());
    for (CandidateNode c : view.candidates()) {
      if (placement.isEmpty() || standby || !state.profiles.containsKey(c.name())) {
        wanted.add(c.name());
      }
    }
    view.source().ifPresent(s -> wanted.add(s.name()));
    placement.ifPresent(p -> p.getStages().stream().map(StageStatus::getNode).forEach(wanted::add));
    state.pending.ifPresent(
        p -> p.plan().stages().stream().map(PlannedStage::node).forEach(wanted::add));
    wanted.removeIf(n -> view.candidate(n).isEmpty());
    return wanted;
  }

  // --- step: pods -----------------------------------------------------------------------------

  private void runPods(InferencePipeline cr, ClusterView view, Set<String> wanted) {
    for (String node : wanted) {
      objects.ensurePod(cr, view.candidate(node).orElseThrow(), view.stagePods().get(node));
    }
    // Pods on nodes that left the cluster or stopped matching: nothing collects them for us.
    for (Map.Entry<String, Pod> e : view.stagePods().entrySet()) {
      if (view.candidate(e.getKey()).isEmpty()) {
        objects.deletePod(e.getValue());
      }
    }
  }

  /**
   * Whether the drain period passed since the committed placement changed: stages that left it may
   * still finish requests of the old revision until then.
   */
  private boolean isDrained(StatusAggregator status) {
    Optional<Instant> changed =
        status
            .placement()
            .map(PlacementStatus::getChangedAt)
            .filter(t -> t != null && !t.isBlank())
            .map(Instant::parse);
    return changed.isEmpty()
        || !Instant.now(clock).isBefore(changed.get().plus(settings.drainPeriod()));
  }

  private void prune(ClusterView view, Set<String> wanted) {
    for (Map.Entry<String, Pod> e : view.stagePods().entrySet()) {
      if (!wanted.contains(e.getKey()) && view.candidate(e.getKey()).isPresent()) {
        objects.deletePod(e.getValue());
      }
    }
  }

  // --- step: model ----------------------------------------------------------------------------

  private Stages checkModel(
      InferencePipeline cr,
      ClusterView view,
      Set<String> wanted,
      String token,
      StatusAggregator status) {
    Map<String, WorkerStatus> ready = new TreeMap<>();
    Map<String, URI> addresses = new TreeMap<>();
    List<String> loading = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String failure = null;
    String failureReason = null;
    for (String node : wanted) {
      view.crashLoop(node).ifPresent(problems::add);
      if (!view.isStageReady(node)) {
        loading.add(node);
        continue;
      }
      URI address = StageNames.address(cr, node);
      try {
        WorkerStatus s = stages.status(address, token);
        if (s.isFailed()) {
          failureReason = modelReason(s.error());
          failure =
              "InferencePipeline "
                  + cr.key()
                  + ": stage on node "
                  + node
                  + " cannot load spec.model.uri "
                  + cr.getSpec().getModel().getUri()
                  + ": "
                  + s.error()
                  + "; "
                  + modelFix(failureReason);
        } else if (s.isReady()) {
          ready.put(node, s);
          addresses.put(node, address);
        } else {
          loading.add(node);
        }
      } catch (StageCallException e) {
        problems.add(e.getMessage() + "; check the pod's logs and that the port 8080 is reachable");
      }
    }
    if (failure != null) {
      status.isFalse(ConditionType.MODEL_LOADED, failureReason, failure);
      events.record(
          cr,
          "Warning",
          failureReason,
          failure,
          "model-failed-g" + cr.getMetadata().getGeneration());
      status.isTrue(ConditionType.DEGRADED, failureReason, failure);
      return new Stages(Map.of(), Map.of());
    }
    if (!problems.isEmpty()) {
      status.isTrue(ConditionType.DEGRADED, "StageUnhealthy", String.join("; ", problems) + ".");
    }
    if (ready.isEmpty()) {
      status.isUnknown(
          ConditionType.MODEL_LOADED,
          "StagesStarting",
          "Waiting for stage pods on " + loading + " to become Ready and load the model.");
      return new Stages(Map.of(), Map.of());
    }
    status.isTrue(
        ConditionType.MODEL_LOADED,
        "ModelLoaded",
        "Stages on " + ready.keySet() + " loaded " + cr.getSpec().getModel().getUri() + ".");
    return new Stages(ready, addresses);
  }

  static String modelReason(String error) {
    String e = error == null ? "" : error.toLowerCase(Locale.ROOT);
    if (e.contains("sha256 mismatch") || e.contains("checksum")) {
      return "ModelChecksumMismatch";
    }
    if (e.contains("not a readable onnx")
        || e.contains("rejected the model")
        || e.contains("corrupt")) {
      return "ModelCorrupt";
    }
    if (e.contains("download")
        || e.contains("no such file")
        || e.contains("unsupported scheme")
        || e.contains("not a valid uri")
        || e.contains("unreachable")) {
      return "ModelUnreachable";
    }
    return "ModelLoadFailed";
  }

  private static String modelFix(String reason) {
    return switch (reason) {
      case "ModelChecksumMismatch" ->
          "set spec.model.sha256 to the file's SHA-256 or point spec.model.uri at the right file";
      case "ModelCorrupt" -> "spec.model.uri must name a valid ONNX model; re-export it";
      case "ModelUnreachable" ->
          "make spec.model.uri reachable from every node (URL, file path or PVC)";
      default -> "read the stage pod's logs";
    };
  }

  // --- step: profile --------------------------------------------------------------------------

  private void profile(
      InferencePipeline cr,
      Stages ready,
      String token,
      PipelineState state,
      StatusAggregator status) {
    List<String> failed = new ArrayList<>();
    for (Map.Entry<String, URI> e : ready.addresses().entrySet()) {
      if (state.profiles.containsKey(e.getKey())) {
        continue;
      }
      Instant start = Instant.now(clock);
      try {
        ProfileReport report =
            stages.profile(
                e.getValue(),
                token,
                new ProfileRequest(settings.profileRuns(), settings.profileWarmup()));
        if (report.segments() == null || report.segments().isEmpty()) {
          failed.add("stage on " + e.getKey() + " reported no segments");
          continue;
        }
        state.profiles.put(e.getKey(), List.copyOf(report.segments()));
        metrics.profiled(cr, Duration.between(start, Instant.now(clock)));
      } catch (StageCallException ex) {
        failed.add(ex.getMessage());
      }
    }
    long profiled = ready.addresses().keySet().stream().filter(state.profiles::containsKey).count();
    if (!failed.isEmpty()) {
      status.isFalse(
          ConditionType.PROFILED,
          "ProfilingFailed",
          "Profiling failed: " + String.join("; ", failed) + "; the operator retries.");
    } else {
      status.isTrue(
          ConditionType.PROFILED,
          "Profiled",
          profiled
              + " node(s) profiled: "
              + state.profiles.keySet()
              + " (per-segment times in ConfigMap "
              + StageNames.profileConfigMap(cr.getMetadata().getName())
              + ").");
    }
  }

  // --- step: probe ----------------------------------------------------------------------------

  /** How many probe intervals pass between rounds while one node runs the whole placement. */
  static final int LOCAL_ROUND_INTERVALS = 5;

  /**
   * Time between probe rounds, start to start: probeInterval, or {@link #LOCAL_ROUND_INTERVALS}
   * times that while the committed placement runs on one node. Its requests then cross no link, so
   * no link can slow them; rounds only look for a better split, and their traffic takes CPU on
   * nodes that may have little (the edge that runs the model). Node metrics are still read every
   * interval, and a link whose drift has not settled is still confirmed at once.
   */
  static Duration roundInterval(Duration probeInterval, Optional<PlacementStatus> committed) {
    boolean local = committed.map(p -> !DataPath.committed(p).crossesLink()).orElse(false);
    return local ? probeInterval.multipliedBy(LOCAL_ROUND_INTERVALS) : probeInterval;
  }

  private void probe(
      InferencePipeline cr,
      Stages ready,
      String token,
      PipelineState state,
      StatusAggregator status) {
    Instant now = Instant.now(clock);
    Duration interval =
        roundInterval(
            Durations.parse(cr.getSpec().getAdaptation().getProbeInterval()), status.placement());
    List<String> nodes = List.copyOf(ready.addresses().keySet());
    boolean missing = false;
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        missing |= !state.links.containsKey(PipelineState.linkKey(nodes.get(i), nodes.get(j)));
      }
    }
    Set<String> confirm = Set.copyOf(state.linksToConfirm);
    state.linksToConfirm.clear();
    // A round that takes longer than probeInterval is always due again; confirming goes first.
    boolean round =
        missing
            || confirm.isEmpty()
                && state.lastProbe.map(t -> !now.isBefore(t.plus(interval))).orElse(true);
    if (!round && confirm.isEmpty()) {
      return;
    }
    if (round) {
      state.lastProbe = Optional.of(now);
      state.confirmPasses = 0;
    } else {
      state.confirmPasses++;
    }
    state.probedThisPass = true;
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        String from = nodes.get(i);
        String to = nodes.get(j);
        String link = PipelineState.linkKey(from, to);
        if (!round && !confirm.contains(link)) {
          continue;
        }
        Optional<LinkEstimate> last = Optional.ofNullable(state.links.get(link));
        List<Long> sizes =
            ProbeSizing.sizes(
                last.stream().mapToDouble(LinkEstimate::bandwidthMbps).findFirst(),
                settings.probeSizes());
        OptionalLong budget = ProbeSizing.budgetMs(last, sizes, settings.probeRepeats());
        Instant started = clock.instant();
        try {
          ProbeReport report =
              stages.probe(
                  ready.addresses().get(from),
                  token,
                  new ProbeRequest(
                      ready.addresses().get(to).toString(),
                      sizes,
                      settings.probeRepeats(),
                      budget.isPresent() ? budget.getAsLong() : null));
          Duration took = Duration.between(started, clock.instant());
          metrics.probed(cr, from + "->" + to, report.bytesUsed(), took);
          LOG.debugf(
              "%s: probed %s->%s (%s) in %d ms",
              cr.key(), from, to, round ? "round" : "confirming a drift", took.toMillis());
          double rtt = Math.max(0, report.rttMs());
          double floor = state.rttFloors.merge(link, rtt, Math::min);
          double mbps = Math.max(report.bandwidthMbps(floor), 1e-3);
          state.links.put(link, new LinkEstimate(mbps, rtt));
          state.samples.add(new LinkSample(from, to, mbps, rtt));
          state.samples.add(new LinkSample(to, from, mbps, rtt));
        } catch (StageCallException e) {
          failed.add(e.getMessage());
        }
      }
    }
    if (!failed.isEmpty()) {
      status.isTrue(
          ConditionType.DEGRADED,
          "ProbeFailed",
          "Link probes failed: "
              + String.join("; ", failed)
              + "; check that stages reach each other on port 8080.");
    }
  }

  // --- step: decide and apply -----------------------------------------------------------------

  /** Returns whether the pipeline is settled on a committed placement. */
  private boolean decide(Pass pass) {
    InferencePipeline cr = pass.cr();
    ClusterView view = pass.view();
    Stages ready = pass.ready();
    PipelineState state = pass.state();
    StatusAggregator status = pass.status();
    Optional<PlanningProblem> problem =
        ProblemTranslator.translate(
            cr,
            view.candidates().stream()
                .filter(
                    c ->
                        ready.addresses().containsKey(c.name())
                            || state.profiles.containsKey(c.name()))
                .toList(),
            state.profiles,
            state.links,
            memoryLimitBytes());
    if (problem.isEmpty()) {
      status.isUnknown(
          ConditionType.PLACED, "Profiling", "Waiting for the source node's stage to be profiled.");
      return false;
    }
    if (state.pending.isPresent()
        && state.pending.get().plan().stages().stream()
            .anyMatch(st -> view.candidate(st.node()).isEmpty())) {
      // A node of the change in flight left: plan again from what is there now.
      state.pending = Optional.empty();
    }
    if (state.pending.isPresent()) {
      return applyWhenReady(pass, state.pending.get());
    }
    Optional<PlacementStatus> current = status.placement();
    try {
      if (current.isEmpty()) {
        List<String> unprofiled =
            view.candidates().stream()
                .map(CandidateNode::name)
                .filter(n -> !state.profiles.containsKey(n))
                .toList();
        boolean waited =
            !Instant.now(clock).isBefore(state.createdAt.plus(settings.initialProfileTimeout()));
        if (!unprofiled.isEmpty() && !waited) {
          status.isUnknown(
              ConditionType.PLACED,
              "Profiling",
              "Profiling the candidate nodes; waiting for " + unprofiled + ".");
          return false;
        }
        if (!unprofiled.isEmpty()) {
          status.isTrue(
              ConditionType.DEGRADED,
              "NodesNotProfiled",
              "Candidates "
                  + unprofiled
                  + " were not profiled within "
                  + settings.initialProfileTimeout().toSeconds()
                  + "s; placed without them. Check their stage pods.");
        }
        return change(pass, planner(cr).plan(problem.get()), "Initial", "initial placement");
      }
      // Each plan from here changes the committed placement: a node whose range changes builds the
      // new session beside the one it serves, so the new range must fit beside the old, priced at
      // what the stage measures when that is more than the model.
      PlanningProblem changing =
          problem.get().changingFrom(toPlacement(current.get())).withHeldBytes(sessionBytes(ready));
      Optional<String> lost = lostStage(current.get(), view, ready);
      if (lost.isPresent()) {
        ForcedMove forced = ForcedMove.plan(planner(cr), changing);
        return change(pass, forced.plan(), "NodeLost", lost.get() + forced.note());
      }
      List<String> unavailable =
          DataPath.committed(current.get()).nodes().stream()
              .filter(n -> !ready.status().containsKey(n))
              .toList();
      if (!unavailable.isEmpty()) {
        status.isFalse(
            ConditionType.PLACED,
            "StageUnavailable",
            "InferencePipeline "
                + cr.key()
                + ": revision "
                + current.get().getRevision()
                + " has stages on "
                + unavailable
                + " that are not Ready or not answering; see Degraded for the cause. The operator"
                + " waits for them; a node that leaves the cluster is re-placed.");
        return false;
      }
      Optional<String> mismatch = stagesDisagree(current.get(), ready);
      if (mismatch.isPresent()) {
        ForcedMove forced = ForcedMove.plan(planner(cr), changing);
        return change(pass, forced.plan(), "Resync", mismatch.get() + forced.note());
      }
      if (!Long.valueOf(cr.getMetadata().getGeneration())
          .equals(plannedGeneration(status, state))) {
        state.plannedGeneration = cr.getMetadata().getGeneration();
        state.policy = null;
        Plan replanned = planner(cr).plan(changing);
        if (!replanned.placement().equals(toPlacement(current.get()))) {
          return change(
              pass,
              replanned,
              "SpecChanged",
              "spec changed (generation " + cr.getMetadata().getGeneration() + ")");
        }
      }
      return adapt(pass, changing, current.get());
    } catch (PlanningException e) {
      String message = "InferencePipeline " + cr.key() + ": " + e.field() + ": " + e.detail() + ".";
      status.isFalse(ConditionType.PLACED, e.reason().code(), message);
      status.isFalse(ConditionType.ADAPTING, e.reason().code(), message);
      return false;
    }
  }

  private Long plannedGeneration(StatusAggregator status, PipelineState state) {
    if (state.plannedGeneration == null) {
      // After a restart: the committed placement was planned for the generation status observed.
      state.plannedGeneration = status.observedGeneration().orElse(null);
    }
    return state.plannedGeneration;
  }

  private static Optional<String> lostStage(
      PlacementStatus current, ClusterView view, Stages ready) {
    for (String node : DataPath.committed(current).nodes()) {
      if (view.candidate(node).isEmpty()) {
        return Optional.of("node " + node + " left the candidates (deleted, NotReady or cordoned)");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> stagesDisagree(PlacementStatus current, Stages ready) {
    for (Map.Entry<String, WorkerStatus> e : ready.status().entrySet()) {
      WorkerStatus w = e.getValue();
      AssignmentView prepared = w.assignment() == null ? null : w.assignment().prepared();
      if (prepared != null && prepared.revision() > current.getRevision()) {
        return Optional.of(
            "stage on "
                + e.getKey()
                + " holds revision "
                + prepared.revision()
                + ", prepared but never committed (operator restarted or a commit failed"
                + " mid-change); re-planning from the current measurements");
      }
    }
    for (DataPath.Stop s : DataPath.committed(current).stops()) {
      WorkerStatus w = ready.status().get(s.node());
      if (w == null) {
        continue; // not Ready right now: Degraded, not a reason to move
      }
      AssignmentView committed = w.assignment() == null ? null : w.assignment().committed();
      if (committed == null
          || committed.revision() != current.getRevision()
          || !committed.runs(s.from(), s.to())) {
        return Optional.of(
            "stage on "
                + s.node()
                + " does not serve revision "
                + current.getRevision()
                + " (operator or stage restarted mid-change); re-applying");
      }
    }
    return Optional.empty();
  }

  private boolean adapt(Pass pass, PlanningProblem problem, PlacementStatus current) {
    InferencePipeline cr = pass.cr();
    ClusterView view = pass.view();
    PipelineState state = pass.state();
    StatusAggregator status = pass.status();
    if (Boolean.FALSE.equals(cr.getSpec().getAdaptation().getEnabled())) {
      status.isFalse(
          ConditionType.ADAPTING,
          "AdaptationDisabled",
          "spec.adaptation.enabled is false: the placement chosen at start is kept; a lost node or"
              + " a spec change still re-places.");
      status.isTrue(ConditionType.PLACED, "Placed", placedMessage(current));
      return true;
    }
    if (state.policy == null) {
      // The policy's baseline is what the placement was planned with (kept across restarts).
      // Metrics that moved between the commit and this pass are drift, not the new normal.
      PlanningProblem template =
          state.plannedLinks.isEmpty()
              ? problem
              : ProblemTranslator.translate(
                      cr,
                      problem.nodes().stream()
                          .map(n -> planned(state, view.candidate(n.name()).orElseThrow()))
                          .toList(),
                      state.profiles,
                      state.plannedLinks,
                      memoryLimitBytes())
                  .orElse(problem);
      Plan running;
      try {
        running = CostModel.evaluate(template, toPlacement(current), "exact");
      } catch (PlanningException e) {
        return change(
            pass,
            planner(cr).plan(problem),
            "Resync",
            "revision "
                + current.getRevision()
                + " no longer fits the measurements ("
                + e.detail()
                + ")");
      }
      state.policy =
          new AdaptationPolicy(
              adaptationSettings(cr), planner(cr), template, running, clock, state.oscillations);
    }
    if (!state.probedThisPass) {
      status.isTrue(ConditionType.PLACED, "Placed", placedMessage(current));
      return true;
    }
    List<NodeSample> nodes = new ArrayList<>();
    for (var node : problem.nodes()) {
      nodes.add(
          new NodeSample(node.name(), node.cpuLoad(), node.freeMemoryBytes(), node.heldBytes()));
    }
    Decision decision = state.policy.evaluate(new Observation(nodes, List.copyOf(state.samples)));
    confirmSoon(state, decision);
    // Drift, and what the policy made of it, is what an operator reads the log for.
    LOG.logf(
        decision.drifts().isEmpty() ? Logger.Level.DEBUG : Logger.Level.INFO,
        "%s: %s: %s",
        cr.key(),
        decision.kind(),
        decision.reason());
    switch (decision.kind()) {
      case MOVE -> {
        return change(
            pass,
            decision.plan(),
            decision.drifts().isEmpty() ? "NodeLost" : "Drift",
            decision.reason());
      }
      case UNPLACEABLE -> {
        String message = "InferencePipeline " + cr.key() + ": " + decision.reason() + ".";
        status.isFalse(ConditionType.PLACED, "Unplaceable", message);
        status.isTrue(ConditionType.DEGRADED, "Unplaceable", message);
        return false;
      }
      case KEEP -> status.isFalse(ConditionType.ADAPTING, "NoGain", decision.reason() + ".");
      default -> status.isFalse(ConditionType.ADAPTING, "Stable", decision.reason() + ".");
    }
    status.isTrue(ConditionType.PLACED, "Placed", placedMessage(current));
    return true;
  }

  /**
   * A link drift that has not settled is measured again at the next pass, up to the samples it
   * needs to settle, instead of waiting a whole probe round for each: a dropped link is left
   * sooner, and a recovered one used again sooner; node metrics keep the round's pace.
   */
  private static void confirmSoon(PipelineState state, Decision decision) {
    if (state.confirmPasses >= AdaptationSettings.defaults().settleSamples() - 1) {
      return;
    }
    for (Metric link : decision.linksToConfirm()) {
      String[] ends = link.subject().split("->", 2);
      state.linksToConfirm.add(PipelineState.linkKey(ends[0], ends[1]));
    }
  }

  private static CandidateNode planned(PipelineState state, CandidateNode now) {
    NodeUsage usage = state.plannedNodes.get(now.name());
    return usage == null ? now : usage.applyTo(now);
  }

  private static Planner planner(InferencePipeline cr) {
    return Strategies.planner(cr.getSpec().getStrategy());
  }

  private long memoryLimitBytes() {
    return new Quantity(settings.stage().memoryLimit()).getNumericalAmount().longValue();
  }

  private static AdaptationSettings adaptationSettings(InferencePipeline cr) {
    AdaptationSettings d = AdaptationSettings.defaults();
    var a = cr.getSpec().getAdaptation();
    return new AdaptationSettings(
        a.getDriftThreshold() == null ? d.driftThreshold() : a.getDriftThreshold(),
        a.getMinGain() == null ? d.minGain() : a.getMinGain(),
        a.getCooldown() == null ? d.cooldown() : Durations.parse(a.getCooldown()),
        d.smoothing(),
        d.settleSamples(),
        d.switchingCost());
  }

  private static Placement toPlacement(PlacementStatus p) {
    return new Placement(
        p.getStages().stream()
            .map(
                s ->
                    new StageAssignment(
                        s.getNode(), new SegmentRange(s.getFromSegment(), s.getToSegment())))
            .toList());
  }

  private boolean change(Pass pass, Plan plan, String reasonCode, String reason) {
    PipelineState.PendingChange change = new PipelineState.PendingChange(plan, reason, reasonCode);
    pass.state().pending = Optional.of(change);
    return applyWhenReady(pass, change);
  }

  private boolean applyWhenReady(Pass pass, PipelineState.PendingChange change) {
    Plan plan = change.plan();
    String reason = change.reason();
    InferencePipeline cr = pass.cr();
    ClusterView view = pass.view();
    Stages ready = pass.ready();
    String token = pass.token();
    PipelineState state = pass.state();
    StatusAggregator status = pass.status();
    DataPath path = DataPath.of(plan, view.source().map(CandidateNode::name));
    List<String> waiting =
        path.nodes().stream().filter(n -> !ready.addresses().containsKey(n)).toList();
    if (!waiting.isEmpty()) {
      for (String node : waiting) {
        view.candidate(node).ifPresent(c -> objects.ensurePod(cr, c, view.stagePods().get(node)));
      }
      status.isTrue(
          ConditionType.ADAPTING,
          "StartingStages",
          "Moving to "
              + plan.placement()
              + " ("
              + reason
              + "): waiting for stage pods on "
              + waiting
              + ".");
      return false;
    }
    List<String> draining =
        "Drift".equals(change.reasonCode()) ? drainingBeforeNewRange(path, ready) : List.of();
    if (!draining.isEmpty()) {
      status.isTrue(
          ConditionType.ADAPTING,
          "Draining",
          "Moving to "
              + plan.placement()
              + " ("
              + reason
              + "): waiting for "
              + draining
              + " to release the session of a replaced revision (the stage's drain period):"
              + " building a new range there now would hold three sessions, and the planner"
              + " priced two.");
      return false;
    }
    long revision = nextRevision(status, ready);
    Instant started = clock.instant();
    try {
      twoPhase.apply(
          path,
          ready.addresses(),
          token,
          revision,
          cr.getSpec().getRuntime().getWirePrecision().name().toLowerCase(Locale.ROOT));
      if (status.placement().isPresent()) {
        metrics.switched(cr, Duration.between(started, clock.instant()));
      }
    } catch (StageCallException e) {
      String message =
          "Applying revision "
              + revision
              + " ("
              + reason
              + ") failed: "
              + e.getMessage()
              + "; the operator retries.";
      status.isTrue(ConditionType.ADAPTING, "ApplyFailed", message);
      status.isTrue(ConditionType.DEGRADED, "ApplyFailed", message);
      return false;
    }
    objects.markEntry(view.stagePods(), path.entryNode());
    committed(cr, view, state, status, plan, path.entryNode(), revision, reason);
    return true;
  }

  /**
   * Nodes of {@code path} that would build a new range while they still hold the session of a
   * replaced revision. A drift can wait for those sessions to be released (one drain period at
   * most); a lost node or a resync cannot.
   */
  private static List<String> drainingBeforeNewRange(DataPath path, Stages ready) {
    List<String> nodes = new ArrayList<>();
    for (DataPath.Stop s : path.stops()) {
      WorkerStatus w = ready.status().get(s.node());
      if (s.isRelay() || w == null || w.assignment() == null) {
        continue;
      }
      AssignmentView committed = w.assignment().committed();
      boolean sameRange = committed != null && committed.runs(s.from(), s.to());
      if (!sameRange && w.assignment().drainingSessions() > 0) {
        nodes.add(s.node());
      }
    }
    return nodes;
  }

  /** What each stage reported its sessions take, where it did. */
  private static Map<String, Long> sessionBytes(Stages ready) {
    Map<String, Long> bytes = new HashMap<>();
    ready
        .status()
        .forEach(
            (node, w) -> {
              if (w.assignment() != null && w.assignment().sessionBytes() != null) {
                bytes.put(node, w.assignment().sessionBytes());
              }
            });
    return bytes;
  }

  private static long nextRevision(StatusAggregator status, Stages ready) {
    long max = status.placement().map(PlacementStatus::getRevision).orElse(0L);
    for (WorkerStatus w : ready.status().values()) {
      if (w.assignment() != null) {
        if (w.assignment().committed() != null) {
          max = Math.max(max, w.assignment().committed().revision());
        }
        if (w.assignment().prepared() != null) {
          max = Math.max(max, w.assignment().prepared().revision());
        }
      }
    }
    return max + 1;
  }

  private void committed(
      InferencePipeline cr,
      ClusterView view,
      PipelineState state,
      StatusAggregator status,
      Plan plan,
      String entryNode,
      long revision,
      String reason) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    PlacementStatus p = new PlacementStatus();
    p.setRevision(revision);
    p.setStrategy(plan.strategy());
    p.setEntryNode(entryNode);
    List<StageStatus> stageStatuses = new ArrayList<>();
    for (PlannedStage s : plan.stages()) {
      CandidateNode c = view.candidate(s.node()).orElseThrow();
      List<dev.strata.operator.adapter.StageProtocol.SegmentProfile> profile =
          state.profiles.get(s.node());
      long out = profile == null ? 0 : profile.get(s.range().to() - 1).outputBytes();
      stageStatuses.add(
          new StageStatus(
              c.tierName(),
              s.node(),
              StageNames.pod(cr.getMetadata().getName(), s.node()),
              s.range().from(),
              s.range().to(),
              out));
    }
    p.setStages(stageStatuses);
    p.setPredicted(
        new PredictedFigures(
            round(plan.predicted().latencyMs()),
            round(plan.predicted().energyJ()),
            round(plan.predicted().sourceEnergyJ()),
            round(plan.predicted().throughputRps())));
    p.setReason(reason);
    p.setChangedAt(now);
    String hops = plan.placement().toString();
    status.committed(
        p, new PlacementRecord(revision, hops, round(plan.predicted().latencyMs()), reason, now));
    status.isTrue(ConditionType.PLACED, "Placed", placedMessage(p));
    status.isFalse(
        ConditionType.ADAPTING,
        "Committed",
        "Revision " + revision + " committed: " + reason + ".");
    String code = state.pending.map(PipelineState.PendingChange::reasonCode).orElse("Replan");
    events.record(
        cr,
        "Normal",
        "PlacementChanged",
        "Revision " + revision + ": " + hops + " (" + reason + ")",
        "placement-r" + revision);
    metrics.replanned(cr, code, revision);
    LOG.infof("%s: revision %d committed: %s (%s)", cr.key(), revision, hops, reason);
    state.pending = Optional.empty();
    state.plannedGeneration = cr.getMetadata().getGeneration();
    // The policy is rebuilt on the next pass around the new placement and the measurements it
    // was planned with.
    state.policy = null;
    state.plannedLinks.clear();
    state.plannedLinks.putAll(state.links);
    state.plannedNodes.clear();
    view.candidates().forEach(c -> state.plannedNodes.put(c.name(), NodeUsage.of(c)));
  }

  private static String placedMessage(PlacementStatus p) {
    return "Revision "
        + p.getRevision()
        + " committed on "
        + p.getStages().stream().map(s -> s.getNode() + "[" + s.getSegments() + "]").toList()
        + DataPath.committed(p)
            .relay()
            .map(n -> "; requests enter on " + n + ", whose stage forwards them to the first stage")
            .orElse("")
        + ".";
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : -1;
  }
}
