package dev.strata.runtime.engine;

import dev.strata.core.graph.TensorInfo;
import java.util.Arrays;

/**
 * Checks a tensor that arrived against what a range takes, with messages that say what was
 * expected. A dimension of -1 in the expected shape accepts any size; FP16 is accepted where FP32
 * is expected (FP16 on the wire) and widened before the run.
 */
public final class InputValidator {
  private InputValidator() {}

  /**
   * @throws InvalidTensorException naming the expected name, datatype, shape or size
   */
  public static void check(TensorInfo expected, NamedTensor got) throws InvalidTensorException {
    if (!expected.name().equals(got.name())) {
      throw new InvalidTensorException(
          "unexpected input \"" + got.name() + "\"; expected \"" + expected.name() + "\"");
    }
    boolean fp32Expected = "FP32".equals(expected.datatype());
    if (!expected.datatype().equals(got.datatype())
        && !(fp32Expected && "FP16".equals(got.datatype()))) {
      throw new InvalidTensorException(
          "input \""
              + got.name()
              + "\": datatype "
              + got.datatype()
              + " is not accepted; expected "
              + expected.datatype()
              + (fp32Expected ? " (or FP16 on the wire)" : ""));
    }
    if (!matches(expected.shape(), got.shape())) {
      throw new InvalidTensorException(
          "input \""
              + got.name()
              + "\": shape "
              + Arrays.toString(got.shape())
              + " does not match expected "
              + Arrays.toString(expected.shape()));
    }
    long declared = Arrays.stream(got.shape()).reduce(1, Math::multiplyExact);
    if (declared != got.values().length()) {
      throw new InvalidTensorException(
          "input \""
              + got.name()
              + "\": shape "
              + Arrays.toString(got.shape())
              + " needs "
              + declared
              + " values but "
              + got.values().length()
              + " arrived");
    }
  }

  private static boolean matches(long[] expected, long[] got) {
    if (expected.length != got.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] >= 0 && expected[i] != got[i]) {
        return false;
      }
    }
    return true;
  }
}
