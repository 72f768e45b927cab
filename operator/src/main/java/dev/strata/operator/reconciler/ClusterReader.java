package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.operator.resources.Labels;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link ClusterView} of one pass: nodes, their usage when metrics.k8s.io answers, pods.
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
    Map<String, NodeCandidates.Usage> usage = new HashMap<>();
    boolean metrics = readUsage(usage);
    NodeCandidates.Selection selection =
        NodeCandidates.select(cr.key(), cr.getSpec().getTiers(), nodes, usage, metrics);
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
    return new ClusterView(selection.candidates(), pods, selection.warnings());
  }

  private boolean readUsage(Map<String, NodeCandidates.Usage> usage) {
    try {
      for (NodeMetrics m : client.top().nodes().metrics().getItems()) {
        double cpu =
            m.getUsage().containsKey("cpu")
                ? m.getUsage().get("cpu").getNumericalAmount().doubleValue()
                : 0;
        long memory =
            m.getUsage().containsKey("memory")
                ? m.getUsage().get("memory").getNumericalAmount().longValue()
                : 0;
        usage.put(m.getMetadata().getName(), new NodeCandidates.Usage(cpu, memory));
      }
      return true;
    } catch (KubernetesClientException e) {
      // metrics.k8s.io is optional: plan with idle nodes and say so in Degraded.
      return false;
    }
  }
}
