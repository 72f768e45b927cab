package dev.strata.operator.reconciler;

import dev.strata.core.placement.Plan;
import dev.strata.core.placement.PlannedStage;
import dev.strata.operator.adapter.StageCallException;
import dev.strata.operator.adapter.StageClient;
import dev.strata.operator.adapter.StageProtocol.PrepareRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Applies a plan to its stages in two phases: {@code prepare(revision, range, next)} on every
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
   * @param addresses base URL of the stage on every node of {@code plan}
   * @param wirePrecision fp32 or fp16, sent with every prepare
   * @throws StageCallException from the first call that fails
   */
  void apply(
      Plan plan, Map<String, URI> addresses, String token, long revision, String wirePrecision) {
    List<PlannedStage> planned = plan.stages();
    for (int i = 0; i < planned.size(); i++) {
      PlannedStage s = planned.get(i);
      String next =
          i + 1 < planned.size() ? addresses.get(planned.get(i + 1).node()).toString() : null;
      stages.prepare(
          addresses.get(s.node()),
          token,
          new PrepareRequest(revision, s.range().from(), s.range().to(), next, wirePrecision));
    }
    for (int i = planned.size() - 1; i >= 0; i--) {
      stages.commit(addresses.get(planned.get(i).node()), token, revision);
    }
  }
}
