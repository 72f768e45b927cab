package dev.strata.core.placement;

/**
 * One segment of the model: the nodes between two consecutive cuts.
 *
 * @param macs multiply-accumulate operations of one inference (informational: planners use the
 *     measured times of {@link NodeProfile#profiledMs()})
 * @param weightBytes bytes of weights the segment keeps resident
 * @param workingBytes peak activation memory while the segment runs, in bytes
 * @param outputBytes bytes of the cut tensor this segment produces (what crosses a link when the
 *     next segment runs elsewhere)
 */
public record Segment(long macs, long weightBytes, long workingBytes, long outputBytes) {

  public Segment {
    if (macs < 0 || weightBytes < 0 || workingBytes < 0 || outputBytes < 0) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "model.segments",
          "segment figures must be >= 0, got macs="
              + macs
              + " weightBytes="
              + weightBytes
              + " workingBytes="
              + workingBytes
              + " outputBytes="
              + outputBytes);
    }
  }
}
