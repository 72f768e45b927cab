package dev.strata.core.graph;

/**
 * The nodes between two consecutive cuts: the unit of profiling and placement.
 *
 * @param index position in the model, 0 for the segment that reads the model input
 * @param nodeCount activation nodes in the segment (weight-only nodes are not counted)
 * @param macs multiply-accumulate operations of Conv, Gemm and MatMul nodes at batch 1
 * @param params trainable parameters: elements of the weights the segment reads, excluding
 *     BatchNormalization running statistics (as PyTorch counts them)
 * @param weightBytes bytes of every weight the segment reads, statistics included
 * @param activationBytes bytes of the largest tensor the segment produces
 */
public record Segment(
    int index, int nodeCount, long macs, long params, long weightBytes, long activationBytes) {}
