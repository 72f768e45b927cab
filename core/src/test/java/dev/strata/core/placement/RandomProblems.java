package dev.strata.core.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Seeded random planning problems for property tests and benchmarks of tiny size. */
final class RandomProblems {

  private RandomProblems() {}

  /**
   * At most 6 segments, at most 2 nodes per tier (at least one edge node, the source), random
   * memory (sometimes too small), load, power, links (some missing), SLO and, on a third of the
   * nodes, a range held from the placement being changed.
   */
  static PlanningProblem small(long seed) {
    Random r = new Random(seed);
    return build(r, 1 + r.nextInt(6), 2);
  }

  /** Like {@link #small} with up to {@code maxPerTier} nodes per tier and up to 20 segments. */
  static PlanningProblem medium(long seed, int maxPerTier) {
    Random r = new Random(seed);
    return build(r, 1 + r.nextInt(20), maxPerTier);
  }

  private static PlanningProblem build(Random r, int segments, int maxPerTier) {
    long seed = r.nextLong();
    List<Segment> segs = new ArrayList<>();
    for (int s = 0; s < segments; s++) {
      segs.add(
          new Segment(
              1_000_000L * (1 + r.nextInt(100)),
              r.nextInt(4_000_000),
              r.nextInt(2_000_000),
              1 + r.nextInt(2_000_000)));
    }
    ModelProfile model = new ModelProfile("rand-" + seed, 1 + r.nextInt(1_000_000), segs);
    List<NodeProfile> nodes = new ArrayList<>();
    for (Tier tier : Tier.values()) {
      int count = tier == Tier.EDGE ? 1 + r.nextInt(maxPerTier) : r.nextInt(maxPerTier + 1);
      for (int i = 0; i < count; i++) {
        double[] ms = new double[segments];
        double speed = tier == Tier.EDGE ? 10 : tier == Tier.FOG ? 3 : 1;
        for (int s = 0; s < segments; s++) {
          ms[s] = speed * (0.1 + 20 * r.nextDouble());
        }
        long memory = r.nextInt(4) == 0 ? r.nextInt(6_000_000) : 100_000_000L;
        PowerProfile power =
            r.nextBoolean()
                ? tier.defaultPower()
                : new PowerProfile(r.nextDouble() * 20, 20 + r.nextDouble() * 100);
        double load = r.nextInt(3) == 0 ? 0 : r.nextDouble();
        Optional<SegmentRange> held = Optional.empty();
        long heldBytes = 0;
        if (r.nextInt(3) == 0) {
          int from = r.nextInt(segments);
          held = Optional.of(new SegmentRange(from, from + 1 + r.nextInt(segments - from)));
          // Sometimes measured, above or below the model.
          heldBytes = r.nextBoolean() ? 0 : r.nextInt(8_000_000);
        }
        nodes.add(
            new NodeProfile(
                tier.name().toLowerCase() + "-" + i,
                tier,
                SegmentTimes.of(ms),
                memory,
                load,
                power,
                held,
                heldBytes));
      }
    }
    Links.Builder links = Links.builder(nodes.stream().map(NodeProfile::name).toList());
    for (NodeProfile a : nodes) {
      for (NodeProfile b : nodes) {
        if (a != b && r.nextInt(7) != 0) {
          links.link(a.name(), b.name(), 1 + r.nextDouble() * 500, r.nextDouble() * 40);
        }
      }
    }
    Constraints constraints =
        Constraints.defaults()
            .withBalancedLatencyWeight(r.nextDouble())
            .withReturnOutputToSource(r.nextBoolean());
    if (r.nextInt(3) == 0) {
      constraints = constraints.withLatencySloMs(20 + r.nextDouble() * 400);
    }
    return new PlanningProblem(
        model,
        nodes,
        links.build(),
        "edge-0",
        Objective.values()[r.nextInt(Objective.values().length)],
        constraints,
        new EnergyModel(r.nextDouble() * 3));
  }
}
