package dev.strata.testbed.report;

/**
 * Something that happened during a run, for the plot and the table.
 *
 * @param atMillis milliseconds since the request stream started
 * @param kind what it is
 * @param label one line of text
 */
public record Marker(double atMillis, Kind kind, String label) {
  /** Scenario events (what the emulation did) and re-plans (what the operator did). */
  public enum Kind {
    EVENT,
    REPLAN
  }
}
