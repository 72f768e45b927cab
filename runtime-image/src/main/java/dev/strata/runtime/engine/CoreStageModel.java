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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link StageModel} on the core graph analysis. The parsed model and its analysis are held once
 * per worker; every range is extracted from them.
 */
public final class CoreStageModel implements StageModel {
  /** Float weights from this size on travel beside the graph (see {@link RangeModel}). */
  static final int EXTERNAL_BYTES = 4096;

  private final String name;
  private final ModelGraph graph;

  private CoreStageModel(String name, ModelGraph graph) {
    this.name = name;
    this.graph = graph;
  }

  /**
   * Analyzes a parsed model.
   *
   * @param name the name served under {@code /v2/models/{name}}
   * @throws ModelSourceException when the graph cannot be analyzed (with core's reason)
   */
  public static CoreStageModel of(OnnxModel model, String name) throws ModelSourceException {
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
      return new CoreStageModel(name, graph);
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
      weights.put(
          t.getName(),
          new RangeModel.Weight(
              direct(t.getRawData()),
              t.getDimsList().stream().mapToLong(Long::longValue).toArray()));
      g.setInitializer(
          i,
          t.toBuilder()
              .clearRawData()
              .setDataLocation(TensorProto.DataLocation.EXTERNAL)
              .addExternalData(
                  StringStringEntryProto.newBuilder().setKey("location").setValue(t.getName()))
              .build());
    }
    byte[] bytes = proto.toBuilder().setGraph(g).build().toByteArray();
    return new RangeModel(
        ByteBuffer.allocateDirect(bytes.length).put(bytes).flip(), Map.copyOf(weights));
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
