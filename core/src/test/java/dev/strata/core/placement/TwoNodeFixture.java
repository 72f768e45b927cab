package dev.strata.core.placement;

import java.util.List;

/**
 * A Raspberry Pi at the edge and a half-busy desktop in the cloud, two segments, 8 Mbit/s and 10 ms
 * RTT between them: small enough to price by hand.
 */
final class TwoNodeFixture {

  static final long PLENTY = 1L << 40;

  private TwoNodeFixture() {}

  static ModelProfile model() {
    return new ModelProfile(
        "two", 1000, List.of(new Segment(1, 100, 10, 500), new Segment(1, 100, 10, 100)));
  }

  static NodeProfile pi(long freeMemory) {
    return NodeProfile.of("pi", Tier.EDGE, SegmentTimes.of(10, 20), freeMemory, 0);
  }

  static NodeProfile desk(long freeMemory) {
    return NodeProfile.of("desk", Tier.CLOUD, SegmentTimes.of(1, 2), freeMemory, 0.5);
  }

  static PlanningProblem problem(Objective objective) {
    return problem(objective, PLENTY, PLENTY);
  }

  static PlanningProblem problem(Objective objective, long piMemory, long deskMemory) {
    List<NodeProfile> nodes = List.of(pi(piMemory), desk(deskMemory));
    Links links = Links.builder(List.of("pi", "desk")).symmetric("pi", "desk", 8, 10).build();
    return PlanningProblem.of(model(), nodes, links, "pi", objective);
  }
}
