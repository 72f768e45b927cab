package dev.strata.runtime.control;

import dev.strata.runtime.engine.Assignment;
import java.util.List;

/** Bodies of the control API (see runtime-image/README.md). */
public final class ControlDtos {
  private ControlDtos() {}

  /** {@code POST /control/prepare}. {@code next} null or absent on the last stage. */
  public record PrepareRequest(
      Long revision, Integer fromSegment, Integer toSegment, String next, String wirePrecision) {}

  /** {@code POST /control/commit}. */
  public record CommitRequest(Long revision) {}

  /** An assignment as reported by the worker. */
  public record AssignmentView(
      long revision,
      int fromSegment,
      int toSegment,
      String range,
      String next,
      String wirePrecision) {
    static AssignmentView of(Assignment a) {
      return new AssignmentView(
          a.revision(),
          a.fromSegment(),
          a.toSegment(),
          a.range(),
          a.next().map(Object::toString).orElse(null),
          a.wirePrecision().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** Answer to prepare. */
  public record PrepareResponse(AssignmentView prepared, double sessionBuildMs) {}

  /**
   * {@code GET /control/assignment} and the answer to commit.
   *
   * @param sessions ranges whose ONNX Runtime sessions the worker holds memory for: the committed
   *     one, a different prepared one, and replaced ones that still hold a session neither of them
   *     runs ({@code StageTable.heldRanges})
   * @param sessionBytes resident memory above the level once the model had loaded ({@code
   *     SessionMemory}); null where it cannot be read
   */
  public record AssignmentStatus(
      AssignmentView committed,
      AssignmentView prepared,
      List<Long> draining,
      int sessions,
      int queueDepth,
      Long sessionBytes) {}

  /** {@code GET /control/status}: model state and assignment. */
  public record WorkerStatus(
      String model,
      String modelUri,
      String phase,
      String error,
      int segments,
      AssignmentStatus assignment) {}

  /** {@code POST /control/profile}. */
  public record ProfileRequest(Integer runs, Integer warmup) {}

  /** {@code POST /control/probe}. */
  public record ProbeRequest(String target, List<Long> sizes, Integer repeats, Long budgetMs) {}
}
