package dev.strata.runtime.oip;

/**
 * IEEE 754 binary16 conversion for FP16 on the wire (Java 17 has no {@code Float.floatToFloat16}).
 * Rounds to nearest even; overflow goes to infinity, underflow to signed zero; NaN stays NaN.
 */
final class HalfPrecision {
  private HalfPrecision() {}

  static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    short sign = (short) ((bits & 0x8000_0000) >>> 16);
    if (Float.isNaN(f)) {
      return (short) (sign | 0x7e00 | ((bits & 0x007f_e000) >>> 13));
    }
    float abs = Math.abs(f);
    if (abs >= 0x1.ffcp15f + 0x0.002p15f) {
      return (short) (sign | 0x7c00);
    }
    if (abs <= 0x1.0p-24f * 0.5f) {
      return sign;
    }
    int exp = Math.getExponent(f);
    int expDelta = 0;
    int msb = 0;
    if (exp < -14) {
      expDelta = -14 - exp;
      exp = -15;
      msb = 0x0080_0000;
    }
    int significand = (bits & 0x007f_ffff) | msb;
    int half = significand >> (13 + expDelta);
    int lsb = significand & (1 << (13 + expDelta));
    int round = significand & (1 << (12 + expDelta));
    int sticky = significand & ((1 << (12 + expDelta)) - 1);
    if (round != 0 && (lsb | sticky) != 0) {
      half++;
    }
    return (short) (sign | (((exp + 15) << 10) + half));
  }

  static float toFloat(short h) {
    int sign = h & 0x8000;
    int exp = (h & 0x7c00) >>> 10;
    int significand = h & 0x03ff;
    if (exp == 0) {
      float value = 0x1p-24f * significand;
      return sign != 0 ? -value : value;
    }
    if (exp == 0x1f) {
      return Float.intBitsToFloat((sign << 16) | 0x7f80_0000 | (significand << 13));
    }
    return Float.intBitsToFloat((sign << 16) | ((exp - 15 + 127) << 23) | (significand << 13));
  }
}
