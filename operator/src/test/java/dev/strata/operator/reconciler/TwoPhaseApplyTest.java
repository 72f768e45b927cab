package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.core.placement.Plan;
import dev.strata.core.placement.PlannedStage;
import dev.strata.core.placement.Prediction;
import dev.strata.core.placement.SegmentRange;
import dev.strata.core.placement.Tier;
import dev.strata.operator.adapter.RecordingStageClient;
import dev.strata.operator.adapter.StageCallException;
import dev.strata.operator.adapter.StageProtocol.PrepareRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TwoPhaseApplyTest {

  private static final URI E = URI.create("http://p-e.p-stages.ns.svc:8080");
  private static final URI C = URI.create("http://p-c.p-stages.ns.svc:8080");

  private final DataPath plan =
      DataPath.of(
          new Plan(
              "exact",
              List.of(
                  new PlannedStage("e", Tier.EDGE, new SegmentRange(0, 3), "e", 10, 0, 1, 0),
                  new PlannedStage("c", Tier.CLOUD, new SegmentRange(3, 6), "e", 5, 1, 1, 0)),
              new Prediction(3, 300, 0.1, 0.05, 1, 0)),
          Optional.of("e"));
  private final RecordingStageClient client = new RecordingStageClient();

  @Test
  void everyStageIsPreparedWithItsRangeAndNextBeforeAnyCommit() {
    new TwoPhaseApply(client).apply(plan, Map.of("e", E, "c", C), "t", 7, "fp16");

    assertEquals(
        List.of("prepare", "prepare", "commit", "commit"),
        client.calls.stream().map(RecordingStageClient.Call::kind).toList());
    PrepareRequest first = (PrepareRequest) client.calls.get(0).request();
    assertEquals(new PrepareRequest(7, 0, 3, C.toString(), "fp16"), first);
    PrepareRequest last = (PrepareRequest) client.calls.get(1).request();
    assertNull(last.next());
  }

  @Test
  void commitsRunFromTheLastStageToTheFirst() {
    new TwoPhaseApply(client).apply(plan, Map.of("e", E, "c", C), "t", 7, "fp32");

    assertEquals(C, client.calls.get(2).stage());
    assertEquals(E, client.calls.get(3).stage());
  }

  @Test
  void aRelayIsPreparedToForwardTheInputAsSentToTheFirstStageAndCommittedLast() {
    DataPath relayed =
        DataPath.of(
            new Plan(
                "exact",
                List.of(new PlannedStage("c", Tier.CLOUD, new SegmentRange(0, 6), "e", 5, 1, 1, 0)),
                new Prediction(3, 300, 0.1, 0.05, 1, 0)),
            Optional.of("e"));

    new TwoPhaseApply(client).apply(relayed, Map.of("e", E, "c", C), "t", 7, "fp16");

    assertEquals(new PrepareRequest(7, 0, 0, C.toString(), "fp32"), client.calls.get(0).request());
    assertEquals(new PrepareRequest(7, 0, 6, null, "fp16"), client.calls.get(1).request());
    assertEquals(E, client.calls.get(3).stage());
  }

  @Test
  void aFailedCommitStopsTheSequence() {
    client.failCommitOn = Optional.of(C);

    assertThrows(
        StageCallException.class,
        () -> new TwoPhaseApply(client).apply(plan, Map.of("e", E, "c", C), "t", 7, "fp32"));
    assertEquals(3, client.calls.size());
  }
}
