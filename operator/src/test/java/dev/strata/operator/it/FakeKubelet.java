package dev.strata.operator.it;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Plays scheduler and kubelet for stage pods: binds each new pod to the node its affinity names and
 * reports it Running and Ready.
 */
final class FakeKubelet implements AutoCloseable {

  private final SharedIndexInformer<Pod> informer;

  FakeKubelet(KubernetesClient client, String namespace) {
    informer =
        client
            .pods()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    run(client, pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    run(client, pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {}
                });
  }

  private static void run(KubernetesClient client, Pod pod) {
    if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
      return;
    }
    String node =
        pod.getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms()
            .get(0)
            .getMatchFields()
            .get(0)
            .getValues()
            .get(0);
    try {
      Pod bound =
          client
              .pods()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName())
              .edit(
                  p -> {
                    p.getSpec().setNodeName(node);
                    return p;
                  });
      bound.setStatus(
          new PodStatusBuilder()
              .withPhase("Running")
              .withConditions(
                  new PodConditionBuilder().withType("Ready").withStatus("True").build())
              .build());
      client.pods().resource(bound).updateStatus();
    } catch (RuntimeException e) {
      // The pod went away meanwhile.
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
