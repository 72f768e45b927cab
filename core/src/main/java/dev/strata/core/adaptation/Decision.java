package dev.strata.core.adaptation;

import dev.strata.core.placement.Plan;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the policy decided at one tick, and why.
 *
 * @param plan the placement to run from now on, priced under the current smoothed values when the
 *     policy re-planned (for {@link Kind#STAY}: the current plan as last priced)
 * @param reason one or two sentences for status and Events: what drifted, by how much, the
 *     predicted gain
 * @param drifts metrics past the threshold at this tick (empty when none)
 * @param predictedGain relative improvement of the objective the new plan predicts over keeping the
 *     current placement, before switching cost; 0 when the policy did not re-plan
 */
public record Decision(
    Kind kind, Plan plan, String reason, List<Drift> drifts, double predictedGain) {

  public Decision {
    drifts = List.copyOf(drifts);
  }

  /** The kinds of decision. */
  public enum Kind {
    /** Nothing drifted enough, the drift has not settled, or the cooldown is running. */
    STAY,
    /** Re-planned under the new values; the current placement stays (gain too small). */
    KEEP,
    /** Re-planned and the placement changes to {@link Decision#plan()}. */
    MOVE,
    /** The current placement is gone (a node disappeared) and no placement fits what is left. */
    UNPLACEABLE
  }

  /**
   * Links whose drift waits to settle when the policy stays: measuring them again soon, rather than
   * at the next round, confirms a real drop or recovery (or clears a blip) in a fraction of the
   * time.
   */
  public Set<Metric> linksToConfirm() {
    if (kind != Kind.STAY) {
      return Set.of();
    }
    Set<Metric> out = new LinkedHashSet<>();
    for (Drift d : drifts) {
      if (d.metric().isLink() && !d.settled()) {
        out.add(d.metric());
      }
    }
    return out;
  }

  public boolean replanned() {
    return kind == Kind.KEEP || kind == Kind.MOVE;
  }
}
