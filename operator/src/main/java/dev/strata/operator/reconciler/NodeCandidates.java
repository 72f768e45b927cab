package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.TierSpec;
import dev.strata.core.placement.PowerProfile;
import dev.strata.core.placement.Tier;
import dev.strata.operator.resources.Labels;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the candidate nodes of every tier: nodes matching the tier's selector (default {@code
 * strata.dev/tier=<name>}) that are Ready and schedulable, with allocatable resources, measured
 * usage when metrics.k8s.io answers, and power labels. Pure.
 */
public final class NodeCandidates {

  /** Usage of one node from metrics.k8s.io: CPU cores and memory bytes in use. */
  public record Usage(double cpuCores, long memoryBytes) {

    /** This usage without {@code own} (never below zero: the two are sampled apart). */
    public Usage minus(Usage own) {
      return new Usage(
          Math.max(0, cpuCores - own.cpuCores), Math.max(0, memoryBytes - own.memoryBytes));
    }
  }

  /** Candidates and the warnings met while choosing them. */
  public record Selection(List<CandidateNode> candidates, List<String> warnings) {}

  private NodeCandidates() {}

  /**
   * @param usage measured usage by node name; empty map when metrics.k8s.io is absent
   * @param metricsAvailable whether metrics.k8s.io answered at all
   */
  public static Selection select(
      String pipelineKey,
      List<TierSpec> tiers,
      List<Node> nodes,
      Map<String, Usage> usage,
      boolean metricsAvailable) {
    List<CandidateNode> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (!metricsAvailable) {
      warnings.add(
          "metrics.k8s.io is not available: nodes are planned as idle; install metrics-server"
              + " for load-aware placement");
    }
    boolean byName = tiers.stream().allMatch(t -> SpecValidator.isKnownTier(t.getName()));
    for (int i = 0; i < tiers.size(); i++) {
      TierSpec tier = tiers.get(i);
      Map<String, String> selector =
          tier.getNodeSelector() == null || tier.getNodeSelector().isEmpty()
              ? Map.of(Labels.NODE_TIER, tier.getName())
              : tier.getNodeSelector();
      Tier plannerTier =
          byName ? Tier.valueOf(tier.getName().toUpperCase()) : byPosition(i, tiers.size());
      List<CandidateNode> inTier = new ArrayList<>();
      for (Node node : nodes) {
        if (matches(node, selector) && isUsable(node)) {
          inTier.add(candidate(node, tier.getName(), i, plannerTier, usage, warnings));
        }
      }
      if (inTier.isEmpty()) {
        warnings.add(
            "InferencePipeline "
                + pipelineKey
                + ": tier \""
                + tier.getName()
                + "\" matches no Ready schedulable node (nodeSelector "
                + selectorText(selector)
                + "); label a node or remove the tier");
      }
      inTier.sort(Comparator.comparing(CandidateNode::name));
      out.addAll(inTier);
    }
    return new Selection(List.copyOf(out), List.copyOf(warnings));
  }

  private static Tier byPosition(int index, int count) {
    if (index == 0) {
      return Tier.EDGE;
    }
    return index == count - 1 ? Tier.CLOUD : Tier.FOG;
  }

  private static CandidateNode candidate(
      Node node,
      String tierName,
      int tierIndex,
      Tier tier,
      Map<String, Usage> usage,
      List<String> warnings) {
    String name = node.getMetadata().getName();
    Map<String, Quantity> allocatable =
        node.getStatus() == null || node.getStatus().getAllocatable() == null
            ? Map.of()
            : node.getStatus().getAllocatable();
    double cpu = quantity(allocatable.get("cpu")).orElse(1.0);
    long memory = (long) quantity(allocatable.get("memory")).orElse(0.0).doubleValue();
    Usage used = usage.get(name);
    double load = used == null || cpu <= 0 ? 0 : Math.min(1, Math.max(0, used.cpuCores() / cpu));
    long free = used == null ? memory : Math.max(0, memory - used.memoryBytes());
    return new CandidateNode(
        name, tierName, tierIndex, tier, free, load, power(node, tier, warnings));
  }

  private static PowerProfile power(Node node, Tier tier, List<String> warnings) {
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    String idle = labels.get(Labels.POWER_IDLE_WATTS);
    String max = labels.get(Labels.POWER_MAX_WATTS);
    if (idle == null && max == null) {
      return tier.defaultPower();
    }
    try {
      double i = idle == null ? tier.defaultPower().idleWatts() : Double.parseDouble(idle);
      double m = max == null ? tier.defaultPower().maxWatts() : Double.parseDouble(max);
      return new PowerProfile(i, m);
    } catch (RuntimeException e) {
      warnings.add(
          "node "
              + node.getMetadata().getName()
              + ": power labels "
              + Labels.POWER_IDLE_WATTS
              + "="
              + idle
              + ", "
              + Labels.POWER_MAX_WATTS
              + "="
              + max
              + " are not watts with 0 <= idle <= max; using the "
              + tier.name().toLowerCase()
              + " default; fix the labels");
      return tier.defaultPower();
    }
  }

  static boolean matches(Node node, Map<String, String> selector) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels != null
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  static boolean isUsable(Node node) {
    if (node.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return false;
    }
    return node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Optional<Double> quantity(Quantity q) {
    if (q == null) {
      return Optional.empty();
    }
    BigDecimal amount = q.getNumericalAmount();
    return Optional.of(amount.doubleValue());
  }

  private static String selectorText(Map<String, String> selector) {
    StringBuilder s = new StringBuilder();
    selector.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                s.append(s.length() == 0 ? "" : ",")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue()));
    return s.toString();
  }
}
