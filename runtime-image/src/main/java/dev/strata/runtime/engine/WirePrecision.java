package dev.strata.runtime.engine;

import java.util.Locale;

/** Element type used for activations sent to the next stage. */
public enum WirePrecision {
  /** 4 bytes per element, bit-exact. */
  FP32,
  /** 2 bytes per element, IEEE 754 half precision (round to nearest even). */
  FP16;

  /**
   * Parses {@code fp32} or {@code fp16} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static WirePrecision parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "wirePrecision \"" + text + "\" is not supported; use fp32 or fp16", e);
    }
  }

  /** The Open Inference Protocol datatype name for this precision. */
  public String datatype() {
    return name();
  }
}
