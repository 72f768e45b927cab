package dev.strata.operator.reconciler;

import java.util.List;

/**
 * Something validation found in a spec: an error stops the pipeline, a warning degrades it.
 *
 * @param field path of the offending field, e.g. {@code spec.tiers[1].name}
 * @param message what is wrong and what to do, one sentence
 */
public record Finding(boolean error, String field, String message) {

  public static Finding error(String field, String message) {
    return new Finding(true, field, message);
  }

  public static Finding warning(String field, String message) {
    return new Finding(false, field, message);
  }

  public static boolean hasErrors(List<Finding> findings) {
    return findings.stream().anyMatch(Finding::error);
  }
}
