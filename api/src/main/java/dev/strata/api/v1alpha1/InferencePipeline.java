package dev.strata.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One DNN model split across the nodes of an ordered list of tiers: the operator profiles the
 * candidate nodes, measures the links between them, runs each layer range as a stage pod and moves
 * the cuts when measurements drift.
 */
@Group(InferencePipeline.GROUP)
@Version(InferencePipeline.VERSION)
@ShortNames("ip")
@AdditionalPrinterColumn(
    name = "Tiers",
    jsonPath = ".status.tiers",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Revision",
    jsonPath = ".status.placement.revision",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Latency-ms",
    jsonPath = ".status.placement.predicted.latencyMs",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Entry",
    jsonPath = ".status.placement.entryNode",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class InferencePipeline
    extends CustomResource<InferencePipelineSpec, InferencePipelineStatus> implements Namespaced {

  public static final String GROUP = "strata.dev";
  public static final String VERSION = "v1alpha1";

  /** Name of the CRD: {@code inferencepipelines.strata.dev}. */
  public static final String CRD_NAME = "inferencepipelines." + GROUP;

  /** {@code namespace/name}, for messages. */
  public String key() {
    return getMetadata().getNamespace() + "/" + getMetadata().getName();
  }
}
