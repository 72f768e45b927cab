package dev.strata.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.core.graph.TensorInfo;
import org.junit.jupiter.api.Test;

class InputValidatorTest {
  private final TensorInfo expected = new TensorInfo("image", "FP32", new long[] {1, 3, 2, 2}, 48);

  private static NamedTensor tensor(String name, String datatype, long[] shape, int n) {
    return new NamedTensor(name, datatype, shape, new TensorValues.Floats(new float[n]));
  }

  @Test
  void wrongShapeSaysWhatWasExpected() {
    InvalidTensorException e =
        assertThrows(
            InvalidTensorException.class,
            () ->
                InputValidator.check(expected, tensor("image", "FP32", new long[] {1, 3, 4}, 12)));
    assertTrue(e.getMessage().contains("expected [1, 3, 2, 2]"), e.getMessage());
  }

  @Test
  void wrongDatatypeSaysWhatWasExpected() {
    NamedTensor ints =
        new NamedTensor(
            "image", "INT64", new long[] {1, 3, 2, 2}, new TensorValues.Longs(new long[12]));
    InvalidTensorException e =
        assertThrows(InvalidTensorException.class, () -> InputValidator.check(expected, ints));
    assertTrue(e.getMessage().contains("expected FP32"), e.getMessage());
  }

  @Test
  void wrongSizeSaysHowManyValuesWereNeeded() {
    InvalidTensorException e =
        assertThrows(
            InvalidTensorException.class,
            () ->
                InputValidator.check(
                    expected, tensor("image", "FP32", new long[] {1, 3, 2, 2}, 11)));
    assertTrue(e.getMessage().contains("needs 12 values but 11 arrived"), e.getMessage());
  }

  @Test
  void wrongNameSaysTheExpectedName() {
    InvalidTensorException e =
        assertThrows(
            InvalidTensorException.class,
            () -> InputValidator.check(expected, tensor("x", "FP32", new long[] {1, 3, 2, 2}, 12)));
    assertTrue(e.getMessage().contains("expected \"image\""), e.getMessage());
  }

  @Test
  void fp16IsAcceptedWhereFp32IsExpected() {
    assertDoesNotThrow(
        () -> InputValidator.check(expected, tensor("image", "FP16", new long[] {1, 3, 2, 2}, 12)));
  }
}
