package dev.strata.runtime.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.runtime.engine.NamedTensor;
import dev.strata.runtime.engine.TensorValues;
import dev.strata.runtime.engine.WirePrecision;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Encodes and decodes Open Inference Protocol v2 bodies: plain JSON, and the binary tensor data
 * extension where a JSON header of {@code Inference-Header-Content-Length} bytes is followed by the
 * raw little-endian tensor data of every tensor whose {@code parameters.binary_data_size} is set,
 * in order.
 */
public final class OipCodec {
  private static final String BINARY_SIZE = "binary_data_size";
  private final ObjectMapper json;

  public OipCodec(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Decodes an infer request.
   *
   * @param headerLength {@code Inference-Header-Content-Length}, empty for a JSON-only body
   * @throws MalformedRequestException saying what is wrong with the body
   */
  public InferRequest decodeRequest(byte[] body, OptionalInt headerLength)
      throws MalformedRequestException {
    JsonNode root = readHeader(body, headerLength);
    List<NamedTensor> inputs =
        decodeTensors(root.path("inputs"), "inputs", body, headerLength.orElse(body.length));
    List<String> requested = new ArrayList<>();
    boolean binaryOutput = root.path("parameters").path("binary_data_output").asBoolean(false);
    for (JsonNode out : root.path("outputs")) {
      requested.add(out.path("name").asText());
      binaryOutput |= out.path("parameters").path("binary_data").asBoolean(false);
    }
    Optional<String> id =
        root.hasNonNull("id") ? Optional.of(root.get("id").asText()) : Optional.empty();
    return new InferRequest(id, inputs, requested, binaryOutput);
  }

  /**
   * Decodes the outputs of an infer response (what the next stage sends back).
   *
   * @throws MalformedRequestException saying what is wrong with the body
   */
  public List<NamedTensor> decodeResponse(byte[] body, OptionalInt headerLength)
      throws MalformedRequestException {
    JsonNode root = readHeader(body, headerLength);
    return decodeTensors(root.path("outputs"), "outputs", body, headerLength.orElse(body.length));
  }

  /**
   * Encodes an infer response.
   *
   * @param binary use the binary tensor extension for the output data
   */
  public EncodedBody encodeResponse(
      String modelName, Optional<String> id, List<NamedTensor> outputs, boolean binary) {
    ObjectNode root = json.createObjectNode();
    root.put("model_name", modelName);
    root.put("model_version", "1");
    id.ifPresent(v -> root.put("id", v));
    return encode(root, "outputs", outputs, binary ? WireForm.BINARY_FP32 : WireForm.JSON);
  }

  /**
   * Encodes the request one stage sends the next: the activation in binary, FP16 when asked, and a
   * request for the output in binary.
   */
  public EncodedBody encodeHop(NamedTensor activation, WirePrecision precision) {
    ObjectNode root = json.createObjectNode();
    root.putObject("parameters").put("binary_data_output", true);
    return encode(
        root,
        "inputs",
        List.of(activation),
        precision == WirePrecision.FP16 ? WireForm.BINARY_FP16 : WireForm.BINARY_FP32);
  }

  private enum WireForm {
    JSON,
    BINARY_FP32,
    BINARY_FP16
  }

  private EncodedBody encode(ObjectNode root, String field, List<NamedTensor> tensors, WireForm f) {
    ArrayNode array = root.putArray(field);
    List<byte[]> blobs = new ArrayList<>();
    for (NamedTensor t : tensors) {
      ObjectNode node = array.addObject();
      node.put("name", t.name());
      ArrayNode shape = node.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      if (f == WireForm.JSON) {
        node.put("datatype", t.datatype());
        node.set("data", json.valueToTree(arrayOf(t.values())));
      } else {
        boolean half = f == WireForm.BINARY_FP16 && t.values() instanceof TensorValues.Floats;
        byte[] blob = half ? toFp16(t.values()) : toBytes(t.values());
        node.put("datatype", half ? "FP16" : t.datatype());
        node.putObject("parameters").put(BINARY_SIZE, blob.length);
        blobs.add(blob);
      }
    }
    try {
      byte[] header = json.writeValueAsBytes(root);
      if (f == WireForm.JSON) {
        return new EncodedBody(header, OptionalInt.empty());
      }
      int total = header.length + blobs.stream().mapToInt(b -> b.length).sum();
      ByteBuffer out = ByteBuffer.allocate(total);
      out.put(header);
      blobs.forEach(out::put);
      return new EncodedBody(out.array(), OptionalInt.of(header.length));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize an OIP header", e);
    }
  }

  private JsonNode readHeader(byte[] body, OptionalInt headerLength)
      throws MalformedRequestException {
    int length = headerLength.orElse(body.length);
    if (length < 0 || length > body.length) {
      throw new MalformedRequestException(
          "Inference-Header-Content-Length is "
              + length
              + " but the body has only "
              + body.length
              + " bytes");
    }
    try {
      JsonNode root = json.readTree(body, 0, length);
      if (root == null || !root.isObject()) {
        throw new MalformedRequestException("body is not an OIP v2 JSON object");
      }
      return root;
    } catch (IOException e) {
      throw new MalformedRequestException(
          "body is not valid OIP v2 JSON"
              + (headerLength.isPresent() ? " (first " + length + " bytes)" : "")
              + ": "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new MalformedRequestException("body is not valid OIP v2 JSON: " + e.getMessage(), e);
    }
  }

  private List<NamedTensor> decodeTensors(JsonNode array, String field, byte[] body, int offset)
      throws MalformedRequestException {
    if (!array.isArray() || array.isEmpty()) {
      throw new MalformedRequestException("\"" + field + "\" must be a non-empty array");
    }
    List<NamedTensor> tensors = new ArrayList<>();
    int cursor = offset;
    for (JsonNode node : array) {
      String name = node.path("name").asText("");
      String datatype = node.path("datatype").asText("");
      long[] shape = shapeOf(node, name);
      long elements = elementCount(shape, name);
      JsonNode size = node.path("parameters").path(BINARY_SIZE);
      TensorValues values;
      if (size.isIntegralNumber()) {
        long bytes = size.asLong();
        if (bytes < 0 || cursor + bytes > body.length) {
          throw new MalformedRequestException(
              "tensor \""
                  + name
                  + "\": binary_data_size "
                  + bytes
                  + " runs past the end of the body ("
                  + (body.length - cursor)
                  + " bytes left)");
        }
        values = fromBytes(name, datatype, elements, body, cursor, (int) bytes);
        cursor += (int) bytes;
      } else if (node.has("data")) {
        values = fromJson(name, datatype, node.get("data"), elements);
      } else {
        throw new MalformedRequestException(
            "tensor \"" + name + "\" has neither \"data\" nor parameters.binary_data_size");
      }
      tensors.add(new NamedTensor(name, datatype, shape, values));
    }
    if (cursor != body.length) {
      throw new MalformedRequestException(
          "body has "
              + (body.length - cursor)
              + " bytes after the last tensor; binary_data_size values do not add up");
    }
    return tensors;
  }

  private static long[] shapeOf(JsonNode node, String name) throws MalformedRequestException {
    JsonNode shape = node.path("shape");
    if (!shape.isArray()) {
      throw new MalformedRequestException("tensor \"" + name + "\" has no \"shape\" array");
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      if (!shape.get(i).isIntegralNumber() || shape.get(i).asLong() < 0) {
        throw new MalformedRequestException(
            "tensor \"" + name + "\": shape must hold non-negative integers, got " + shape);
      }
      dims[i] = shape.get(i).asLong();
    }
    return dims;
  }

  private static long elementCount(long[] shape, String name) throws MalformedRequestException {
    try {
      long n = 1;
      for (long d : shape) {
        n = Math.multiplyExact(n, d);
      }
      if (n > Integer.MAX_VALUE) {
        throw new ArithmeticException("too many elements");
      }
      return n;
    } catch (ArithmeticException e) {
      throw new MalformedRequestException("tensor \"" + name + "\": shape is too large");
    }
  }

  private static int elementSize(String name, String datatype) throws MalformedRequestException {
    return switch (datatype) {
      case "FP32", "INT32" -> 4;
      case "FP16" -> 2;
      case "INT64" -> 8;
      case "BOOL" -> 1;
      default ->
          throw new MalformedRequestException(
              "tensor \""
                  + name
                  + "\": datatype \""
                  + datatype
                  + "\" is not supported; use FP32, FP16, INT64, INT32 or BOOL");
    };
  }

  private static TensorValues fromBytes(
      String name, String datatype, long elements, byte[] body, int offset, int length)
      throws MalformedRequestException {
    int size = elementSize(name, datatype);
    if ((long) size * elements != length) {
      throw new MalformedRequestException(
          "tensor \""
              + name
              + "\": binary_data_size is "
              + length
              + " bytes but "
              + elements
              + " elements of "
              + datatype
              + " need "
              + size * elements);
    }
    ByteBuffer buf = ByteBuffer.wrap(body, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) elements;
    return switch (datatype) {
      case "FP32" -> {
        float[] v = new float[n];
        buf.asFloatBuffer().get(v);
        yield new TensorValues.Floats(v);
      }
      case "FP16" -> {
        float[] v = new float[n];
        ShortBuffer s = buf.asShortBuffer();
        for (int i = 0; i < n; i++) {
          v[i] = HalfPrecision.toFloat(s.get(i));
        }
        yield new TensorValues.Floats(v);
      }
      case "INT64" -> {
        long[] v = new long[n];
        buf.asLongBuffer().get(v);
        yield new TensorValues.Longs(v);
      }
      case "INT32" -> {
        int[] v = new int[n];
        buf.asIntBuffer().get(v);
        yield new TensorValues.Ints(v);
      }
      default -> {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
          v[i] = buf.get(i) != 0;
        }
        yield new TensorValues.Bools(v);
      }
    };
  }

  private static TensorValues fromJson(String name, String datatype, JsonNode data, long elements)
      throws MalformedRequestException {
    elementSize(name, datatype);
    List<JsonNode> flat = new ArrayList<>();
    flatten(data, flat);
    if (flat.size() != elements) {
      throw new MalformedRequestException(
          "tensor \""
              + name
              + "\": shape needs "
              + elements
              + " values but \"data\" holds "
              + flat.size());
    }
    int n = flat.size();
    switch (datatype) {
      case "FP32", "FP16" -> {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = (float) number(name, flat.get(i)).doubleValue();
        }
        return new TensorValues.Floats(v);
      }
      case "INT64" -> {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
          v[i] = integral(name, flat.get(i)).longValue();
        }
        return new TensorValues.Longs(v);
      }
      case "INT32" -> {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
          v[i] = integral(name, flat.get(i)).intValue();
        }
        return new TensorValues.Ints(v);
      }
      default -> {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
          if (!flat.get(i).isBoolean()) {
            throw new MalformedRequestException(
                "tensor \"" + name + "\": BOOL data must be true/false, got " + flat.get(i));
          }
          v[i] = flat.get(i).booleanValue();
        }
        return new TensorValues.Bools(v);
      }
    }
  }

  private static Number number(String name, JsonNode node) throws MalformedRequestException {
    if (!node.isNumber()) {
      throw new MalformedRequestException(
          "tensor \"" + name + "\": data must be numbers, got " + node);
    }
    return node.numberValue();
  }

  private static Number integral(String name, JsonNode node) throws MalformedRequestException {
    if (!node.isIntegralNumber()) {
      throw new MalformedRequestException(
          "tensor \"" + name + "\": integer datatype needs integer data, got " + node);
    }
    return node.numberValue();
  }

  private static void flatten(JsonNode node, List<JsonNode> out) {
    if (node.isArray()) {
      node.forEach(child -> flatten(child, out));
    } else {
      out.add(node);
    }
  }

  private static Object arrayOf(TensorValues values) {
    if (values instanceof TensorValues.Floats f) {
      return f.values();
    } else if (values instanceof TensorValues.Longs l) {
      return l.values();
    } else if (values instanceof TensorValues.Ints i) {
      return i.values();
    }
    return ((TensorValues.Bools) values).values();
  }

  private static byte[] toBytes(TensorValues values) {
    ByteBuffer buf;
    if (values instanceof TensorValues.Floats f) {
      buf = ByteBuffer.allocate(4 * f.length()).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(f.values());
    } else if (values instanceof TensorValues.Longs l) {
      buf = ByteBuffer.allocate(8 * l.length()).order(ByteOrder.LITTLE_ENDIAN);
      buf.asLongBuffer().put(l.values());
    } else if (values instanceof TensorValues.Ints i) {
      buf = ByteBuffer.allocate(4 * i.length()).order(ByteOrder.LITTLE_ENDIAN);
      buf.asIntBuffer().put(i.values());
    } else {
      boolean[] b = ((TensorValues.Bools) values).values();
      buf = ByteBuffer.allocate(b.length);
      for (boolean v : b) {
        buf.put((byte) (v ? 1 : 0));
      }
    }
    return buf.array();
  }

  private static byte[] toFp16(TensorValues values) {
    float[] v = ((TensorValues.Floats) values).values();
    ByteBuffer buf = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    ShortBuffer s = buf.asShortBuffer();
    for (float f : v) {
      s.put(HalfPrecision.fromFloat(f));
    }
    return buf.array();
  }
}
