package dev.strata.runtime.engine;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.strata.core.onnx.OnnxProto.GraphProto;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each top-level initializer's {@code raw_data} lies inside a serialized ONNX model file,
 * read from the protobuf wire format without parsing the tensors. A session can then take its
 * weights as external data at those offsets of the same file: ONNX Runtime maps them from the page
 * cache the worker's own mapping of the model already fills, instead of copying them into memory of
 * its own.
 *
 * @param file the model file the offsets are in
 * @param spans each initializer's raw data, by name; initializers without raw data are absent
 */
public record ModelFileLayout(Path file, Map<String, Span> spans) {

  /** Bytes {@code offset} to {@code offset + length} of the file. */
  public record Span(long offset, long length) {}

  /**
   * Reads the layout of a model file.
   *
   * @throws IOException when the file cannot be read or is not a well-formed protobuf
   */
  public static ModelFileLayout of(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      return new ModelFileLayout(file, spansOf(mapped));
    }
  }

  /** The layout of a serialized model held in {@code bytes}, offsets from its position. */
  static Map<String, Span> spansOf(ByteBuffer bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes.duplicate());
    in.setSizeLimit(Integer.MAX_VALUE);
    Map<String, Span> spans = new HashMap<>();
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return spans;
      }
      if (isMessage(tag, ModelProto.GRAPH_FIELD_NUMBER)) {
        int limit = in.pushLimit(in.readRawVarint32());
        readGraph(in, spans);
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
  }

  private static void readGraph(CodedInputStream in, Map<String, Span> spans) throws IOException {
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (isMessage(tag, GraphProto.INITIALIZER_FIELD_NUMBER)) {
        int limit = in.pushLimit(in.readRawVarint32());
        readTensor(in, spans);
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
  }

  private static void readTensor(CodedInputStream in, Map<String, Span> spans) throws IOException {
    String name = null;
    Span raw = null;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      if (isMessage(tag, TensorProto.NAME_FIELD_NUMBER)) {
        name = in.readStringRequireUtf8();
      } else if (isMessage(tag, TensorProto.RAW_DATA_FIELD_NUMBER)) {
        int length = in.readRawVarint32();
        raw = new Span(in.getTotalBytesRead(), length);
        in.skipRawBytes(length);
      } else {
        in.skipField(tag);
      }
    }
    if (name != null && raw != null) {
      spans.put(name, raw);
    }
  }

  /** A length-delimited field (message, string or bytes) with this number. */
  private static boolean isMessage(int tag, int field) {
    return WireFormat.getTagFieldNumber(tag) == field
        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }
}
