package dev.strata.runtime.engine;

import com.google.protobuf.ByteString;
import dev.strata.core.graph.ModelFormatException;
import dev.strata.core.graph.ModelGraph;
import dev.strata.core.graph.OnnxModel;
import dev.strata.core.graph.TensorInfo;
import dev.strata.core.onnx.OnnxProto.GraphProto;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import dev.strata.core.onnx.OnnxProto.StringStringEntryProto;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link StageModel} on the core graph analysis. The parsed model and its analysis are held once
 * per worker; every range is extracted from them.
 */
public final class CoreStageModel implements StageModel {
  /** Float weights from this size on travel beside the graph (see {@link RangeModel}). */
  static final int EXTERNAL_BYTES = 4096;

  private final String name;
  private final ModelGraph graph;
  private final Optional<ModelFileLayout> file;

  private CoreStageModel(String name, ModelGraph graph, Optional<ModelFileLayout> file) {
    this.name = name;
    this.graph = graph;
    this.file = file;
  }

  /**
   * Loads and analyzes a model file; ranges take their weights from the file itself (see {@link
   * ModelFileLayout}).
   *
   * @param name the name served under {@code /v2/models/{name}}
   * @throws ModelFormatException when the file is not a readable ONNX model
   * @throws ModelSourceException when the graph cannot be analyzed (with core's reason)
   */
  public static CoreStageModel load(Path file, String name)
      throws ModelFormatException, ModelSourceException, IOException {
    OnnxModel model = OnnxModel.load(file);
    return analyze(model, name, Optional.of(ModelFileLayout.of(file)));
  }

  /**
   * Analyzes a parsed model.
   *
   * @param name the name served under {@code /v2/models/{name}}
   * @throws ModelSourceException when the graph cannot be analyzed (with core's reason)
   */
  public static CoreStageModel of(OnnxModel model, String name) throws ModelSourceException {
    return analyze(model, name, Optional.empty());
  }

  private static CoreStageModel analyze(
      OnnxModel model, String name, Optional<ModelFileLayout> file) throws ModelSourceException {
    try {
      ModelGraph graph = ModelGraph.analyze(model);
      if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
        throw new ModelSourceException(
            "model "
                + name
                + " has "
                + graph.inputs().size()
                + " inputs and "
                + graph.outputs().size()
                + " outputs; a stage pipeline needs exactly one of each");
      }
      return new CoreStageModel(name, graph, file);
    } catch (ModelFormatException e) {
      throw new ModelSourceException("model " + name + ": " + e.getMessage(), e);
    }
  }

  /** The analysis: segments, cuts and their costs. */
  public ModelGraph graph() {
    return graph;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int segmentCount() {
    return graph.segments().size();
  }

  @Override
  public TensorInfo inputOf(int fromSegment) {
    return fromSegment == 0 ? graph.inputs().get(0) : graph.cuts().get(fromSegment - 1).tensor();
  }

  @Override
  public TensorInfo outputOf(int toSegment) {
    if (toSegment == 0) {
      return graph.inputs().get(0);
    }
    return toSegment == segmentCount()
        ? graph.outputs().get(0)
        : graph.cuts().get(toSegment - 1).tensor();
  }

  @Override
  public RangeModel extract(int fromSegment, int toSegment) {
    ModelProto proto = graph.extract(fromSegment, toSegment).proto();
    GraphProto.Builder g = proto.getGraph().toBuilder();
    Map<String, RangeModel.Weight> weights = new HashMap<>();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      TensorProto t = g.getInitializer(i);
      if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE
          || t.getRawData().size() < EXTERNAL_BYTES) {
        continue;
      }
      Optional<ModelFileLayout.Span> span =
          file.map(f -> f.spans().get(t.getName()))
              .filter(s -> s.length() == t.getRawData().size());
      TensorProto.Builder external =
          t.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL);
      if (span.isPresent()) {
        external
            .addExternalData(entry("location", file.get().file().getFileName().toString()))
            .addExternalData(entry("offset", Long.toString(span.get().offset())))
            .addExternalData(entry("length", Long.toString(span.get().length())));
      } else {
        weights.put(
            t.getName(),
            new RangeModel.Weight(
                direct(t.getRawData()),
                t.getDimsList().stream().mapToLong(Long::longValue).toArray()));
        external.addExternalData(entry("location", t.getName()));
      }
      g.setInitializer(i, external.build());
    }
    byte[] bytes = proto.toBuilder().setGraph(g).build().toByteArray();
    return new RangeModel(
        ByteBuffer.allocateDirect(bytes.length).put(bytes).flip(),
        Map.copyOf(weights),
        file.map(f -> f.file().toAbsolutePath().getParent()));
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  /**
   * The weight's bytes without a copy when the model is memory-mapped (a worker loads it so);
   * copied into a direct buffer otherwise.
   */
  private static ByteBuffer direct(ByteString raw) {
    ByteBuffer view = raw.asReadOnlyByteBuffer();
    if (view.isDirect()) {
      return view.order(ByteOrder.LITTLE_ENDIAN);
    }
    ByteBuffer copy = ByteBuffer.allocateDirect(raw.size()).order(ByteOrder.LITTLE_ENDIAN);
    raw.copyTo(copy);
    return copy.flip();
  }

  @Override
  public long weightBytes(int index) {
    return graph.segments().get(index).weightBytes();
  }
}
