package dev.strata.testbed.link;

/**
 * A bidirectional emulated link between two nodes whose rate and delay can change while traffic
 * flows; changes apply to bytes that arrive after them.
 */
public final class ShapedLink {
  private final String name;
  private volatile LinkSpec spec;
  private final Transmitter forward = new Transmitter();
  private final Transmitter backward = new Transmitter();

  public ShapedLink(String name, LinkSpec spec) {
    this.name = name;
    this.spec = spec;
  }

  public String name() {
    return name;
  }

  public LinkSpec spec() {
    return spec;
  }

  public void set(LinkSpec newSpec) {
    this.spec = newSpec;
  }

  Transmitter direction(boolean fromFirstNode) {
    return fromFirstNode ? forward : backward;
  }
}
