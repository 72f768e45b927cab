package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;
import java.util.TreeMap;

/** One tier of the data path and the nodes that may serve it. */
public class TierSpec {

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$")
  @JsonPropertyDescription(
      "Tier name (DNS label, at most 32 characters); edge, fog and cloud get those tiers' default"
          + " power figures, other names take them by position.")
  private String name;

  @JsonPropertyDescription(
      "Labels a node must carry to serve this tier; empty means strata.dev/tier=<name>.")
  private Map<String, String> nodeSelector = new TreeMap<>();

  public TierSpec() {}

  public TierSpec(String name, Map<String, String> nodeSelector) {
    this.name = name;
    this.nodeSelector = new TreeMap<>(nodeSelector);
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }
}
