package dev.strata.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.exec.SegmentSession;
import dev.strata.core.exec.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The graph core on models exported by PyTorch, which Strata did not write. */
class ExportedModelSplitTest {

  @ParameterizedTest
  @CsvSource({"mobilenet_v3_small, 41", "regnet_x_400mf, 48"})
  void findsEverySingleTensorCut(String name, int expectedCuts) throws Exception {
    ModelGraph graph = ModelGraph.analyze(OnnxModel.load(SharedModels.model(name)));
    assertEquals(expectedCuts, graph.cuts().size());
    assertEquals(expectedCuts + 1, graph.segments().size());
  }

  @ParameterizedTest
  @CsvSource({"mobilenet_v3_small", "regnet_x_400mf"})
  void unsplitModelMatchesPyTorch(String name) throws Exception {
    OnnxModel model = OnnxModel.load(SharedModels.model(name));
    try (SegmentSession session = SegmentSession.open(model.toBytes(), 2)) {
      Tensor out = session.run(SharedModels.input());
      assertTrue(out.maxRelativeDifference(SharedModels.expected(name), 1e-3) < 1e-4);
    }
  }

  @ParameterizedTest
  @CsvSource({"mobilenet_v3_small", "regnet_x_400mf"})
  void chainingEverySegmentReproducesTheWholeModel(String name) throws Exception {
    ModelGraph graph = ModelGraph.analyze(OnnxModel.load(SharedModels.model(name)));
    double diff = SplitChecks.chainedDifference(graph, SharedModels.input(), false);
    assertTrue(diff <= 1e-5, name + ": chained output differs by " + diff);
  }
}
