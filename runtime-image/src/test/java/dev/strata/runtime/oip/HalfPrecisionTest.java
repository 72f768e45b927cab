package dev.strata.runtime.oip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfPrecisionTest {

  @Test
  void everyFiniteHalfSurvivesTheRoundTrip() {
    for (int bits = 0; bits < 0x10000; bits++) {
      short h = (short) bits;
      float f = HalfPrecision.toFloat(h);
      if (!Float.isNaN(f)) {
        assertEquals(h, HalfPrecision.fromFloat(f), "half bits " + Integer.toHexString(bits));
      }
    }
  }

  @Test
  void knownValuesConvert() {
    assertEquals(1.0f, HalfPrecision.toFloat(HalfPrecision.fromFloat(1.0f)));
    assertEquals(0x3c00, HalfPrecision.fromFloat(1.0f));
    assertEquals((short) 0xc000, HalfPrecision.fromFloat(-2.0f));
    assertEquals(65504f, HalfPrecision.toFloat(HalfPrecision.fromFloat(65504f)));
  }

  @Test
  void overflowBecomesInfinityAndNanStaysNan() {
    assertEquals(Float.POSITIVE_INFINITY, HalfPrecision.toFloat(HalfPrecision.fromFloat(1e6f)));
    assertTrue(Float.isNaN(HalfPrecision.toFloat(HalfPrecision.fromFloat(Float.NaN))));
  }

  @Test
  void roundsToNearestEven() {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even significand (1).
    assertEquals(0x3c00, HalfPrecision.fromFloat(1f + 0x1p-11f));
    // 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: ties go to 1 + 2^-9.
    assertEquals(0x3c02, HalfPrecision.fromFloat(1f + 3 * 0x1p-11f));
  }
}
