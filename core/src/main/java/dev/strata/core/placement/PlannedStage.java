package dev.strata.core.placement;

/**
 * A stage with its share of the prediction.
 *
 * @param inputFrom node the stage's input comes from (the source node, or the previous stage)
 * @param inputBytes size of that input in bytes (the cut tensor at {@code range.from()})
 * @param transferMs time to bring the input here, ms (0 when {@code inputFrom} is this node)
 * @param computeMs time to run the range under the node's current load, ms
 * @param energyJ modeled energy of the compute and of the input transfer, J
 */
public record PlannedStage(
    String node,
    Tier tier,
    SegmentRange range,
    String inputFrom,
    long inputBytes,
    double transferMs,
    double computeMs,
    double energyJ) {

  public StageAssignment assignment() {
    return new StageAssignment(node, range);
  }
}
