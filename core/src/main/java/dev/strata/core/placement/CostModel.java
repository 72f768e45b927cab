package dev.strata.core.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one definition of what a placement costs. Planners search; this class prices.
 *
 * <p>For a placement with stages {@code s_1..s_k} and source node {@code src}:
 *
 * <ul>
 *   <li>stage {@code i} receives the tensor at boundary {@code s_i.from} from {@code s_{i-1}}'s
 *       node ({@code src} for the first stage): {@code transfer_i} = {@link
 *       LinkProfile#transferMs(long)} over that link, 0 on the same node;
 *   <li>{@code compute_i} = sum of {@link NodeProfile#effectiveMs(int)} over the range;
 *   <li>{@code return} = transfer of the model output from {@code s_k}'s node to {@code src} when
 *       {@link Constraints#returnOutputToSource()}, else 0;
 *   <li>latency = sum of transfers + sum of computes + return;
 *   <li>bottleneck = max of every compute, transfer and the return; throughput = 1000 / bottleneck
 *       requests per second (every stage and link works on a different request at once);
 *   <li>energy (MODELED) = sum of profiled CPU ms x dynamic watts / 1000 + sum of transfer ms
 *       (return included) x {@link EnergyModel#transferWatts()} / 1000;
 *   <li>source energy (MODELED) = the part of it on {@code src}: the CPU ms of a stage there x its
 *       dynamic watts / 1000, plus half of the transfer energy of every transfer that starts or
 *       ends there (each end's network interface).
 * </ul>
 */
public final class CostModel {

  private CostModel() {}

  /**
   * Prices {@code placement} for {@code problem}.
   *
   * @throws PlanningException {@code InvalidPlacement} when the placement does not cover the model
   *     with consecutive ranges, breaks the tier order, names an unknown node, puts a range on a
   *     node without enough memory or sends a tensor over a missing link
   */
  public static Plan evaluate(PlanningProblem problem, Placement placement, String strategy) {
    return evaluate(problem, placement, strategy, problem.nodesByName());
  }

  static Plan evaluate(
      PlanningProblem problem,
      Placement placement,
      String strategy,
      Map<String, NodeProfile> byName) {
    ModelProfile model = problem.model();
    double transferW = problem.energyModel().transferWatts();
    List<StageAssignment> stages = placement.stages();
    if (stages.isEmpty()) {
      throw invalid("stages", "a placement needs at least one stage");
    }
    List<PlannedStage> planned = new ArrayList<>(stages.size());
    String previous = problem.sourceNode();
    int boundary = 0;
    int lastTier = -1;
    double latency = 0;
    double energy = 0;
    double sourceEnergy = 0;
    double bottleneck = 0;
    for (int i = 0; i < stages.size(); i++) {
      StageAssignment stage = stages.get(i);
      String field = "stages[" + i + "]";
      NodeProfile node = byName.get(stage.node());
      if (node == null) {
        throw invalid(field + ".node", "node " + stage.node() + " is not a candidate");
      }
      if (stage.range().from() != boundary) {
        throw invalid(
            field + ".range",
            "range "
                + stage.range()
                + " must start at segment "
                + boundary
                + " (no gap, no overlap)");
      }
      if (node.tier().ordinal() <= lastTier) {
        throw invalid(
            field + ".node",
            "node "
                + node.name()
                + " ("
                + node.tier()
                + ") breaks the tier order edge->fog->cloud");
      }
      if (stage.range().to() > model.segmentCount()) {
        throw invalid(
            field + ".range",
            "range "
                + stage.range()
                + " ends past the model's "
                + model.segmentCount()
                + " segments");
      }
      long memory = model.rangeMemoryBytes(stage.range());
      long free = node.freeMemoryFor(stage.range(), model);
      if (memory > free) {
        throw invalid(
            field + ".range",
            "range "
                + stage.range()
                + " needs "
                + memory
                + " bytes but node "
                + node.name()
                + " has "
                + free
                + " free"
                + (free < node.freeMemoryBytes()
                    ? " beside the range "
                        + node.held().orElseThrow()
                        + " it serves until the switch completes"
                    : ""));
      }
      long inputBytes = model.boundaryBytes(boundary);
      double transfer = transferMs(problem, previous, node.name(), inputBytes, field);
      double compute = 0;
      double cpu = 0;
      for (int s = stage.range().from(); s < stage.range().to(); s++) {
        compute += node.effectiveMs(s);
        cpu += node.profiledMs().get(s);
      }
      double computeEnergy = cpu * node.power().dynamicWatts() / 1000.0;
      double transferEnergy = transfer * transferW / 1000.0;
      double stageEnergy = computeEnergy + transferEnergy;
      planned.add(
          new PlannedStage(
              node.name(),
              node.tier(),
              stage.range(),
              previous,
              inputBytes,
              transfer,
              compute,
              stageEnergy));
      latency += transfer + compute;
      energy += stageEnergy;
      boolean onSource = node.name().equals(problem.sourceNode());
      if (onSource) {
        sourceEnergy += computeEnergy;
      }
      if (onSource || previous.equals(problem.sourceNode())) {
        sourceEnergy += transferEnergy / 2;
      }
      bottleneck = Math.max(bottleneck, Math.max(transfer, compute));
      previous = node.name();
      boundary = stage.range().to();
      lastTier = node.tier().ordinal();
    }
    if (boundary != model.segmentCount()) {
      throw invalid(
          "stages",
          "the stages end at segment " + boundary + " but the model has " + model.segmentCount());
    }
    double back =
        problem.constraints().returnOutputToSource()
            ? transferMs(
                problem, previous, problem.sourceNode(), model.boundaryBytes(boundary), "return")
            : 0;
    latency += back;
    energy += back * transferW / 1000.0;
    sourceEnergy += back * transferW / 1000.0 / 2;
    bottleneck = Math.max(bottleneck, back);
    Prediction prediction =
        new Prediction(latency, 1000.0 / bottleneck, energy, sourceEnergy, bottleneck, back);
    return new Plan(strategy, planned, prediction);
  }

  /**
   * The figure {@code objective} minimizes, for the objectives that need no reference: latency ms,
   * energy J, bottleneck ms. {@link Objective#BALANCED} needs the best latency and energy of the
   * problem; see {@link #balancedScore}.
   */
  public static double score(Objective objective, Prediction p) {
    return switch (objective) {
      case LATENCY -> p.latencyMs();
      case ENERGY -> p.energyJ();
      case THROUGHPUT -> p.bottleneckMs();
      case BALANCED ->
          throw new IllegalArgumentException("balanced needs references: use balancedScore");
    };
  }

  /**
   * {@code w * latency / bestLatencyMs + (1 - w) * energy / bestEnergyJ}; 1.0 when both figures are
   * at their optimum.
   */
  public static double balancedScore(
      Prediction p, double weight, double bestLatencyMs, double bestEnergyJ) {
    return weight * p.latencyMs() / bestLatencyMs + (1 - weight) * p.energyJ() / bestEnergyJ;
  }

  private static double transferMs(
      PlanningProblem problem, String from, String to, long bytes, String field) {
    if (from.equals(to)) {
      return 0;
    }
    return problem
        .links()
        .link(from, to)
        .orElseThrow(
            () ->
                invalid(
                    field,
                    "no measured link " + from + " -> " + to + "; probe it or move the stage"))
        .transferMs(bytes);
  }

  private static PlanningException invalid(String field, String message) {
    return new PlanningException(PlanningException.Reason.INVALID_PLACEMENT, field, message);
  }
}
