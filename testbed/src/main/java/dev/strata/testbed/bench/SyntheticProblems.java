package dev.strata.testbed.bench;

import dev.strata.core.placement.Constraints;
import dev.strata.core.placement.EnergyModel;
import dev.strata.core.placement.Links;
import dev.strata.core.placement.ModelProfile;
import dev.strata.core.placement.NodeProfile;
import dev.strata.core.placement.Objective;
import dev.strata.core.placement.PlanningProblem;
import dev.strata.core.placement.Segment;
import dev.strata.core.placement.SegmentTimes;
import dev.strata.core.placement.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Planning problems for the benchmarks. The figures are synthetic (no profiling runs here): shaped
 * like VGG16 on a Raspberry Pi 4, a laptop and a desktop, or drawn at random for scaling runs.
 */
public final class SyntheticProblems {

  private static final long MB = 1_000_000L;

  private SyntheticProblems() {}

  /**
   * VGG16 cut into 40 segments (each conv and its ReLU, the pools, flatten, the classifier layers
   * with their ReLU and Dropout, softmax) on three nodes: rpi-1 (edge, 8 GMAC/s, 1.5 GB free),
   * laptop (fog, 60 GMAC/s, 4 GB), desktop (cloud, 250 GMAC/s, 12 GB); Wi-Fi 40 Mbit/s to the
   * laptop, 30 Mbit/s to the desktop, 300 Mbit/s between laptop and desktop.
   */
  public static PlanningProblem vgg16ThreeTier(Objective objective) {
    ModelProfile model = vgg16Segments();
    List<NodeProfile> nodes =
        List.of(
            node("rpi-1", Tier.EDGE, model, 8, 1500 * MB, 0.1),
            node("laptop", Tier.FOG, model, 60, 4000 * MB, 0.2),
            node("desktop", Tier.CLOUD, model, 250, 12000 * MB, 0.3));
    Links links =
        Links.builder(List.of("rpi-1", "laptop", "desktop"))
            .symmetric("rpi-1", "laptop", 40, 5)
            .symmetric("rpi-1", "desktop", 30, 8)
            .symmetric("laptop", "desktop", 300, 2)
            .build();
    return PlanningProblem.of(model, nodes, links, "rpi-1", objective);
  }

  /** VGG16's 40 segments: MACs, fp32 weights, activation sizes of a 224x224 RGB input. */
  public static ModelProfile vgg16Segments() {
    List<Segment> segments = new ArrayList<>();
    int[][] blocks = {{224, 64, 2}, {112, 128, 2}, {56, 256, 3}, {28, 512, 3}, {14, 512, 3}};
    int inChannels = 3;
    for (int[] block : blocks) {
      int size = block[0];
      int channels = block[1];
      for (int conv = 0; conv < block[2]; conv++) {
        long out = (long) size * size * channels * 4;
        long weights = ((long) inChannels * channels * 9 + channels) * 4;
        long macs = (long) size * size * inChannels * channels * 9;
        segments.add(new Segment(macs, weights, 2 * out, out));
        segments.add(new Segment((long) size * size * channels, 0, out, out)); // ReLU
        inChannels = channels;
      }
      int pooled = size / 2;
      long pooledOut = (long) pooled * pooled * channels * 4;
      segments.add(new Segment((long) size * size * channels, 0, pooledOut, pooledOut));
    }
    segments.add(new Segment(0, 0, 25088L * 4, 25088L * 4)); // flatten
    long[][] fcs = {{25088, 4096}, {4096, 4096}, {4096, 1000}};
    for (long[] fc : fcs) {
      long weights = (fc[0] * fc[1] + fc[1]) * 4;
      segments.add(new Segment(fc[0] * fc[1], weights, fc[1] * 4, fc[1] * 4));
      if (fc[1] == 4096) {
        segments.add(new Segment(fc[1], 0, fc[1] * 4, fc[1] * 4)); // ReLU
        segments.add(new Segment(0, 0, fc[1] * 4, fc[1] * 4)); // Dropout (identity at inference)
      }
    }
    segments.add(new Segment(1000, 0, 4000, 4000)); // softmax
    if (segments.size() != 40) {
      throw new IllegalStateException("VGG16 should have 40 segments, got " + segments.size());
    }
    return new ModelProfile("vgg16", 224L * 224 * 3 * 4, segments);
  }

  private static NodeProfile node(
      String name, Tier tier, ModelProfile model, double gmacPerS, long free, double load) {
    double[] ms = new double[model.segmentCount()];
    for (int s = 0; s < ms.length; s++) {
      // 0.02 ms fixed cost per segment (kernel launch, copies) plus MACs at the node's rate
      ms[s] = 0.02 + model.segments().get(s).macs() / (gmacPerS * 1e6);
    }
    return NodeProfile.of(name, tier, SegmentTimes.of(ms), free, load);
  }

  /**
   * A random cluster of {@code nodes} candidates split evenly over the three tiers and a random
   * model of {@code segments} segments. Links exist from every node to every node of a later tier,
   * from the source (edge-0) to every node and from every node back to the source.
   */
  public static PlanningProblem randomCluster(
      long seed, int nodes, int segments, Objective objective) {
    Random r = new Random(seed);
    List<Segment> segs = new ArrayList<>();
    for (int s = 0; s < segments; s++) {
      segs.add(
          new Segment(
              (long) (r.nextDouble() * 500 * MB),
              (long) (r.nextDouble() * 20 * MB),
              (long) (r.nextDouble() * 10 * MB),
              (long) (r.nextDouble() * 4 * MB) + 1000));
    }
    ModelProfile model = new ModelProfile("random-" + segments, 600_000, segs);
    List<NodeProfile> list = new ArrayList<>();
    Tier[] tiers = Tier.values();
    double[] speed = {10, 3, 1};
    for (int i = 0; i < nodes; i++) {
      Tier tier = tiers[i * tiers.length / nodes];
      double factor = speed[tier.ordinal()] * (0.7 + 0.6 * r.nextDouble());
      double[] ms = new double[segments];
      for (int s = 0; s < segments; s++) {
        ms[s] = factor * (0.05 + segs.get(s).macs() / 1e9);
      }
      long free = (long) ((0.2 + r.nextDouble()) * segments * 20 * MB * 0.5);
      list.add(
          NodeProfile.of(
              tier.name().toLowerCase() + "-" + i,
              tier,
              SegmentTimes.of(ms),
              free,
              r.nextDouble() * 0.6));
    }
    String source = list.get(0).name();
    Links.Builder links = Links.builder(list.stream().map(NodeProfile::name).toList());
    for (NodeProfile a : list) {
      for (NodeProfile b : list) {
        boolean forward = a.tier().ordinal() < b.tier().ordinal();
        boolean viaSource = a != b && (a.name().equals(source) || b.name().equals(source));
        if (forward || viaSource) {
          int gap = Math.abs(b.tier().ordinal() - a.tier().ordinal());
          links.link(
              a.name(), b.name(), 10 + r.nextDouble() * 200 * (gap + 1), 1 + r.nextDouble() * 20);
        }
      }
    }
    return new PlanningProblem(
        model, list, links.build(), source, objective, Constraints.defaults(), EnergyModel.DEFAULT);
  }
}
