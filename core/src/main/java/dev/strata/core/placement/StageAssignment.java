package dev.strata.core.placement;

/** One stage of a placement: node {@code node} runs the segments of {@code range}. */
public record StageAssignment(String node, SegmentRange range) {}
