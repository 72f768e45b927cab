package dev.strata.core.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.CodedOutputStream;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import dev.strata.core.onnx.OnnxProto.NodeProto;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Seed-0 models are built once per class: VGG16 alone takes seconds and 553 MB. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuiltinModelsTest {

  private final Map<String, ModelProto> seedZeroModels = new HashMap<>();

  @BeforeAll
  void initializeDjlBeforeOnnxRuntime() {
    // DJL fails to initialize if OrtEnvironment was created first, and other tests in this JVM
    // may use DJL.
    Engine.getEngine("OnnxRuntime");
  }

  List<String> names() {
    return BuiltinModels.names();
  }

  @Test
  void namesListTheFourArchitecturesInFixedOrder() {
    assertEquals(List.of("alexnet", "vgg16", "mobilenet_v2", "resnet18"), BuiltinModels.names());
  }

  @Test
  void buildRejectsUnknownNameListingKnownNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BuiltinModels.build("vgg19", 0));

    assertEquals(
        "Unknown built-in model \"vgg19\"; known models: alexnet, vgg16, mobilenet_v2, resnet18.",
        e.getMessage());
  }

  @Test
  void buildRejectsNullName() {
    assertThrows(IllegalArgumentException.class, () -> BuiltinModels.build(null, 0));
  }

  @Test
  void shapesAreImageNetBatchOfOne() {
    assertArrayEquals(new long[] {1, 3, 224, 224}, BuiltinModels.inputShape("resnet18"));
    assertArrayEquals(new long[] {1, 1000}, BuiltinModels.outputShape("resnet18"));
  }

  @Test
  void inputShapeRejectsUnknownName() {
    assertThrows(IllegalArgumentException.class, () -> BuiltinModels.inputShape("lenet"));
  }

  /**
   * torchvision counts trainable parameters: every conv and linear weight and bias, and BatchNorm's
   * weight and bias. BatchNorm's running mean and variance are buffers, so the count is every
   * initializer element except BatchNormalization inputs 3 and 4.
   */
  @ParameterizedTest
  @CsvSource({
    "alexnet, 61100840",
    "vgg16, 138357544",
    "mobilenet_v2, 3504872",
    "resnet18, 11689512"
  })
  void parameterCountEqualsTorchvision(String name, long expected) {
    ModelProto model = model(name);
    Set<String> buffers = new HashSet<>();
    for (NodeProto node : model.getGraph().getNodeList()) {
      if (node.getOpType().equals("BatchNormalization")) {
        buffers.add(node.getInput(3));
        buffers.add(node.getInput(4));
      }
    }

    long parameters = 0;
    for (TensorProto tensor : model.getGraph().getInitializerList()) {
      if (!buffers.contains(tensor.getName())) {
        parameters += tensor.getRawData().size() / Float.BYTES;
      }
    }

    assertEquals(expected, parameters);
  }

  @ParameterizedTest
  @MethodSource("names")
  void modelHasDeclaredFormAndNoIntermediateValueInfo(String name) {
    ModelProto model = model(name);

    assertEquals(7, model.getIrVersion());
    assertEquals("", model.getOpsetImport(0).getDomain());
    assertEquals(13, model.getOpsetImport(0).getVersion());
    assertEquals("strata", model.getProducerName());
    assertEquals("input", model.getGraph().getInput(0).getName());
    assertEquals(1, model.getGraph().getInputCount());
    assertEquals("logits", model.getGraph().getOutput(0).getName());
    assertEquals(0, model.getGraph().getValueInfoCount());
  }

  @ParameterizedTest
  @MethodSource("names")
  void initializersAreFloatRawDataMatchingTheirDims(String name) {
    for (TensorProto tensor : model(name).getGraph().getInitializerList()) {
      long elements = tensor.getDimsList().stream().reduce(1L, Math::multiplyExact);
      assertEquals(TensorProto.DataType.FLOAT_VALUE, tensor.getDataType(), tensor.getName());
      assertEquals(elements * Float.BYTES, tensor.getRawData().size(), tensor.getName());
    }
  }

  @Test
  void initializersCarryTorchvisionStateDictNames() {
    assertTrue(
        initializerNames("vgg16").containsAll(Set.of("features.28.weight", "classifier.6.bias")));
    assertTrue(
        initializerNames("resnet18")
            .containsAll(Set.of("layer2.0.downsample.0.weight", "layer4.1.bn2.running_var")));
    assertTrue(
        initializerNames("mobilenet_v2")
            .containsAll(Set.of("features.1.conv.1.weight", "features.17.conv.3.bias")));
  }

  @Test
  void resnetAddsEveryBlockAndDownsamplesThreeStageEntries() {
    List<NodeProto> nodes = model("resnet18").getGraph().getNodeList();

    assertEquals(8, nodes.stream().filter(n -> n.getOpType().equals("Add")).count());
    assertEquals(3, nodes.stream().filter(n -> n.getName().endsWith("downsample.0.conv")).count());
  }

  @Test
  void mobileNetReluSixIsClipWithConstantNodeBounds() {
    List<NodeProto> nodes = model("mobilenet_v2").getGraph().getNodeList();
    Map<String, String> producers =
        nodes.stream().collect(Collectors.toMap(n -> n.getOutput(0), NodeProto::getOpType));
    List<NodeProto> clips = nodes.stream().filter(n -> n.getOpType().equals("Clip")).toList();

    // stem, 17 depthwise, 16 expansions (the first block has none) and the last 1x1 convolution
    assertEquals(35, clips.size());
    for (NodeProto clip : clips) {
      assertEquals(3, clip.getInputCount(), clip.getName());
      assertEquals("Constant", producers.get(clip.getInput(1)), clip.getName());
      assertEquals("Constant", producers.get(clip.getInput(2)), clip.getName());
    }
    assertEquals(10, nodes.stream().filter(n -> n.getOpType().equals("Add")).count());
  }

  @ParameterizedTest
  @MethodSource("names")
  void sameSeedGivesByteIdenticalModel(String name) {
    assertArrayEquals(sha256(model(name)), sha256(BuiltinModels.build(name, 0)));
  }

  @ParameterizedTest
  @MethodSource("names")
  void differentSeedChangesEveryInitializer(String name) {
    List<TensorProto> seedZero = model(name).getGraph().getInitializerList();
    List<TensorProto> seedOne = BuiltinModels.build(name, 1).getGraph().getInitializerList();

    assertEquals(seedZero.size(), seedOne.size());
    for (int i = 0; i < seedZero.size(); i++) {
      assertEquals(seedZero.get(i).getName(), seedOne.get(i).getName());
      assertNotEquals(
          seedZero.get(i).getRawData(), seedOne.get(i).getRawData(), seedZero.get(i).getName());
    }
  }

  @ParameterizedTest
  @MethodSource("names")
  void onnxRuntimeGivesFiniteSpreadLogitsForSeededInput(String name) throws OrtException {
    float[] logits = runInOnnxRuntime(model(name));

    double sum = 0;
    double sumOfSquares = 0;
    Set<Float> distinct = new HashSet<>();
    for (float value : logits) {
      assertTrue(Float.isFinite(value), () -> name + " logit " + value);
      sum += value;
      sumOfSquares += (double) value * value;
      distinct.add(value);
    }
    double mean = sum / logits.length;
    double std = Math.sqrt(sumOfSquares / logits.length - mean * mean);
    assertTrue(std > 1e-3 && std < 1e3, () -> name + " logit standard deviation " + std);
    assertTrue(distinct.size() > 900, () -> name + " has only " + distinct.size() + " values");
    assertFalse(distinct.size() == 1 && distinct.contains(0f), name + " logits are all zero");
  }

  private ModelProto model(String name) {
    return seedZeroModels.computeIfAbsent(name, n -> BuiltinModels.build(n, 0));
  }

  private Set<String> initializerNames(String name) {
    return model(name).getGraph().getInitializerList().stream()
        .map(TensorProto::getName)
        .collect(Collectors.toSet());
  }

  private static float[] runInOnnxRuntime(ModelProto model) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    long[] inputShape = BuiltinModels.inputShape("resnet18");
    FloatBuffer input = FloatBuffer.allocate(3 * 224 * 224);
    SplittableRandom random = new SplittableRandom(42);
    while (input.hasRemaining()) {
      input.put((float) random.nextGaussian());
    }
    input.flip();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = environment.createSession(serialize(model), options);
          OnnxTensor tensor = OnnxTensor.createTensor(environment, input, inputShape);
          OrtSession.Result result = session.run(Map.of("input", tensor))) {
        OnnxTensor logits = (OnnxTensor) result.get("logits").orElseThrow();
        assertArrayEquals(new long[] {1, 1000}, logits.getInfo().getShape());
        FloatBuffer values = logits.getFloatBuffer();
        float[] array = new float[values.remaining()];
        values.get(array);
        return array;
      }
    }
  }

  /** A direct buffer: from a byte[] ONNX Runtime keeps about 1 GB more resident for VGG16. */
  private static ByteBuffer serialize(ModelProto model) {
    ByteBuffer bytes = ByteBuffer.allocateDirect(model.getSerializedSize());
    try {
      CodedOutputStream output = CodedOutputStream.newInstance(bytes);
      model.writeTo(output);
      output.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.clear();
  }

  private static byte[] sha256(ModelProto model) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (OutputStream output = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
        model.writeTo(output);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
