package dev.strata.core.graph;

import java.util.Arrays;

/**
 * ONNX tensor element types with their byte width and their Open Inference Protocol v2 name.
 *
 * <p>{@code onnxCode} is the value of {@code TensorProto.DataType}; {@code bytes} is the width of
 * one element (0 for variable-width strings).
 */
public enum ElementType {
  FLOAT(1, 4, "FP32"),
  UINT8(2, 1, "UINT8"),
  INT8(3, 1, "INT8"),
  UINT16(4, 2, "UINT16"),
  INT16(5, 2, "INT16"),
  INT32(6, 4, "INT32"),
  INT64(7, 8, "INT64"),
  STRING(8, 0, "BYTES"),
  BOOL(9, 1, "BOOL"),
  FLOAT16(10, 2, "FP16"),
  DOUBLE(11, 8, "FP64"),
  UINT32(12, 4, "UINT32"),
  UINT64(13, 8, "UINT64"),
  BFLOAT16(16, 2, "BF16");

  private final int onnxCode;
  private final int bytes;
  private final String oipName;

  ElementType(int onnxCode, int bytes, String oipName) {
    this.onnxCode = onnxCode;
    this.bytes = bytes;
    this.oipName = oipName;
  }

  /** The {@code TensorProto.DataType} value. */
  public int onnxCode() {
    return onnxCode;
  }

  /** Bytes per element; 0 for strings. */
  public int bytes() {
    return bytes;
  }

  /** The datatype name used by the Open Inference Protocol v2 ("FP32", "INT64", ...). */
  public String oipName() {
    return oipName;
  }

  /**
   * The element type for an ONNX data type code.
   *
   * @throws IllegalArgumentException for codes Strata does not handle (complex, float8, ...)
   */
  public static ElementType ofOnnx(int code) {
    return Arrays.stream(values())
        .filter(t -> t.onnxCode == code)
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unsupported ONNX tensor element type " + code));
  }
}
