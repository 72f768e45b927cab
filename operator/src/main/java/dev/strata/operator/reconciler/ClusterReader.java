package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.operator.resources.Labels;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link ClusterView} of one pass: nodes, their usage when metrics.k8s.io answers (net
 * of this pipeline's own stages), pods.
 */
final class ClusterReader {

  private final KubernetesClient client;
  private final StageObjects objects;

  ClusterReader(KubernetesClient client, StageObjects objects) {
    this.client = client;
    this.objects = objects;
  }

  ClusterView snapshot(InferencePipeline cr) {
    List<Node> nodes = client.nodes().list().getItems();
    Map<String, Pod> pods = new TreeMap<>();
    List<Pod> duplicates = new ArrayList<>();
    for (Pod pod : objects.stagePods(cr)) {
      String node = pod.getMetadata().getLabels().get(Labels.NODE);
      if (node != null && pods.putIfAbsent(node, pod) != null) {
        duplicates.add(pod);
      }
    }
    // Pod names are deterministic per node, so two pods for one node cannot both be ours;
    // remove any stray one rather than run two stages.
    duplicates.forEach(objects::deletePod);
    Map<String, NodeCandidates.Usage> usage = new HashMap<>();
    boolean metrics = readUsage(usage);
    if (metrics) {
      subtractOwnStages(cr, pods, usage);
    }
    NodeCandidates.Selection selection =
        NodeCandidates.select(cr.key(), cr.getSpec().getTiers(), nodes, usage, metrics);
    return new ClusterView(selection.candidates(), pods, selection.warnings());
  }

  /**
   * Takes this pipeline's own stages out of their nodes' usage: the planner prices a node by the
   * other work on it, and a stage's own load must not read as drift that moves the stage away.
   */
  private void subtractOwnStages(
      InferencePipeline cr, Map<String, Pod> pods, Map<String, NodeCandidates.Usage> usage) {
    Map<String, String> nodeOfPod = new HashMap<>();
    pods.forEach((node, pod) -> nodeOfPod.put(pod.getMetadata().getName(), node));
    try {
      for (PodMetrics m : client.top().pods().metrics(cr.getMetadata().getNamespace()).getItems()) {
        String node = nodeOfPod.get(m.getMetadata().getName());
        if (node != null) {
          usage.computeIfPresent(node, (n, u) -> u.minus(usageOf(m.getContainers())));
        }
      }
    } catch (KubernetesClientException e) {
      // Without pod metrics a node's usage includes our stages, as before metrics-server 0.3.
    }
  }

  private static NodeCandidates.Usage usageOf(List<ContainerMetrics> containers) {
    double cpu = 0;
    long memory = 0;
    for (ContainerMetrics c : containers) {
      cpu += amount(c.getUsage(), "cpu");
      memory += (long) amount(c.getUsage(), "memory");
    }
    return new NodeCandidates.Usage(cpu, memory);
  }

  private static double amount(Map<String, Quantity> usage, String resource) {
    return usage != null && usage.containsKey(resource)
        ? usage.get(resource).getNumericalAmount().doubleValue()
        : 0;
  }

  private boolean readUsage(Map<String, NodeCandidates.Usage> usage) {
    try {
      for (NodeMetrics m : client.top().nodes().metrics().getItems()) {
        usage.put(
            m.getMetadata().getName(),
            new NodeCandidates.Usage(
                amount(m.getUsage(), "cpu"), (long) amount(m.getUsage(), "memory")));
      }
      return true;
    } catch (KubernetesClientException e) {
      // metrics.k8s.io is optional: plan with idle nodes and say so in Degraded.
      return false;
    }
  }
}
