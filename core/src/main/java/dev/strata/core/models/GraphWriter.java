package dev.strata.core.models;

import dev.strata.core.onnx.OnnxProto.AttributeProto;
import dev.strata.core.onnx.OnnxProto.GraphProto;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import dev.strata.core.onnx.OnnxProto.NodeProto;
import dev.strata.core.onnx.OnnxProto.OperatorSetIdProto;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import dev.strata.core.onnx.OnnxProto.TensorShapeProto;
import dev.strata.core.onnx.OnnxProto.TypeProto;
import dev.strata.core.onnx.OnnxProto.ValueInfoProto;
import java.util.HashSet;
import java.util.Set;

/**
 * Appends torchvision-style layers to one ONNX graph, in topological order, with seeded weights.
 *
 * <p>Naming: a layer with parameters takes its torchvision module path ({@code features.0}, {@code
 * layer1.0.conv1}); its initializers carry torch's state-dict names ({@code features.0.weight},
 * {@code layer1.0.bn1.running_var}) and its node is the module path plus the op ({@code
 * features.0.conv}). A layer without parameters takes its full node name. Every node's single
 * output tensor has the node's name, except the last one, which {@link #finish} renames to {@value
 * #OUTPUT}. Names must be unique; a repeated name is a bug in the architecture and throws.
 *
 * <p>Weights (see {@link SeededTensors}): convolution and linear weights are He-normal with
 * standard deviation {@code sqrt(2 / fanIn)}, which keeps activation magnitudes roughly constant
 * through ReLU layers; biases are small noise (0.01). BatchNorm is in eval form with gamma near the
 * requested value, beta and running mean near 0 and running variance near 1, so it is close to an
 * identity scaled by gamma.
 *
 * <p>No {@code value_info} is written for intermediate tensors: shape inference is left to the
 * reader.
 */
final class GraphWriter {

  static final String INPUT = "input";
  static final String OUTPUT = "logits";
  static final long[] INPUT_SHAPE = {1, 3, 224, 224};
  static final long[] OUTPUT_SHAPE = {1, 1000};

  /**
   * BatchNorm gamma for the last normalization of a residual branch. Below 1 so that summing
   * branches into the residual stream does not grow it block after block (the seeded weights are
   * not trained to keep it in check).
   */
  static final double RESIDUAL_GAMMA = 0.3;

  private static final double BIAS_SPREAD = 0.01;
  private static final double BN_EPSILON = 1e-5;

  private final String modelName;
  private final long seed;
  private final SeededTensors tensors;
  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();

  GraphWriter(String modelName, long seed) {
    this.modelName = modelName;
    this.seed = seed;
    this.tensors = new SeededTensors(seed);
    graph.setName(modelName);
    claim(INPUT);
  }

  /** The graph input's tensor name: FLOAT {@code [1, 3, 224, 224]}. */
  String input() {
    return INPUT;
  }

  /** {@code Conv} named {@code module.conv}; weight {@code module.weight}, bias if declared. */
  String conv(String module, String x, Conv2d conv) {
    NodeProto.Builder node = node("Conv", module + ".conv", x);
    node.addInput(
        initializer(
            tensors.around(
                module + ".weight", conv.weightDims(), 0, Math.sqrt(2.0 / conv.fanIn()))));
    if (conv.hasBias()) {
      node.addInput(bias(module + ".bias", conv.outChannels()));
    }
    node.addAttribute(ints("kernel_shape", conv.kernel(), conv.kernel()))
        .addAttribute(ints("strides", conv.stride(), conv.stride()))
        .addAttribute(ints("pads", conv.padding(), conv.padding(), conv.padding(), conv.padding()))
        .addAttribute(intAttribute("group", conv.groups()));
    return append(node);
  }

