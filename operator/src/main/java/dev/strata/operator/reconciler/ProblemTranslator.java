package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.InferencePipelineSpec;
import dev.strata.core.placement.Constraints;
import dev.strata.core.placement.EnergyModel;
import dev.strata.core.placement.Links;
import dev.strata.core.placement.ModelProfile;
import dev.strata.core.placement.NodeProfile;
import dev.strata.core.placement.Objective;
import dev.strata.core.placement.PlanningProblem;
import dev.strata.core.placement.Segment;
import dev.strata.core.placement.SegmentTimes;
import dev.strata.operator.adaptation.LinkEstimate;
import dev.strata.operator.adapter.StageProtocol.SegmentProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns Kubernetes-side measurements into core's {@link PlanningProblem}: the planner never sees a
 * Kubernetes object. Pure.
 */
final class ProblemTranslator {

  private ProblemTranslator() {}

  /**
   * The problem over the candidates that have a profile, with the links measured between them.
   *
   * @param stageMemoryLimitBytes memory limit of a stage container; caps a node's free memory
   * @return empty when the source node has no profile yet
   */
  static Optional<PlanningProblem> translate(
      InferencePipeline cr,
      List<CandidateNode> candidates,
      Map<String, List<SegmentProfile>> profiles,
      Map<String, LinkEstimate> links,
      long stageMemoryLimitBytes) {
    if (candidates.isEmpty() || !profiles.containsKey(candidates.get(0).name())) {
      return Optional.empty();
    }
    String source = candidates.get(0).name();
    List<SegmentProfile> reference = profiles.get(source);
    List<Segment> segments = new ArrayList<>();
    for (SegmentProfile s : reference) {
      segments.add(new Segment(0, Math.max(0, s.peakMemoryBytes()), 0, s.outputBytes()));
    }
    ModelProfile model =
        new ModelProfile(cr.getMetadata().getName(), reference.get(0).inputBytes(), segments);
    List<NodeProfile> nodes = new ArrayList<>();
    for (CandidateNode c : candidates) {
      List<SegmentProfile> p = profiles.get(c.name());
      if (p == null || p.size() != reference.size()) {
        continue;
      }
      double[] ms = p.stream().mapToDouble(s -> Math.max(s.medianMs(), 1e-3)).toArray();
      nodes.add(
          new NodeProfile(
              c.name(),
              c.tier(),
              SegmentTimes.of(ms),
              Math.min(c.allocatableMemoryBytes(), stageMemoryLimitBytes),
              c.cpuLoad(),
              c.power()));
    }
    List<String> names = nodes.stream().map(NodeProfile::name).toList();
    Links.Builder builder = Links.builder(names);
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        LinkEstimate l = links.get(PipelineState.linkKey(names.get(i), names.get(j)));
        if (l != null && l.bandwidthMbps() > 0) {
          builder.symmetric(names.get(i), names.get(j), l.bandwidthMbps(), l.rttMs());
        }
      }
    }
    InferencePipelineSpec spec = cr.getSpec();
    Constraints constraints = Constraints.defaults();
    if (spec.getSlo() != null && spec.getSlo().getLatencyMs() != null) {
      constraints = constraints.withLatencySloMs(spec.getSlo().getLatencyMs());
    }
    return Optional.of(
        new PlanningProblem(
            model,
            nodes,
            builder.build(),
            source,
            Objective.valueOf(spec.getObjective().name()),
            constraints,
            EnergyModel.DEFAULT));
  }
}
