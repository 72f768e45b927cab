package dev.strata.operator.reconciler;

import dev.strata.operator.adapter.StageCallException;
import dev.strata.operator.adapter.StageClient;
import dev.strata.operator.adapter.StageProtocol.PrepareRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Applies a data path to its stages in two phases: {@code prepare(revision, range, next)} on every
 * stage, then {@code commit(revision)} from the last stage to the first, so that when a stage
 * switches, the stage after it already serves the revision. A failure stops the sequence and is
 * thrown; stages keep serving what they committed before (a later pass applies a new revision).
 */
final class TwoPhaseApply {

  private final StageClient stages;

  TwoPhaseApply(StageClient stages) {
    this.stages = stages;
  }

  /**
   * @param addresses base URL of the stage on every node of {@code path}
   * @param wirePrecision fp32 or fp16, sent with every prepare but the relay's: a relay passes the
   *     model input on as the client sent it
   * @throws StageCallException from the first call that fails
   */
  void apply(
      DataPath path,
      Map<String, URI> addresses,
      String token,
      long revision,
      String wirePrecision) {
    List<DataPath.Stop> stops = path.stops();
    for (int i = 0; i < stops.size(); i++) {
      DataPath.Stop s = stops.get(i);
      String next = i + 1 < stops.size() ? addresses.get(stops.get(i + 1).node()).toString() : null;
      stages.prepare(
          addresses.get(s.node()),
          token,
          new PrepareRequest(
              revision, s.from(), s.to(), next, s.isRelay() ? "fp32" : wirePrecision));
    }
    for (int i = stops.size() - 1; i >= 0; i--) {
      stages.commit(addresses.get(stops.get(i).node()), token, revision);
    }
  }
}
