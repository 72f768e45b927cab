package dev.strata.core.placement;

/**
 * A planning problem, placement or plan request that cannot be served. Carries a stable {@link
 * Reason} (its {@link Reason#code()} goes into status conditions) and the path of the field that
 * has to change; the message says what to fix.
 */
public final class PlanningException extends RuntimeException {

  /** Why planning failed. */
  public enum Reason {
    /** The problem itself is malformed (sizes disagree, negative numbers, unknown names). */
    INVALID_PROBLEM("InvalidProblem"),
    /** A given placement breaks tier order, coverage, memory or connectivity. */
    INVALID_PLACEMENT("InvalidPlacement"),
    /** No placement satisfies the memory and link constraints. */
    NO_FEASIBLE_PLACEMENT("NoFeasiblePlacement"),
    /** Placements exist, but none meets the latency SLO. */
    SLO_UNREACHABLE("SloUnreachable");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** UpperCamelCase reason code for conditions and Events. */
    public String code() {
      return code;
    }
  }

  private final Reason reason;
  private final String field;
  private final String detail;

  public PlanningException(Reason reason, String field, String detail) {
    super(field + ": " + detail);
    this.reason = reason;
    this.field = field;
    this.detail = detail;
  }

  public Reason reason() {
    return reason;
  }

  /** What is wrong and what to do, without the field path. */
  public String detail() {
    return detail;
  }

  /** Path of the offending field, for example {@code nodes[2].segmentMs}. */
  public String field() {
    return field;
  }
}
