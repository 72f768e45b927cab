package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterViewTest {

  private static Pod pod(String node, boolean ready, String waiting) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p-" + node)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .addNewContainerStatus()
        .withName("stage")
        .withRestartCount(4)
        .withNewState()
        .withNewWaiting()
        .withReason(waiting)
        .endWaiting()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void readinessComesFromThePodReadyConditionOnItsNode() {
    ClusterView view =
        new ClusterView(
            List.of(),
            Map.of("a", pod("a", true, null), "b", pod("elsewhere", true, null)),
            List.of());
    assertTrue(view.isStageReady("a"));
    assertFalse(view.isStageReady("b"));
    assertFalse(view.isStageReady("c"));
  }

  @Test
  void crashLoopIsReportedWithItsPodAndWhatToDo() {
    ClusterView view =
        new ClusterView(List.of(), Map.of("a", pod("a", false, "CrashLoopBackOff")), List.of());
    String message = view.crashLoop("a").orElseThrow();
    assertTrue(
        message.contains("p-a")
            && message.contains("4 restarts")
            && message.contains("kubectl logs"));
  }
}
