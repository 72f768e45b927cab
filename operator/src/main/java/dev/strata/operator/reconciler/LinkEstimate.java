package dev.strata.operator.reconciler;

/**
 * The latest probe of the link between two nodes (treated as symmetric), kept for planning and
 * mirrored in the profile ConfigMap; smoothing and drift belong to core's adaptation policy.
 *
 * @param bandwidthMbps throughput, Mbit/s (10^6 bit/s), > 0
 * @param rttMs round trip, ms, >= 0
 */
public record LinkEstimate(double bandwidthMbps, double rttMs) {}
