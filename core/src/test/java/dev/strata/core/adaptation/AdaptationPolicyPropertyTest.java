package dev.strata.core.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AdaptationPolicyPropertyTest {

  @Provide
  Arbitrary<double[]> flappingTraces() {
    // Levels alternate between fast and slow and never hold for settleSamples (3) probes in a row.
    return Arbitraries.integers()
        .between(1, 2)
        .list()
        .ofMinSize(10)
        .ofMaxSize(60)
        .map(
            runs -> {
              double[] trace = new double[runs.stream().mapToInt(Integer::intValue).sum()];
              int t = 0;
              for (int i = 0; i < runs.size(); i++) {
                for (int k = 0; k < runs.get(i); k++) {
                  trace[t++] = i % 2 == 0 ? 8 : 0.5;
                }
              }
              return trace;
            });
  }

  @Property(tries = 200)
  void linkFlappingFasterThanTheSettleWindowNeverMovesThePlacement(
      @ForAll("flappingTraces") double[] trace) {
    PiDeskNetwork net = new PiDeskNetwork(AdaptationSettings.defaults());
    for (double mbps : trace) {
      net.tick(mbps);
    }
    assertEquals(0, net.count(Decision.Kind.MOVE), () -> net.decisions.toString());
  }
}
