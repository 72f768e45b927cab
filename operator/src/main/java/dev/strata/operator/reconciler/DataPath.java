package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.PlacementStatus;
import dev.strata.api.v1alpha1.StageStatus;
import dev.strata.core.placement.Plan;
import dev.strata.core.placement.PlannedStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stages a revision is applied to, in data-path order. Requests enter on the source node, where
 * the clients sit: when a plan does not use that node, its stage goes in front of the plan's first
 * stage with the empty range 0-0, a relay that checks each request and forwards it. A request whose
 * first stage's node fails then waits at the relay for the re-plan instead of being lost with that
 * node.
 *
 * @param stops the stages in data-path order; the first is the entry
 */
record DataPath(List<Stop> stops) {

  /** One stage: its node and the segments {@code [from, to)} it runs (0-0 for the relay). */
  record Stop(String node, int from, int to) {

    boolean isRelay() {
      return from == 0 && to == 0;
    }
  }

  DataPath {
    stops = List.copyOf(stops);
  }

  /**
   * @param source the source node; empty when the first tier has no candidate left
   */
  static DataPath of(Plan plan, Optional<String> source) {
    List<Stop> stages = new ArrayList<>();
    for (PlannedStage s : plan.stages()) {
      stages.add(new Stop(s.node(), s.range().from(), s.range().to()));
    }
    return behind(source, stages);
  }

  /** The path a committed placement runs: its stages, behind the relay on its entry node. */
  static DataPath committed(PlacementStatus placement) {
    List<Stop> stages = new ArrayList<>();
    for (StageStatus s : placement.getStages()) {
      stages.add(new Stop(s.getNode(), s.getFromSegment(), s.getToSegment()));
    }
    return behind(Optional.ofNullable(placement.getEntryNode()), stages);
  }

  /** {@code stages}, behind a relay on {@code entry} when no stage runs there. */
  private static DataPath behind(Optional<String> entry, List<Stop> stages) {
    List<Stop> stops = new ArrayList<>();
    entry
        .filter(e -> stages.stream().noneMatch(s -> s.node().equals(e)))
        .ifPresent(e -> stops.add(new Stop(e, 0, 0)));
    stops.addAll(stages);
    return new DataPath(stops);
  }

  /** The relay's node, when requests enter on a node that runs no segment. */
  Optional<String> relay() {
    return stops.get(0).isRelay() ? Optional.of(stops.get(0).node()) : Optional.empty();
  }

  /** The node whose stage takes the requests. */
  String entryNode() {
    return stops.get(0).node();
  }

  /** Whether requests cross a link between nodes: false when one node runs the whole path. */
  boolean crossesLink() {
    return nodes().stream().distinct().count() > 1;
  }

  /** Every node of the path, the entry first. */
  List<String> nodes() {
    return stops.stream().map(Stop::node).toList();
  }
}
