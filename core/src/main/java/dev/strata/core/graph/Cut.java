package dev.strata.core.graph;

/**
 * A cut point: the single activation tensor that crosses between segment {@code index} and segment
 * {@code index + 1}.
 */
public record Cut(int index, TensorInfo tensor) {}
