package dev.strata.operator.status;

/** The conditions of an InferencePipeline, in the order they are written. */
public enum ConditionType {
  /** Derived by {@link StatusAggregator}: ModelLoaded, Profiled and Placed are all True. */
  READY("Ready"),
  /** Every stage loaded the model (URI reachable, checksum matched, ONNX valid). */
  MODEL_LOADED("ModelLoaded"),
  /** Every stage in use reported per-segment times. */
  PROFILED("Profiled"),
  /** A placement is committed on every stage it names. */
  PLACED("Placed"),
  /** A placement change is under way (pods starting, prepare/commit). */
  ADAPTING("Adapting"),
  /**
   * Something works less well than asked (empty tier, unreachable stage, crash loop, no metrics).
   */
  DEGRADED("Degraded");

  private final String type;

  ConditionType(String type) {
    this.type = type;
  }

  /** The condition's {@code type} as written in status. */
  public String type() {
    return type;
  }
}
