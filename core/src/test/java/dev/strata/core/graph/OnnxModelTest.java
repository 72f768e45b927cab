package dev.strata.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.strata.core.onnx.OnnxProto.GraphProto;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import dev.strata.core.onnx.OnnxProto.StringStringEntryProto;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelTest {
  @TempDir Path dir;

  private static OnnxModel scaled() {
    return new TinyGraph()
        .initializer("w", new long[] {4}, 1f, 2f, 3f, 4f)
        .node("Relu", "a", "x")
        .node("Mul", "b", "a", "w")
        .output("b");
  }

  @Test
  void emptyFileIsNotAModel() throws Exception {
    Path file = Files.write(dir.resolve("empty.onnx"), new byte[0]);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModel.load(file));
    assertEquals("empty.onnx: the file is empty, not an ONNX model", e.getMessage());
  }

  @Test
  void truncatedFileSaysSo() throws Exception {
    byte[] whole = scaled().toBytes();
    Path file = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length / 2));
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModel.load(file));
    assertTrue(e.getMessage().startsWith("cut.onnx: the file is truncated"), e.getMessage());
  }

  @Test
  void textFileIsNotAnOnnxModel() {
    byte[] text = "apiVersion: strata.dev/v1alpha1\nkind: InferencePipeline\n".getBytes();
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> OnnxModel.parse(text, "pipeline.yaml"));
    assertTrue(e.getMessage().startsWith("pipeline.yaml: not an ONNX model"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> OnnxModel.load(dir.resolve("nope.onnx")));
    assertTrue(e.getMessage().endsWith("nope.onnx: no such file"), e.getMessage());
  }

  @Test
  void externalDataIsReadFromTheModelFolder() throws Exception {
    Path file = writeWithExternalWeights("weights.bin");
    OnnxModel loaded = OnnxModel.load(file);
    TensorProto w = loaded.proto().getGraph().getInitializer(0);
    assertEquals(scaled().proto().getGraph().getInitializer(0).getRawData(), w.getRawData());
    assertEquals(1, ModelGraph.analyze(loaded).cuts().size());
  }

  @Test
  void externalDataOutsideTheModelFolderIsRefused() throws Exception {
    Path file = writeWithExternalWeights("../escape.bin");
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModel.load(file));
    assertTrue(e.getMessage().contains("leaves the model's folder"), e.getMessage());
  }

  @Test
  void missingExternalDataFileIsNamed() throws Exception {
    Path file = writeWithExternalWeights("weights.bin");
    Files.delete(file.resolveSibling("weights.bin"));
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModel.load(file));
    assertTrue(e.getMessage().contains("weights.bin is missing"), e.getMessage());
  }

  private Path writeWithExternalWeights(String location) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("model"));
    ModelProto proto = scaled().proto();
    TensorProto w = proto.getGraph().getInitializer(0);
    byte[] prefix = {9, 9, 9};
    Path data = folder.resolve(location).normalize();
    Files.write(data, concat(prefix, w.getRawData().toByteArray()));
    TensorProto external =
        w.toBuilder()
            .clearRawData()
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(entry("location", location))
            .addExternalData(entry("offset", "3"))
            .addExternalData(entry("length", String.valueOf(w.getRawData().size())))
            .build();
    GraphProto graph = proto.getGraph().toBuilder().setInitializer(0, external).build();
    Path file = folder.resolve("model.onnx");
    Files.write(file, proto.toBuilder().setGraph(graph).build().toByteArray());
    return file;
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return ByteString.copyFrom(a).concat(ByteString.copyFrom(b)).toByteArray();
  }
}
