package dev.strata.core.graph;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.strata.core.onnx.OnnxProto.GraphProto;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import dev.strata.core.onnx.OnnxProto.StringStringEntryProto;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed ONNX model.
 *
 * <p>Models read from a file are memory-mapped and their weights alias the mapping, so the heap
 * holds the graph structure but not the weights. Weights stored in external data files are resolved
 * next to the model file and mapped the same way; the result is self-contained.
 */
public final class OnnxModel {
  /** Protobuf's hard limit: a serialized ONNX model is at most 2 GiB. */
  static final long MAX_MODEL_BYTES = Integer.MAX_VALUE;

  private final ModelProto proto;
  private final String name;

  private OnnxModel(ModelProto proto, String name) {
    this.proto = proto;
    this.name = name;
  }

  /** Wraps a model already in memory; it is checked when a {@link ModelGraph} analyzes it. */
  public static OnnxModel of(ModelProto proto, String name) {
    return new OnnxModel(proto, name);
  }

  /**
   * Reads a model file, resolving external weight data relative to the file's folder.
   *
   * @throws ModelFormatException if the file is missing, empty, truncated, not ONNX, or its
   *     external data is missing or points outside the model's folder
   */
  public static OnnxModel load(Path file) throws ModelFormatException, IOException {
    String name = file.getFileName().toString();
    ByteBuffer mapped;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_MODEL_BYTES) {
        throw new ModelFormatException(
            name
                + ": "
                + size
                + " bytes is over the 2 GiB protobuf limit; store the weights as ONNX external data");
      }
      mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    } catch (NoSuchFileException e) {
      throw new ModelFormatException(file + ": no such file");
    }
    // Wrapping the mapping as an immutable ByteString lets the parser alias it instead of copying.
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(mapped).newCodedInput();
    ModelProto proto = parseProto(in, mapped.capacity(), name);
    Path folder = file.toAbsolutePath().getParent();
    return new OnnxModel(resolveExternalData(proto, folder, name), name);
  }

  /**
   * Parses a serialized model held in memory; weights alias {@code bytes}, which must not change.
   *
   * @throws ModelFormatException if the bytes are empty, truncated or not an ONNX model, or the
   *     model refers to external data (which needs a folder: use {@link #load(Path)})
   */
  public static OnnxModel parse(byte[] bytes, String name) throws ModelFormatException {
    ModelProto proto = parseProto(CodedInputStream.newInstance(bytes), bytes.length, name);
    for (TensorProto t : proto.getGraph().getInitializerList()) {
      if (isExternal(t)) {
        throw new ModelFormatException(
            name
                + ": initializer "
                + t.getName()
                + " keeps its data in an external file; load the model from its folder");
      }
    }
    return new OnnxModel(proto, name);
  }

  private static ModelProto parseProto(CodedInputStream in, long size, String name)
      throws ModelFormatException {
    if (size == 0) {
      throw new ModelFormatException(name + ": the file is empty, not an ONNX model");
    }
    in.enableAliasing(true);
    in.setSizeLimit(Integer.MAX_VALUE);
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(in);
    } catch (IOException e) {
      String problem =
          e.getMessage() != null && e.getMessage().contains("ended unexpectedly")
              ? "the file is truncated (" + size + " bytes); download or export it again"
              : "not an ONNX model (" + e.getMessage() + ")";
      throw new ModelFormatException(name + ": " + problem, e);
    }
    if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0) {
      throw new ModelFormatException(
          name + ": not an ONNX model (no graph with nodes); check that the file is a .onnx model");
    }
    if (!proto.hasIrVersion() || proto.getOpsetImportCount() == 0) {
      throw new ModelFormatException(
          name
              + ": incomplete ONNX model (no "
              + (proto.hasIrVersion() ? "opset_import" : "ir_version")
              + "); the file is probably truncated");
    }
    return proto;
  }

  private static boolean isExternal(TensorProto t) {
    return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
  }

  private static ModelProto resolveExternalData(ModelProto proto, Path folder, String name)
      throws ModelFormatException, IOException {
    GraphProto graph = proto.getGraph();
    if (graph.getInitializerList().stream().noneMatch(OnnxModel::isExternal)) {
      return proto;
    }
    Map<Path, ByteBuffer> files = new HashMap<>();
    GraphProto.Builder resolved = graph.toBuilder();
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      TensorProto t = graph.getInitializer(i);
      if (isExternal(t)) {
        ByteString data = readExternal(t, folder, files, name);
        resolved.setInitializer(
            i, t.toBuilder().clearExternalData().clearDataLocation().setRawData(data).build());
      }
    }
    return proto.toBuilder().setGraph(resolved).build();
  }

  private static ByteString readExternal(
      TensorProto t, Path folder, Map<Path, ByteBuffer> files, String name)
      throws ModelFormatException, IOException {
    Map<String, String> info = new HashMap<>();
    for (StringStringEntryProto e : t.getExternalDataList()) {
      info.put(e.getKey(), e.getValue());
    }
    String location = info.get("location");
    String where = name + ": initializer " + t.getName() + " external data";
    if (location == null) {
      throw new ModelFormatException(where + " has no location");
    }
    Path path = folder.resolve(location).normalize();
    if (Path.of(location).isAbsolute() || !path.startsWith(folder)) {
      throw new ModelFormatException(
          where + " location \"" + location + "\" leaves the model's folder; refusing to read it");
    }
    ByteBuffer file = files.get(path);
    if (file == null) {
      if (!Files.isRegularFile(path)) {
        throw new ModelFormatException(
            where + " file " + location + " is missing; copy it next to the model");
      }
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      }
      files.put(path, file);
    }
    long offset = Long.parseLong(info.getOrDefault("offset", "0"));
    long length =
        Long.parseLong(info.getOrDefault("length", String.valueOf(file.capacity() - offset)));
    if (offset < 0 || length < 0 || offset + length > file.capacity()) {
      throw new ModelFormatException(
          where
              + " range ["
              + offset
              + ", "
              + (offset + length)
              + ") is outside "
              + location
              + " ("
              + file.capacity()
              + " bytes); the data file is truncated or belongs to another model");
    }
    return UnsafeByteOperations.unsafeWrap(file.slice((int) offset, (int) length));
  }

  /** The protobuf form of the model. */
  public ModelProto proto() {
    return proto;
  }

  /** A display name, usually the file name; used in error messages. */
  public String name() {
    return name;
  }

  /** The serialized model. */
  public byte[] toBytes() {
    return proto.toByteArray();
  }
}
