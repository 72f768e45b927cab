package dev.strata.core.placement;

/**
 * Consecutive segments {@code [from, to)} run by one stage. Invariant: {@code 0 <= from < to} (a
 * stage always runs at least one segment).
 */
public record SegmentRange(int from, int to) {

  public SegmentRange {
    if (from < 0 || to <= from) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PLACEMENT,
          "range",
          "a range needs 0 <= from < to, got [" + from + ", " + to + ")");
    }
  }

  /** Number of segments in the range. */
  public int length() {
    return to - from;
  }

  @Override
  public String toString() {
    return "[" + from + "," + to + ")";
  }
}
