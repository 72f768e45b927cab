package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Settings passed to every stage pod. */
public class RuntimeSettings {

  /** Encoding of activations between stages. */
  public enum WirePrecision {
    @JsonProperty("fp32")
    FP32,
    @JsonProperty("fp16")
    FP16
  }

  @Default("fp32")
  @JsonPropertyDescription("Encoding of activations sent between stages: fp32 or fp16.")
  private WirePrecision wirePrecision = WirePrecision.FP32;

  @Min(1)
  @Max(10000)
  @Default("64")
  @JsonPropertyDescription("Requests a stage admits before it answers 503 with Retry-After.")
  private Integer maxQueue = 64;

  public WirePrecision getWirePrecision() {
    return wirePrecision;
  }

  public void setWirePrecision(WirePrecision wirePrecision) {
    this.wirePrecision = wirePrecision;
  }

  public Integer getMaxQueue() {
    return maxQueue;
  }

  public void setMaxQueue(Integer maxQueue) {
    this.maxQueue = maxQueue;
  }
}
