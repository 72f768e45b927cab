package dev.strata.operator.reconciler;

import dev.strata.api.v1alpha1.Adaptation;
import dev.strata.api.v1alpha1.InferencePipeline;
import dev.strata.api.v1alpha1.InferencePipelineSpec;
import dev.strata.api.v1alpha1.TierSpec;
import dev.strata.core.models.BuiltinModelUri;
import dev.strata.core.models.ModelUriPolicy;
import dev.strata.core.models.PvcModelUri;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a spec beyond what the CRD schema enforces (and again what it enforces, since an API
 * server without schema validation may hand anything over). Pure: never throws, returns findings
 * whose messages name the object, the field and the fix.
 */
public final class SpecValidator {

  private static final Set<String> KNOWN_TIERS = Set.of("edge", "fog", "cloud");

  private SpecValidator() {}

  /**
   * @param modelUris the operator's model URI allowlist ({@code
   *     strata.operator.allowed-model-uris})
   */
  public static List<Finding> validate(InferencePipeline cr, ModelUriPolicy modelUris) {
    List<Finding> findings = new ArrayList<>();
    String who = "InferencePipeline " + cr.key() + ": ";
    InferencePipelineSpec spec = cr.getSpec();
    if (spec == null) {
      findings.add(Finding.error("spec", who + "spec is missing; set spec.model and spec.tiers."));
      return findings;
    }
    model(spec, modelUris, who, findings);
    tiers(spec, who, findings);
    adaptation(spec, who, findings);
    if (spec.getSlo() != null
        && spec.getSlo().getLatencyMs() != null
        && !(spec.getSlo().getLatencyMs() > 0)) {
      findings.add(
          Finding.error(
              "spec.slo.latencyMs",
              who + "spec.slo.latencyMs must be > 0 ms; raise it or remove spec.slo."));
    }
    return findings;
  }

  private static void model(
      InferencePipelineSpec spec, ModelUriPolicy modelUris, String who, List<Finding> findings) {
    if (spec.getModel() == null || blank(spec.getModel().getUri())) {
      findings.add(
          Finding.error(
              "spec.model.uri",
              who + "spec.model.uri is missing; set it, e.g. builtin:vgg16?seed=7."));
      return;
    }
    String uri = spec.getModel().getUri().trim();
    String sha = spec.getModel().getSha256();
    Optional<String> refusal = modelUris.refusal(uri);
    if (refusal.isPresent()) {
      findings.add(
          Finding.error(
              "spec.model.uri",
              who
                  + "spec.model.uri: "
                  + refusal.get()
                  + "; use an allowed URI, or ask the cluster admin to add its prefix to the"
                  + " operator's strata.operator.allowed-model-uris"
                  + " (STRATA_OPERATOR_ALLOWED_MODEL_URIS)."));
    } else if (BuiltinModelUri.isBuiltin(uri)) {
      try {
        BuiltinModelUri.parse(uri);
      } catch (RuntimeException e) {
        findings.add(
            Finding.error(
                "spec.model.uri",
                who
                    + "spec.model.uri \""
                    + uri
                    + "\" is not a built-in model ("
                    + e.getMessage()
                    + "); use builtin:alexnet, builtin:vgg16, builtin:mobilenet_v2 or"
                    + " builtin:resnet18."));
      }
    } else if (!uri.matches("^(https?://|file:///|pvc://).+")) {
      findings.add(
          Finding.error(
              "spec.model.uri",
              who
                  + "spec.model.uri \""
                  + uri
                  + "\" has an unsupported scheme; use builtin:, https://, file:/// or pvc://."));
    } else {
      if (PvcModelUri.isPvc(uri)) {
        try {
          PvcModelUri.parse(uri);
        } catch (IllegalArgumentException e) {
          findings.add(Finding.error("spec.model.uri", who + "spec.model.uri: " + e.getMessage()));
        }
      }
      if (blank(sha)) {
        findings.add(
            Finding.error(
                "spec.model.sha256",
                who
                    + "spec.model.sha256 is required for "
                    + uri
                    + "; set it to the lower-case hex SHA-256 of the ONNX file."));
      }
    }
    if (!blank(sha) && !sha.matches("^[0-9a-f]{64}$")) {
      findings.add(
          Finding.error(
              "spec.model.sha256",
              who + "spec.model.sha256 must be 64 lower-case hex digits; fix or remove it."));
    }
  }

  private static void tiers(InferencePipelineSpec spec, String who, List<Finding> findings) {
    List<TierSpec> tiers = spec.getTiers();
    if (tiers == null || tiers.isEmpty()) {
      findings.add(
          Finding.error(
              "spec.tiers",
              who + "spec.tiers is empty; list at least one tier, e.g. {name: edge}."));
      return;
    }
    if (tiers.size() > 3) {
      findings.add(
          Finding.error(
              "spec.tiers", who + "spec.tiers has " + tiers.size() + " tiers; use at most three."));
    }
    Set<String> seen = new HashSet<>();
    int lastKnown = -1;
    for (int i = 0; i < tiers.size(); i++) {
      String name = tiers.get(i).getName();
      String field = "spec.tiers[" + i + "].name";
      if (blank(name) || !name.matches("^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$")) {
        findings.add(
            Finding.error(
                field, who + field + " must be a DNS label of at most 32 characters, e.g. edge."));
        continue;
      }
      if (!seen.add(name)) {
        findings.add(
            Finding.error(
                field,
                who + "tier name \"" + name + "\" appears twice; tier names must be unique."));
      }
      int known = List.of("edge", "fog", "cloud").indexOf(name);
      if (known >= 0) {
        if (known < lastKnown) {
          findings.add(
              Finding.error(
                  field,
                  who
                      + "tier \""
                      + name
                      + "\" comes after a later tier; order spec.tiers along the data path"
                      + " (edge, fog, cloud)."));
        }
        lastKnown = known;
      }
    }
  }

  private static void adaptation(InferencePipelineSpec spec, String who, List<Finding> findings) {
    Adaptation a = spec.getAdaptation();
    if (a == null) {
      return;
    }
    if (a.getMinGain() != null && !(a.getMinGain() >= 0 && a.getMinGain() < 1)) {
      findings.add(
          Finding.error(
              "spec.adaptation.minGain",
              who + "spec.adaptation.minGain must be in [0, 1), got " + a.getMinGain() + "."));
    }
    if (a.getDriftThreshold() != null && !(a.getDriftThreshold() > 0)) {
      findings.add(
          Finding.error(
              "spec.adaptation.driftThreshold",
              who
                  + "spec.adaptation.driftThreshold must be > 0, got "
                  + a.getDriftThreshold()
                  + "."));
    }
    for (String[] d :
        new String[][] {{"probeInterval", a.getProbeInterval()}, {"cooldown", a.getCooldown()}}) {
      if (d[1] != null) {
        try {
          Durations.parse(d[1]);
        } catch (IllegalArgumentException e) {
          findings.add(
              Finding.error(
                  "spec.adaptation." + d[0],
                  who
                      + "spec.adaptation."
                      + d[0]
                      + " \""
                      + d[1]
                      + "\" is not a duration; write e.g. 10s, 500ms or 1m30s."));
        }
      }
    }
  }

  static boolean isKnownTier(String name) {
    return KNOWN_TIERS.contains(name);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
