package dev.strata.runtime.engine;

import com.google.protobuf.CodedOutputStream;
import dev.strata.core.graph.ModelFormatException;
import dev.strata.core.graph.ModelGraph;
import dev.strata.core.graph.OnnxModel;
import dev.strata.core.graph.TensorInfo;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A {@link StageModel} on the core graph analysis. The parsed model and its analysis are held once
 * per worker; every range is extracted from them.
 */
public final class CoreStageModel implements StageModel {
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
    return toSegment == segmentCount()
        ? graph.outputs().get(0)
        : graph.cuts().get(toSegment - 1).tensor();
  }

  @Override
  public ByteBuffer extract(int fromSegment, int toSegment) {
    // Serialized straight into the direct buffer ONNX Runtime reads: for VGG16's classifier range
    // this saves a 500 MB heap array and a copy on every prepare.
    ModelProto proto = graph.extract(fromSegment, toSegment).proto();
    ByteBuffer direct = ByteBuffer.allocateDirect(proto.getSerializedSize());
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(direct);
      proto.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("serializing range " + fromSegment + "-" + toSegment, e);
    }
    return direct.flip();
  }

  @Override
  public long weightBytes(int index) {
    return graph.segments().get(index).weightBytes();
  }
}
