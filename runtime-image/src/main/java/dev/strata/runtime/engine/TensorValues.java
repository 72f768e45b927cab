package dev.strata.runtime.engine;

/**
 * Tensor contents in the native Java type of their datatype: FP32 and FP16 as {@code float[]},
 * INT64 as {@code long[]} (never through {@code double}), INT32 as {@code int[]}, BOOL as {@code
 * boolean[]}.
 */
public sealed interface TensorValues {

  /** Number of elements. */
  int length();

  /** FP32 or FP16 values. */
  record Floats(float[] values) implements TensorValues {
    @Override
    public int length() {
      return values.length;
    }
  }

  /** INT64 values. */
  record Longs(long[] values) implements TensorValues {
    @Override
    public int length() {
      return values.length;
    }
  }

  /** INT32 values. */
  record Ints(int[] values) implements TensorValues {
    @Override
    public int length() {
      return values.length;
    }
  }

  /** BOOL values. */
  record Bools(boolean[] values) implements TensorValues {
    @Override
    public int length() {
      return values.length;
    }
  }
}
