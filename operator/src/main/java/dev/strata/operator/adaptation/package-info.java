/**
 * When to re-plan: EWMA smoothing, drift against the measurements of the last plan, minimum gain
 * and cooldown. A thin stand-in, pure and clock-free, until core's adaptation policy (issue 5)
 * lands; it decides only whether to move, never where (that is core's planner).
 */
package dev.strata.operator.adaptation;
