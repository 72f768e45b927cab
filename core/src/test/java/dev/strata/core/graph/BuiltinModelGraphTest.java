package dev.strata.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.exec.Tensor;
import dev.strata.core.models.BuiltinModels;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The graph core on the built-in architectures: counts, and exact reassembly of every split. */
class BuiltinModelGraphTest {

  private static ModelGraph analyze(String name) throws ModelFormatException {
    return ModelGraph.analyze(OnnxModel.of(BuiltinModels.build(name, 7), name));
  }

  @ParameterizedTest
  @CsvSource({
    "alexnet, 18, 61100840, 714188480",
    "vgg16, 36, 138357544, 15470264320",
    "mobilenet_v2, 71, 3504872, 300774272",
    "resnet18, 22, 11689512, 1814073344"
  })
  void cutsParametersAndMacsMatchTheArchitecture(String name, int cuts, long params, long macs)
      throws Exception {
    ModelGraph graph = analyze(name);
    assertEquals(cuts, graph.cuts().size());
    assertEquals(params, graph.totalParams());
    assertEquals(macs, graph.totalMacs());
  }

  /**
   * Without graph optimizations the split runs the same arithmetic as the whole model, so the 1e-5
   * bound holds; with them, ONNX Runtime fuses Conv and BatchNormalization only where both sit in
   * one range, which moves the last digits (see the next test).
   */
  @ParameterizedTest
  @ValueSource(strings = {"alexnet", "vgg16", "mobilenet_v2", "resnet18"})
  void chainingEverySegmentReproducesTheUnsplitOutput(String name) throws Exception {
    ModelGraph graph = analyze(name);
    double diff =
        SplitChecks.chainedDifference(graph, randomInput(graph.inputs().get(0).shape()), false);
    assertTrue(diff <= 1e-5, name + ": chained output differs by " + diff);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mobilenet_v2", "resnet18"})
  void optimizedSessionsAgreeWithinFusionRounding(String name) throws Exception {
    ModelGraph graph = analyze(name);
    double diff =
        SplitChecks.chainedDifference(graph, randomInput(graph.inputs().get(0).shape()), true);
    assertTrue(diff <= 1e-3, name + ": chained output differs by " + diff);
  }

  private static Tensor randomInput(long[] shape) {
    int n = (int) TensorInfo.elementCount(shape);
    float[] values = new float[n];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return new Tensor(shape, values);
  }
}
