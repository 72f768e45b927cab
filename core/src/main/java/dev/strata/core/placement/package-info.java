/**
 * Placement planning: which node runs which range of segments, and what that costs.
 *
 * <p>Numbers in, numbers out: a {@link dev.strata.core.placement.PlanningProblem} (segments,
 * candidate nodes, links, objective) goes to a {@link dev.strata.core.placement.Planner}, which
 * returns a {@link dev.strata.core.placement.Plan}. Every figure of a plan comes from {@link
 * dev.strata.core.placement.CostModel}, the single definition of latency, throughput and modeled
 * energy. Times are milliseconds ({@code double}), sizes bytes, bandwidth megabits per second (10^6
 * bit/s), power watts, energy joules.
 */
package dev.strata.core.placement;
