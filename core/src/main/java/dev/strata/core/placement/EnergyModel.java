package dev.strata.core.placement;

/**
 * Constants of the MODELED energy (no power counter is read; every report says it is a model).
 *
 * <p>Energy of one request = for every stage, its CPU time (profiled, unloaded milliseconds: a
 * loaded node stretches wall time by sharing the CPU, not the work the stage adds) times the node's
 * {@link PowerProfile#dynamicWatts()}, plus for every transfer its duration times {@code
 * transferWatts}. Each end of a transfer draws half of that: the source node's share (the device
 * requests enter on) is its own compute plus half of every transfer it sends or receives.
 *
 * @param transferWatts power drawn by the network interfaces of both ends while a tensor is in
 *     flight, in W. Default 1.5 W: a Raspberry Pi 4 draws about 0.5-1 W more with Wi-Fi or Ethernet
 *     busy, a laptop or desktop NIC well under 1 W.
 */
public record EnergyModel(double transferWatts) {

  public static final EnergyModel DEFAULT = new EnergyModel(1.5);

  public EnergyModel {
    if (!(transferWatts >= 0) || Double.isInfinite(transferWatts)) {
      throw new PlanningException(
          PlanningException.Reason.INVALID_PROBLEM,
          "energyModel.transferWatts",
          "transfer power must be finite and >= 0 W, got " + transferWatts);
    }
  }
}
