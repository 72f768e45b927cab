package dev.strata.core.placement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a planner needs, as numbers: the model's segments, the candidate nodes with their
 * measured segment times, the links between them, where requests come from and what to optimize.
 *
 * <p>Invariants (checked here): every node has one time per segment; node names are unique; {@code
 * links} is indexed by exactly these nodes, in this order; the source node is one of them.
 *
 * @param sourceNode node where requests enter and the data source sits (an edge node); the raw
 *     input travels from here to the first stage, and the output back when {@link
 *     Constraints#returnOutputToSource()}
 */
public record PlanningProblem(
    ModelProfile model,
    List<NodeProfile> nodes,
    Links links,
    String sourceNode,
    Objective objective,
    Constraints constraints,
    EnergyModel energyModel) {

  public PlanningProblem {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "nodes",
          "no candidate nodes; label nodes with strata.dev/tier");
    }
    List<String> names = nodes.stream().map(NodeProfile::name).toList();
    if (!names.equals(links.nodeNames())) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "links",
          "links are indexed by " + links.nodeNames() + " but the nodes are " + names);
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).profiledMs().size() != model.segmentCount()) {
        throw new PlanningException(
            PlanningException.Reason.INVALID_PROBLEM,
            "nodes[" + i + "].profiledMs",
            "node "
                + nodes.get(i).name()
                + " has "
                + nodes.get(i).profiledMs().size()
                + " segment times but the model has "
                + model.segmentCount()
                + " segments; re-profile it");
      }
    }
    for (NodeProfile node : nodes) {
      if (node.held().isPresent() && node.held().get().to() > model.segmentCount()) {
        throw new PlanningException(
            PlanningException.Reason.INVALID_PROBLEM,
            "nodes[" + node.name() + "].held",
            "node "
                + node.name()
                + " holds range "
                + node.held().get()
                + " but the model has "
                + model.segmentCount()
                + " segments");
      }
    }
    if (!names.contains(sourceNode)) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "sourceNode",
          "source node " + sourceNode + " is not among the nodes " + names);
    }
  }

  /** A problem with default {@link Constraints} and the default {@link EnergyModel}. */
  public static PlanningProblem of(
      ModelProfile model,
      List<NodeProfile> nodes,
      Links links,
      String sourceNode,
      Objective objective) {
    return new PlanningProblem(
        model, nodes, links, sourceNode, objective, Constraints.defaults(), EnergyModel.DEFAULT);
  }

  /**
   * This problem as a change from {@code current}: each node that serves a range there holds it
   * (see {@link NodeProfile#held()}); the others hold none. Ranges past this model's segments
   * (another model's placement) are not held.
   */
  public PlanningProblem changingFrom(Placement current) {
    Map<String, SegmentRange> ranges = new HashMap<>();
    for (StageAssignment stage : current.stages()) {
      if (stage.range().to() <= model.segmentCount()) {
        ranges.put(stage.node(), stage.range());
      }
    }
    return new PlanningProblem(
        model,
        nodes.stream().map(n -> n.withHeld(Optional.ofNullable(ranges.get(n.name())))).toList(),
        links,
        sourceNode,
        objective,
        constraints,
        energyModel);
  }

  /**
   * This problem with what the stages measured their sessions at, by node (see {@link
   * NodeProfile#heldBytes()}); nodes not in {@code bytes} count as not measured.
   */
  public PlanningProblem withHeldBytes(Map<String, Long> bytes) {
    return new PlanningProblem(
        model,
        nodes.stream().map(n -> n.withHeldBytes(bytes.getOrDefault(n.name(), 0L))).toList(),
        links,
        sourceNode,
        objective,
        constraints,
        energyModel);
  }

  public PlanningProblem withObjective(Objective o) {
    return new PlanningProblem(model, nodes, links, sourceNode, o, constraints, energyModel);
  }

  public PlanningProblem withConstraints(Constraints c) {
    return new PlanningProblem(model, nodes, links, sourceNode, objective, c, energyModel);
  }

  /** Index of the node called {@code name} in {@link #nodes()}, if any. */
  public Optional<Integer> indexOf(String name) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).name().equals(name)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The node called {@code name}, if any. */
  public Optional<NodeProfile> node(String name) {
    return indexOf(name).map(nodes::get);
  }

  Map<String, NodeProfile> nodesByName() {
    Map<String, NodeProfile> byName = new HashMap<>();
    for (NodeProfile n : nodes) {
      byName.put(n.name(), n);
    }
    return byName;
  }
}
