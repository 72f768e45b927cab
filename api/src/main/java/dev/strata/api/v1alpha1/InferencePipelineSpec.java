package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** What to run and how to adapt it. Defaults live in the CRD schema, never in reconcile. */
public class InferencePipelineSpec {

  @Required
  @JsonPropertyDescription("The model to split: where to load it from and how to check it.")
  private ModelSource model;

  @Required
  @Size(min = 1, max = 3)
  @ValidationRule(
      value = "self.all(t, self.exists_one(u, u.name == t.name))",
      message = "tier names must be unique")
  @JsonPropertyDescription(
      "Tiers in the order of the data path (requests enter the first): one to three of them; a"
          + " tier may end up unused. Names must be unique.")
  private List<TierSpec> tiers = new ArrayList<>();

  @JsonPropertyDescription(
      "What the planner minimizes: latency (end to end, ms), energy (modeled J per request),"
          + " throughput (pipeline bottleneck) or balanced.")
  @io.fabric8.generator.annotation.Default("latency")
  private PipelineObjective objective = PipelineObjective.LATENCY;

  @JsonPropertyDescription(
      "How placements are chosen: exact (default; search over cuts x nodes), weighted-scoring"
          + " (AMP4EC), single-cut (Neurosurgeon, first to last tier), edge-only or cloud-only.")
  @io.fabric8.generator.annotation.Default("exact")
  private PlacementStrategy strategy = PlacementStrategy.EXACT;

  @JsonPropertyDescription("Service level objective; placements over it are not chosen.")
  private Slo slo;

  @JsonPropertyDescription("When and how far the placement follows changing measurements.")
  @io.fabric8.generator.annotation.Default("{}")
  private Adaptation adaptation = new Adaptation();

  @JsonPropertyDescription("Settings of the stage runtime.")
  @io.fabric8.generator.annotation.Default("{}")
  private RuntimeSettings runtime = new RuntimeSettings();

  public ModelSource getModel() {
    return model;
  }

  public void setModel(ModelSource model) {
    this.model = model;
  }

  public List<TierSpec> getTiers() {
    return tiers;
  }

  public void setTiers(List<TierSpec> tiers) {
    this.tiers = tiers;
  }

  public PipelineObjective getObjective() {
    return objective;
  }

  public void setObjective(PipelineObjective objective) {
    this.objective = objective;
  }

  public PlacementStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(PlacementStrategy strategy) {
    this.strategy = strategy;
  }

  public Slo getSlo() {
    return slo;
  }

  public void setSlo(Slo slo) {
    this.slo = slo;
  }

  public Adaptation getAdaptation() {
    return adaptation;
  }

  public void setAdaptation(Adaptation adaptation) {
    this.adaptation = adaptation;
  }

  public RuntimeSettings getRuntime() {
    return runtime;
  }

  public void setRuntime(RuntimeSettings runtime) {
    this.runtime = runtime;
  }
}
