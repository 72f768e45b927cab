package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.InferencePipeline;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Kubernetes Events on the pipeline (core/v1), one per placement change. */
final class PlacementEvents {

  private final KubernetesClient client;
  private final Clock clock;

  PlacementEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Records {@code message} with {@code reason} (UpperCamelCase) of type Normal or Warning. */
  void record(InferencePipeline cr, String type, String reason, String message, String suffix) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      client
          .v1()
          .events()
          .inNamespace(cr.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(cr.getMetadata().getName() + "." + suffix)
                  .withNamespace(cr.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(cr.getApiVersion())
                  .withKind(cr.getKind())
                  .withName(cr.getMetadata().getName())
                  .withNamespace(cr.getMetadata().getNamespace())
                  .withUid(cr.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withCount(1)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withNewSource()
                  .withComponent("strata-operator")
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // An Event that exists already (the same revision after a restart) is not news.
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }
}
