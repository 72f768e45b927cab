package dev.strata.core.models;

import dev.strata.core.onnx.OnnxProto.ModelProto;
import java.util.List;

/**
 * Builds the built-in architectures as ONNX models with seeded random weights.
 *
 * <p>Known names: {@code alexnet}, {@code vgg16}, {@code mobilenet_v2}, {@code resnet18}. Every
 * model follows torchvision's layer shapes, so its trainable parameter count (conv and linear
 * weights and biases, BatchNorm weight and bias) equals torchvision's: 61,100,840; 138,357,544;
 * 3,504,872; 11,689,512.
 *
 * <p>Form of every model: IR version 7, default-domain opset 13, producer "strata"; one input
 * {@code input} FLOAT {@code [1, 3, 224, 224]} and one output {@code logits} FLOAT {@code [1,
 * 1000]}; weights are initializers with little-endian float32 {@code raw_data}, named as in
 * torchvision's state dict; no {@code value_info} for intermediate tensors. Ops used: Conv, Relu,
 * MaxPool, Flatten, Gemm (transB=1), BatchNormalization (eval form, epsilon 1e-5), Add,
 * GlobalAveragePool, and for MobileNetV2's ReLU6, Clip with Constant min/max inputs. Dropout and
 * the adaptive average pools that are identities at 224x224 are omitted.
 *
 * <p>Determinism: the same name and seed give a byte-identical serialized model on any JVM. The
 * weights are random, not trained: scaled (He initialization, BatchNorm near identity, residual
 * branches damped) so that activations neither vanish nor explode through the depth.
 */
public final class BuiltinModels {

  private static final List<String> NAMES = List.of("alexnet", "vgg16", "mobilenet_v2", "resnet18");

  private BuiltinModels() {}

  /**
   * Builds the named model with weights drawn from {@code seed}. VGG16 holds about 553 MB of
   * weights; each weight tensor is written once, into the byte string the model keeps.
   *
   * @throws IllegalArgumentException if {@code name} is not one of {@link #names()}
   */
  public static ModelProto build(String name, long seed) {
    GraphWriter graph = new GraphWriter(requireKnown(name), seed);
    String result =
        switch (name) {
          case "alexnet" -> AlexNet.write(graph);
          case "vgg16" -> Vgg16.write(graph);
          case "mobilenet_v2" -> MobileNetV2.write(graph);
          case "resnet18" -> ResNet18.write(graph);
          default -> throw new IllegalStateException("no builder for known model " + name);
        };
    return graph.finish(result);
  }

  /** The known model names, in a fixed order. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The input shape of the named model, {@code [1, 3, 224, 224]} (NCHW) for every built-in model; a
   * fresh array on each call.
   *
   * @throws IllegalArgumentException if {@code name} is not one of {@link #names()}
   */
  public static long[] inputShape(String name) {
    requireKnown(name);
    return GraphWriter.INPUT_SHAPE.clone();
  }

  /**
   * The output shape of the named model, {@code [1, 1000]} (batch, ImageNet classes); a fresh array
   * on each call.
   *
   * @throws IllegalArgumentException if {@code name} is not one of {@link #names()}
   */
  public static long[] outputShape(String name) {
    requireKnown(name);
    return GraphWriter.OUTPUT_SHAPE.clone();
  }

  static String requireKnown(String name) {
    if (name == null || !NAMES.contains(name)) {
      throw new IllegalArgumentException(unknownModel(name) + ".");
    }
    return name;
  }

  static String unknownModel(String name) {
    return "Unknown built-in model \"" + name + "\"; known models: " + String.join(", ", NAMES);
  }
}
