package dev.strata.core.placement;

import java.util.List;

/**
 * The model as the planner sees it: its segments in execution order and the size of its input.
 *
 * <p>Boundary {@code b} (for {@code 0 <= b <= segmentCount()}) sits before segment {@code b}; the
 * tensor crossing it has {@link #boundaryBytes(int)} bytes: the model input at boundary 0, the
 * output of segment {@code b - 1} otherwise (the model output at the last boundary).
 */
public record ModelProfile(String name, long inputBytes, List<Segment> segments) {

  public ModelProfile {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "model.segments",
          "model " + name + " has no segments; profile at least one segment");
    }
    if (inputBytes < 0) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "model.inputBytes",
          "input size must be >= 0, got " + inputBytes);
    }
  }

  public int segmentCount() {
    return segments.size();
  }

  /** Bytes of the tensor crossing boundary {@code b}. */
  public long boundaryBytes(int boundary) {
    return boundary == 0 ? inputBytes : segments.get(boundary - 1).outputBytes();
  }

  /**
   * Memory a node needs to run {@code range}: all its weights stay resident, activations are
   * transient, so the sum of weight bytes plus the largest working memory of one segment.
   */
  public long rangeMemoryBytes(SegmentRange range) {
    long weights = 0;
    long working = 0;
    for (int s = range.from(); s < range.to(); s++) {
      weights += segments.get(s).weightBytes();
      working = Math.max(working, segments.get(s).workingBytes());
    }
    return weights + working;
  }
}
