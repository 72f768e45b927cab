package dev.strata.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile pass sees of the cluster, immutable.
 *
 * @param candidates candidate nodes in tier order, then by name
 * @param stagePods the pipeline's stage pods, by node (label {@code strata.dev/node})
 * @param warnings things that degrade the pipeline: empty tiers, bad power labels, no metrics
 */
public record ClusterView(
    List<CandidateNode> candidates, Map<String, Pod> stagePods, List<String> warnings) {

  public Optional<CandidateNode> candidate(String node) {
    return candidates.stream().filter(c -> c.name().equals(node)).findFirst();
  }

  /** The node requests come from: the first candidate of the first tier that has one. */
  public Optional<CandidateNode> source() {
    return candidates.stream().findFirst();
  }

  /** Whether the stage pod on {@code node} exists, runs there and is Ready. */
  public boolean isStageReady(String node) {
    Pod pod = stagePods.get(node);
    return pod != null
        && node.equals(pod.getSpec().getNodeName())
        && pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** A message when the stage pod on {@code node} is crash-looping. */
  public Optional<String> crashLoop(String node) {
    Pod pod = stagePods.get(node);
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(
            s ->
                s.getState() != null
                    && s.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason()))
        .findFirst()
        .map(
            s ->
                "stage pod "
                    + pod.getMetadata().getName()
                    + " on node "
                    + node
                    + " is crash-looping ("
                    + s.getRestartCount()
                    + " restarts"
                    + (s.getLastState() != null && s.getLastState().getTerminated() != null
                        ? ", last exit: " + s.getLastState().getTerminated().getReason()
                        : "")
                    + "); read its logs with kubectl logs --previous");
  }
}
