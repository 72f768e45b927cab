package dev.strata.core.graph;

import dev.strata.core.exec.SegmentSession;
import dev.strata.core.exec.Tensor;

/** Runs a model whole and as a chain of its single-segment ranges. */
final class SplitChecks {
  private SplitChecks() {}

  /** The largest relative difference between the chained and the whole model's output. */
  static double chainedDifference(ModelGraph graph, Tensor input, boolean optimize) {
    Tensor whole;
    try (SegmentSession session = SegmentSession.open(graph.model().toBytes(), 2, optimize)) {
      whole = session.run(input);
    }
    Tensor x = input;
    for (int k = 0; k < graph.segments().size(); k++) {
      try (SegmentSession s = SegmentSession.open(graph.extract(k, k + 1).toBytes(), 2, optimize)) {
        x = s.run(x);
      }
    }
    return x.maxRelativeDifference(whole, 1e-3);
  }
}
