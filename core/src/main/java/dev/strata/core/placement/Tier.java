package dev.strata.core.placement;

/**
 * The tiers of the data path, in order: a request enters at the edge and moves towards the cloud,
 * never back. A placement uses at most one node per tier and its stages follow this order; any tier
 * may be skipped.
 */
public enum Tier {
  EDGE(new PowerProfile(2.7, 6.4)),
  FOG(new PowerProfile(10.0, 45.0)),
  CLOUD(new PowerProfile(30.0, 150.0));

  private final PowerProfile defaultPower;

  Tier(PowerProfile defaultPower) {
    this.defaultPower = defaultPower;
  }

  /**
   * Power assumed for a node of this tier that carries no power labels: edge is a Raspberry Pi 4
   * (2.7 W idle, 6.4 W loaded), fog a laptop (10 W / 45 W), cloud a desktop (30 W / 150 W).
   */
  public PowerProfile defaultPower() {
    return defaultPower;
  }
}
