package dev.strata.testbed.scenario;

/**
 * The planner's MODELED energy per request of a revision, from the pipeline's status: no power
 * counter is read.
 *
 * @param totalJ every node's compute and every transfer, J
 * @param entryNodeJ the part drawn on the entry node, the edge device requests enter on (its
 *     stage's compute and its end of the transfers to and from it), J; NaN when the status does not
 *     give it
 */
public record ModeledEnergy(double totalJ, double entryNodeJ) {
  public static final ModeledEnergy UNKNOWN = new ModeledEnergy(Double.NaN, Double.NaN);
}
