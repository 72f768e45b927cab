package dev.strata.runtime.engine;

/** Segments {@code [from, to)} as carried in the {@code Strata-Range} header: {@code "from-to"}. */
public record SegmentRange(int from, int to) {

  /**
   * Parses {@code "from-to"}.
   *
   * @throws IllegalArgumentException saying what the format is
   */
  public static SegmentRange parse(String text) {
    String[] parts = text.trim().split("-");
    try {
      if (parts.length == 2) {
        return new SegmentRange(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "range \"" + text + "\" is not of the form from-to (segments, to exclusive), e.g. 0-7");
  }

  @Override
  public String toString() {
    return from + "-" + to;
  }
}
