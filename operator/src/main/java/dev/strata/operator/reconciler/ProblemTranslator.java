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
   * Memory the stage worker holds before any range: JVM, Quarkus, ONNX Runtime and the mapped
   * model's structures (an idle worker measured 155 MiB resident), with room for request buffers.
   */
  static final long WORKER_BASELINE_BYTES = 256L << 20;

  /**
   * Time the planner sees for a segment a node did not run because it would not fit there: long
   * enough that no placement wants it, finite so every planner can still price a placement.
   */
  static final double NOT_RUNNABLE_MS = 1e7;

  private static double plannedMs(SegmentProfile s) {
    return s.medianMs() < 0 ? NOT_RUNNABLE_MS : Math.max(s.medianMs(), 1e-3);
  }

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
    for (int i = 0; i < reference.size(); i++) {
      // The most any node measured (or, where it could not run the segment, estimated). A range
      // holds every segment's weights, but the rest of a segment's peak (its activations, ONNX
      // Runtime's working memory) once: summed over VGG16's first 31 segments, those peaks made
      // 300 MB of a range that runs in less, and kept it off a 512 MB edge.
      //
      // The first part of a peak above the weights, up to the weights' own size, is counted as
      // ONNX Runtime's copy of them (convolution kernels re-laid out at session build), held per
      // segment like the weights: a VGG16 [0,31) session measured 144 MB anonymous memory above
      // its 59 MB of mapped weights, and counting its rest once let the planner build a second
      // one beside it on the 512 MiB edge, which the kernel then killed.
      long held = 0;
      long working = 0;
      for (List<SegmentProfile> p : profiles.values()) {
        if (p.size() == reference.size()) {
          SegmentProfile s = p.get(i);
          if (s.weightBytes() == null) {
            // A stage that does not report weights: its whole peak counts per segment.
            held = Math.max(held, s.peakMemoryBytes());
          } else {
            long rest = s.peakMemoryBytes() - s.weightBytes();
            long copy = Math.min(s.weightBytes(), rest);
            held = Math.max(held, s.weightBytes() + copy);
            working = Math.max(working, rest - copy);
          }
        }
      }
      segments.add(new Segment(0, held, working, reference.get(i).outputBytes()));
    }
    ModelProfile model =
        new ModelProfile(cr.getMetadata().getName(), reference.get(0).inputBytes(), segments);
    List<NodeProfile> nodes = new ArrayList<>();
    for (CandidateNode c : candidates) {
      List<SegmentProfile> p = profiles.get(c.name());
      if (p == null || p.size() != reference.size()) {
        continue;
      }
      double[] ms = p.stream().mapToDouble(ProblemTranslator::plannedMs).toArray();
      nodes.add(
          new NodeProfile(
              c.name(),
              c.tier(),
              SegmentTimes.of(ms),
              Math.max(
                  0,
                  Math.min(c.allocatableMemoryBytes(), stageMemoryLimitBytes)
                      - WORKER_BASELINE_BYTES),
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
