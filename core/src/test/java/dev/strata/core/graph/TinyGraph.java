package dev.strata.core.graph;

import com.google.protobuf.ByteString;
import dev.strata.core.onnx.OnnxProto.AttributeProto;
import dev.strata.core.onnx.OnnxProto.GraphProto;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import dev.strata.core.onnx.OnnxProto.NodeProto;
import dev.strata.core.onnx.OnnxProto.OperatorSetIdProto;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import dev.strata.core.onnx.OnnxProto.TensorShapeProto;
import dev.strata.core.onnx.OnnxProto.TypeProto;
import dev.strata.core.onnx.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Hand-written topologies on a [1, 4, 8, 8] float input, for cut and extraction tests. */
final class TinyGraph {
  static final long[] SHAPE = {1, 4, 8, 8};
  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("tiny");

  TinyGraph() {
    graph.addInput(value("x", SHAPE));
  }

  TinyGraph node(String op, String output, String... inputs) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(op)
            .setName(output)
            .addAllInput(List.of(inputs))
            .addOutput(output));
    return this;
  }

  TinyGraph concat(String output, String... inputs) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("Concat")
            .setName(output)
            .addAllInput(List.of(inputs))
            .addOutput(output)
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("axis")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(1)));
    return this;
  }

  /** A Constant node holding a scalar float. */
  TinyGraph constant(String output, float value) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("Constant")
            .setName(output)
            .addOutput(output)
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("value")
                    .setType(AttributeProto.AttributeType.TENSOR)
                    .setT(floats(output, new long[0], value))));
    return this;
  }

  TinyGraph initializer(String name, long[] dims, float... values) {
    graph.addInitializer(floats(name, dims, values));
    return this;
  }

  OnnxModel output(String name, long... shape) {
    graph.addOutput(value(name, shape));
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(7)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
            .setGraph(graph)
            .build();
    return OnnxModel.of(model, "tiny");
  }

  OnnxModel output(String name) {
    return output(name, SHAPE);
  }

  private static TensorProto floats(String name, long[] dims, float... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addAllDims(java.util.Arrays.stream(dims).boxed().toList())
        .setRawData(ByteString.copyFrom(raw.array()))
        .build();
  }

  private static ValueInfoProto value(String name, long[] shape) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : shape) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(s)))
        .build();
  }
}
