package dev.strata.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.exec.Tensor;
import dev.strata.core.graph.OnnxModel;
import dev.strata.core.models.BuiltinModels;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranges travel as a small graph plus views of the mapped model's weights, and run the same. */
class CoreStageModelTest {
  @TempDir static Path dir;
  private static CoreStageModel model;
  private static CoreStageModel fromFile;
  private final OrtSessionFactory sessions = new OrtSessionFactory(1);

  @BeforeAll
  static void load() throws Exception {
    Path file = dir.resolve("mobilenet_v2.onnx");
    try (OutputStream out = Files.newOutputStream(file)) {
      BuiltinModels.build("mobilenet_v2", 7).writeTo(out);
    }
    model = CoreStageModel.of(OnnxModel.load(file), "mobilenet_v2");
    fromFile = CoreStageModel.load(file, "mobilenet_v2");
  }

  @Test
  void largeWeightsAreViewsOfTheMappedFileAndTheGraphStaysSmall() {
    RangeModel range = model.extract(40, 72);
    long weightBytes = range.weights().values().stream().mapToLong(w -> w.data().remaining()).sum();
    assertTrue(weightBytes > 5_000_000, "weights beside the graph: " + weightBytes);
    assertTrue(range.graph().remaining() < weightBytes / 20, "graph " + range.graph().remaining());
    range.weights().values().forEach(w -> assertTrue(w.data().isDirect() && w.data().isReadOnly()));
  }

  @Test
  void aLoadedModelsRangesPointAtTheirWeightsInTheModelFile() throws Exception {
    RangeModel range = fromFile.extract(40, 72);
    assertEquals(Map.of(), range.weights());
    assertEquals(Optional.of(dir.toAbsolutePath()), range.weightsFolder());
    long external =
        ModelProto.parseFrom(range.graph().duplicate()).getGraph().getInitializerList().stream()
            .filter(t -> t.getExternalDataCount() > 0)
            .peek(t -> assertEquals("mobilenet_v2.onnx", t.getExternalData(0).getValue()))
            .count();
    assertTrue(external > 10, "initializers in the file: " + external);
  }

  @Test
  void rangesWithWeightsInTheFileOrAsBuffersAnswerLikeTheRangeWithItsWeightsInline()
      throws Exception {
    ByteBuffer inline = ByteBuffer.wrap(model.graph().extract(40, 72).proto().toByteArray());
    long[] shape = model.inputOf(40).shape();
    float[] x = new float[(int) (model.inputOf(40).bytes() / 4)];
    Random r = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    Tensor want;
    try (StageSession s = sessions.open(RangeModel.inline(inline))) {
      want = s.run(new Tensor(shape, x));
    }
    for (CoreStageModel m : new CoreStageModel[] {model, fromFile}) {
      try (StageSession s = sessions.open(m.extract(40, 72))) {
        assertEquals(0.0, s.run(new Tensor(shape, x)).maxRelativeDifference(want, 1e-6), 1e-5);
      }
    }
  }

  @Test
  void outputOfTheEmptyRangeIsTheModelInput() {
    assertEquals(model.graph().inputs().get(0).name(), model.outputOf(0).name());
    assertEquals(model.inputOf(0).name(), model.outputOf(0).name());
  }
}