  /**
   * Eval-mode {@code BatchNormalization} named {@code module.bn}, epsilon 1e-5; inputs 1-4 are
   * {@code module.weight}, {@code .bias}, {@code .running_mean}, {@code .running_var}. Gamma
   * scatters 5% around {@code gamma}.
   */
  String batchNorm(String module, String x, int channels, double gamma) {
    long[] dims = {channels};
    NodeProto.Builder node =
        node("BatchNormalization", module + ".bn", x)
            .addInput(initializer(tensors.around(module + ".weight", dims, gamma, 0.05 * gamma)))
            .addInput(initializer(tensors.around(module + ".bias", dims, 0, 0.02)))
            .addInput(initializer(tensors.around(module + ".running_mean", dims, 0, 0.02)))
            .addInput(initializer(tensors.around(module + ".running_var", dims, 1, 0.05)))
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("epsilon")
                    .setType(AttributeProto.AttributeType.FLOAT)
                    .setF((float) BN_EPSILON));
    return append(node);
  }

  /**
   * A convolution without bias followed by its BatchNorm, the pair both ResNet and MobileNet use.
   */
  String convBn(String convModule, String bnModule, String x, Conv2d conv, double gamma) {
    return batchNorm(bnModule, conv(convModule, x, conv.withoutBias()), conv.outChannels(), gamma);
  }

  /**
   * {@code Gemm} named {@code module.gemm}: {@code x · weightᵀ + bias}, weight {@code [out, in]}.
   */
  String gemm(String module, String x, int inFeatures, int outFeatures) {
    NodeProto.Builder node =
        node("Gemm", module + ".gemm", x)
            .addInput(
                initializer(
                    tensors.around(
                        module + ".weight",
                        new long[] {outFeatures, inFeatures},
                        0,
                        Math.sqrt(2.0 / inFeatures))))
            .addInput(bias(module + ".bias", outFeatures))
            .addAttribute(intAttribute("transB", 1));
    return append(node);
  }

  String relu(String name, String x) {
    return append(node("Relu", name, x));
  }

  /**
   * torch's ReLU6 as opset-13 {@code Clip} named {@code module.clip}, whose min (0) and max (6) are
   * inputs produced by their own {@code Constant} nodes {@code module.min} and {@code module.max},
   * as torch's exporter writes them.
   */
  String relu6(String module, String x) {
    String min = constant(module + ".min", 0f);
    String max = constant(module + ".max", 6f);
    return append(node("Clip", module + ".clip", x).addInput(min).addInput(max));
  }

  String maxPool(String name, String x, int kernel, int stride, int padding) {
    return append(
        node("MaxPool", name, x)
            .addAttribute(ints("kernel_shape", kernel, kernel))
            .addAttribute(ints("strides", stride, stride))
            .addAttribute(ints("pads", padding, padding, padding, padding)));
  }

  String globalAveragePool(String name, String x) {
    return append(node("GlobalAveragePool", name, x));
  }

  /** {@code Flatten} with axis 1: {@code [N, C, H, W]} to {@code [N, C*H*W]}. */
  String flatten(String name, String x) {
    return append(node("Flatten", name, x).addAttribute(intAttribute("axis", 1)));
  }

  String add(String name, String a, String b) {
    return append(node("Add", name, a).addInput(b));
  }

  /**
   * Completes the model: renames {@code result} to {@value #OUTPUT}, declares the graph's input and
   * output, and wraps it as IR version 7, default-domain opset 13, producer "strata".
   */
  ModelProto finish(String result) {
    NodeProto.Builder last = graph.getNodeBuilder(graph.getNodeCount() - 1);
    if (!last.getOutput(0).equals(result)) {
      throw new IllegalStateException(
          modelName + ": result " + result + " is not the last node's output");
    }
    last.setOutput(0, OUTPUT);
    graph.addInput(floatValue(INPUT, INPUT_SHAPE)).addOutput(floatValue(OUTPUT, OUTPUT_SHAPE));
    return ModelProto.newBuilder()
        .setIrVersion(7)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setProducerName("strata")
        .setDocString(
            "builtin:"
                + modelName
                + "?seed="
                + seed
                + ": torchvision layout, seeded random weights (not trained)")
        .setGraph(graph)
        .build();
  }

  private String constant(String name, float value) {
    return append(
        NodeProto.newBuilder()
            .setOpType("Constant")
            .setName(claim(name))
            .addOutput(name)
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("value")
                    .setType(AttributeProto.AttributeType.TENSOR)
                    .setT(SeededTensors.scalar(name, value))));
  }

  private String bias(String name, int size) {
    return initializer(tensors.around(name, new long[] {size}, 0, BIAS_SPREAD));
  }

  private String initializer(TensorProto tensor) {
    graph.addInitializer(tensor);
    return claim(tensor.getName());
  }

  private NodeProto.Builder node(String opType, String name, String firstInput) {
    return NodeProto.newBuilder()
        .setOpType(opType)
        .setName(claim(name))
        .addInput(firstInput)
        .addOutput(name);
  }

  private String append(NodeProto.Builder node) {
    graph.addNode(node);
    return node.getOutput(0);
  }

  private String claim(String name) {
    if (!names.add(name)) {
      throw new IllegalStateException(modelName + ": name " + name + " is used twice");
    }
    return name;
  }

  private static AttributeProto.Builder ints(String name, long... values) {
    AttributeProto.Builder attribute =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      attribute.addInts(value);
    }
    return attribute;
  }

  private static AttributeProto.Builder intAttribute(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value);
  }

  private static ValueInfoProto floatValue(String name, long[] shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (long dim : shape) {
      dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(dims)))
        .build();
  }
}
