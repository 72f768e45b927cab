package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.operator.resources.Labels;
import dev.strata.operator.resources.ModelCacheClaims;
import dev.strata.operator.resources.PipelineObjects;
import dev.strata.operator.resources.StageNames;
import dev.strata.operator.resources.StageNetworkPolicies;
import dev.strata.operator.resources.StagePods;
import dev.strata.operator.resources.StageServices;
import dev.strata.operator.resources.StageSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates, updates and deletes what a pipeline owns. The desired objects come from the builders in
 * {@code operator.resources}; this class only talks to the API server. Deletes are explicit: an API
 * server without garbage collection (the mock server, the emulation) leaves owned objects behind
 * otherwise.
 */
final class StageObjects {

  private final KubernetesClient client;
  private final StageSettings settings;
  private final SecureRandom random = new SecureRandom();

  StageObjects(KubernetesClient client, StageSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /**
   * Ensures the token Secret (created once), both Services and, when enabled, both NetworkPolicies;
   * returns the token.
   */
  String ensureShared(InferencePipeline cr) {
    String token = ensureToken(cr);
    ensureService(StageServices.headless(cr));
    ensureService(StageServices.entry(cr));
    settings
        .policyOperatorNamespace()
        .ifPresent(
            operatorNamespace -> {
              ensurePolicy(StageNetworkPolicies.stages(cr, operatorNamespace));
              ensurePolicy(StageNetworkPolicies.entry(cr));
            });
    return token;
  }

  /** Creates {@code desired} unless it exists; a policy that differs is replaced. */
  private void ensurePolicy(NetworkPolicy desired) {
    var policies =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(desired.getMetadata().getNamespace())
            .withName(desired.getMetadata().getName());
    NetworkPolicy existing = policies.get();
    if (existing == null) {
      create(desired);
    } else if (!Objects.equals(existing.getSpec(), desired.getSpec())) {
      policies.delete();
      create(desired);
    }
  }

  /** Creates the stage pod on {@code node} unless it exists with the same spec hash. */
  void ensurePod(InferencePipeline cr, CandidateNode node, Pod existing) {
    Pod desired = StagePods.forStage(cr, node.tierName(), node.name(), settings);
    if (existing != null) {
      String want = desired.getMetadata().getAnnotations().get(StagePods.SPEC_HASH);
      String have =
          existing.getMetadata().getAnnotations() == null
              ? null
              : existing.getMetadata().getAnnotations().get(StagePods.SPEC_HASH);
      if (Objects.equals(want, have) || existing.getMetadata().getDeletionTimestamp() != null) {
        return;
      }
      // Pod specs are immutable: a changed model or runtime setting means a new pod.
      deletePod(existing);
      return;
    }
    settings
        .modelCacheStorageClass()
        .ifPresent(
            storageClass ->
                ensureCacheClaim(
                    ModelCacheClaims.forNode(
                        cr.getMetadata().getNamespace(),
                        node.name(),
                        storageClass,
                        settings.modelCacheSize())));
    try {
      client.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** Creates the node's model cache claim unless it exists (it is shared and never updated). */
  private void ensureCacheClaim(PersistentVolumeClaim desired) {
    if (!claimExists(desired.getMetadata().getNamespace(), desired.getMetadata().getName())) {
      create(desired);
    }
  }

  /** Whether the claim {@code name} exists in the pipeline's namespace. */
  boolean claimExists(InferencePipeline cr, String name) {
    return claimExists(cr.getMetadata().getNamespace(), name);
  }

  private boolean claimExists(String namespace, String name) {
    return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get() != null;
  }

  void deletePod(Pod pod) {
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .delete();
  }

  /**
   * Labels the pod on {@code entryNode} as the entry, then removes the label from the others: in
   * that order the entry Service never selects no pod (for a moment it selects two, and the old
   * entry still serves entering requests on its revision).
   */
  void markEntry(Map<String, Pod> stagePods, String entryNode) {
    Optional.ofNullable(stagePods.get(entryNode)).ifPresent(pod -> setEntry(pod, true));
    stagePods.forEach(
        (node, pod) -> {
          if (!node.equals(entryNode)) {
            setEntry(pod, false);
          }
        });
  }

  private void setEntry(Pod pod, boolean entry) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    boolean has = labels != null && "true".equals(labels.get(Labels.ENTRY));
    if (entry == has) {
      return;
    }
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .edit(
            p -> {
              if (entry) {
                p.getMetadata().getLabels().put(Labels.ENTRY, "true");
              } else {
                p.getMetadata().getLabels().remove(Labels.ENTRY);
              }
              return p;
            });
  }

  /** The pipeline's stage pods. */
  List<Pod> stagePods(InferencePipeline cr) {
    return client
        .pods()
        .inNamespace(cr.getMetadata().getNamespace())
        .withLabels(Labels.stageSelector(cr.getMetadata().getName()))
        .list()
        .getItems();
  }

  /** Deletes the stage pods (used when the spec is invalid). */
  void deleteStagePods(InferencePipeline cr) {
    stagePods(cr).forEach(this::deletePod);
  }

  /** Deletes everything the pipeline owns. */
  void deleteAll(InferencePipeline cr) {
    String ns = cr.getMetadata().getNamespace();
    String name = cr.getMetadata().getName();
    deleteStagePods(cr);
    client.services().inNamespace(ns).withName(StageNames.headlessService(name)).delete();
    client.services().inNamespace(ns).withName(StageNames.entryService(name)).delete();
    client.secrets().inNamespace(ns).withName(StageNames.tokenSecret(name)).delete();
    client.configMaps().inNamespace(ns).withName(StageNames.profileConfigMap(name)).delete();
    if (settings.policyOperatorNamespace().isPresent()) {
      for (String policy : List.of(StageNames.stagePolicy(name), StageNames.entryPolicy(name))) {
        client.network().v1().networkPolicies().inNamespace(ns).withName(policy).delete();
      }
    }
  }

  private String ensureToken(InferencePipeline cr) {
    String ns = cr.getMetadata().getNamespace();
    String name = StageNames.tokenSecret(cr.getMetadata().getName());
    Secret secret = client.secrets().inNamespace(ns).withName(name).get();
    if (secret == null) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      String token = HexFormat.of().formatHex(bytes);
      try {
        client.resource(PipelineObjects.tokenSecret(cr, token)).create();
        return token;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        secret = client.secrets().inNamespace(ns).withName(name).get();
      }
    }
    return tokenOf(secret, cr);
  }

  private static String tokenOf(Secret secret, InferencePipeline cr) {
    if (secret.getData() != null && secret.getData().containsKey(PipelineObjects.TOKEN_KEY)) {
      return new String(
              Base64.getDecoder().decode(secret.getData().get(PipelineObjects.TOKEN_KEY)),
              StandardCharsets.UTF_8)
          .trim();
    }
    if (secret.getStringData() != null
        && secret.getStringData().containsKey(PipelineObjects.TOKEN_KEY)) {
      return secret.getStringData().get(PipelineObjects.TOKEN_KEY).trim();
    }
    throw new IllegalStateException(
        "Secret "
            + secret.getMetadata().getNamespace()
            + "/"
            + secret.getMetadata().getName()
            + " of InferencePipeline "
            + cr.key()
            + " has no key \"token\"; delete the Secret and the operator recreates it");
  }

  private void ensureService(Service desired) {
    Service existing =
        client
            .services()
            .inNamespace(desired.getMetadata().getNamespace())
            .withName(desired.getMetadata().getName())
            .get();
    if (existing == null) {
      create(desired);
    } else if (!Objects.equals(existing.getSpec().getSelector(), desired.getSpec().getSelector())
        || !Objects.equals(existing.getSpec().getPorts(), desired.getSpec().getPorts())) {
      client
          .services()
          .inNamespace(desired.getMetadata().getNamespace())
          .withName(desired.getMetadata().getName())
          .edit(
              s -> {
                s.getSpec().setSelector(desired.getSpec().getSelector());
                s.getSpec().setPorts(desired.getSpec().getPorts());
                return s;
              });
    }
  }

  private void create(HasMetadata desired) {
    try {
      client.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }
}
