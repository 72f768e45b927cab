package dev.strata.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.exec.Tensor;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelGraphTest {

  private static List<String> cutNames(OnnxModel model) throws ModelFormatException {
    return ModelGraph.analyze(model).cuts().stream().map(c -> c.tensor().name()).toList();
  }

  @Test
  void everyTensorOfAChainIsACut() throws Exception {
    OnnxModel chain =
        new TinyGraph()
            .node("Relu", "a", "x")
            .node("Relu", "b", "a")
            .node("Relu", "c", "b")
            .output("c");
    assertEquals(List.of("a", "b"), cutNames(chain));
  }

  @Test
  void skipConnectionHidesTheTensorsItSpans() throws Exception {
    OnnxModel residual =
        new TinyGraph()
            .node("Relu", "a", "x")
            .node("Relu", "b", "a")
            .node("Relu", "c", "b")
            .node("Add", "d", "a", "c")
            .node("Relu", "e", "d")
            .output("e");
    assertEquals(List.of("a", "d"), cutNames(residual));
  }

  @Test
  void inceptionBranchesJoinAtTheConcatenation() throws Exception {
    OnnxModel branches =
        new TinyGraph()
            .node("Relu", "a", "x")
            .node("Relu", "left", "a")
            .node("Sigmoid", "right", "a")
            .concat("joined", "left", "right")
            .node("Relu", "out", "joined")
            .output("out", 1, 8, 8, 8);
    assertEquals(List.of("a", "joined"), cutNames(branches));
    assertArrayEquals(
        new long[] {1, 8, 8, 8}, ModelGraph.analyze(branches).cuts().get(1).tensor().shape());
  }

  @Test
  void denseConcatenationsKeepEarlierFeaturesAlive() throws Exception {
    OnnxModel dense =
        new TinyGraph()
            .node("Relu", "a", "x")
            .node("Relu", "f1", "a")
            .concat("c1", "a", "f1")
            .node("Relu", "f2", "c1")
            .concat("c2", "c1", "f2")
            .node("Relu", "out", "c2")
            .output("out", 1, 16, 8, 8);
    assertEquals(List.of("a", "c1", "c2"), cutNames(dense));
  }

  @Test
  void squeezeAndExcitationBranchIsNotCut() throws Exception {
    OnnxModel se =
        new TinyGraph()
            .node("Relu", "a", "x")
            .node("GlobalAveragePool", "pooled", "a")
            .node("Sigmoid", "gate", "pooled")
            .node("Mul", "scaled", "a", "gate")
            .node("Relu", "out", "scaled")
            .output("out");
    assertEquals(List.of("a", "scaled"), cutNames(se));
  }

  @Test
  void constantSubgraphsAreWeightsNotActivations() throws Exception {
    OnnxModel weights =
        new TinyGraph()
            .constant("two", 2f)
            .node("Identity", "two_again", "two")
            .initializer("bias", new long[] {1}, 0.5f)
            .node("Identity", "bias_alias", "bias")
            .node("Relu", "a", "x")
            .node("Mul", "b", "a", "two_again")
            .node("Add", "c", "b", "bias_alias")
            .node("Mul", "d", "c", "two")
            .output("d");
    ModelGraph graph = ModelGraph.analyze(weights);
    assertEquals(List.of("a", "b", "c"), cutNames(weights));
    assertEquals(4, graph.nodeCount());
  }

  @Test
  void tensorWithASuffixReaderOfTheModelInputIsNoCut() throws Exception {
    OnnxModel rereads =
        new TinyGraph()
            .node("Relu", "a", "x")
            .node("Relu", "b", "a")
            .node("Add", "c", "b", "x")
            .node("Relu", "d", "c")
            .output("d");
    assertEquals(List.of("c"), cutNames(rereads));
  }

  @Test
  void extractedRangeKeepsOnlyTheWeightsItReads() throws Exception {
    OnnxModel model =
        new TinyGraph()
            .initializer("w1", new long[] {1}, 2f)
            .initializer("w2", new long[] {1}, 3f)
            .node("Mul", "a", "x", "w1")
            .node("Mul", "b", "a", "w2")
            .output("b");
    ModelGraph graph = ModelGraph.analyze(model);
    List<String> first =
        graph.extract(0, 1).proto().getGraph().getInitializerList().stream()
            .map(TensorProto::getName)
            .toList();
    List<String> second =
        graph.extract(1, 2).proto().getGraph().getInitializerList().stream()
            .map(TensorProto::getName)
            .toList();
    assertEquals(List.of("w1"), first);
    assertEquals(List.of("w2"), second);
    assertEquals("a", graph.extract(1, 2).proto().getGraph().getInput(0).getName());
  }

  @Test
  void chainedSegmentsReproduceTheWholeDagModel() throws Exception {
    OnnxModel model =
        new TinyGraph()
            .constant("half", 0.5f)
            .node("Relu", "a", "x")
            .node("Sigmoid", "left", "a")
            .node("Mul", "right", "a", "half")
            .node("Add", "joined", "left", "right")
            .node("GlobalAveragePool", "pooled", "joined")
            .node("Sigmoid", "gate", "pooled")
            .node("Mul", "out", "joined", "gate")
            .output("out");
    ModelGraph graph = ModelGraph.analyze(model);
    float[] values = new float[4 * 8 * 8];
    Random random = new Random(1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    Tensor input = new Tensor(TinyGraph.SHAPE, values);
    assertTrue(SplitChecks.chainedDifference(graph, input, false) <= 1e-5);
  }

  @Test
  void extractRejectsAnEmptyRange() throws Exception {
    ModelGraph graph =
        ModelGraph.analyze(
            new TinyGraph().node("Relu", "a", "x").node("Relu", "b", "a").output("b"));
    assertThrows(IllegalArgumentException.class, () -> graph.extract(1, 1));
  }

  @Test
  void danglingTensorIsReportedByName() {
    OnnxModel broken = new TinyGraph().node("Add", "a", "x", "ghost").output("a");
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> ModelGraph.analyze(broken));
    assertTrue(e.getMessage().contains("ghost"), e.getMessage());
  }
}
