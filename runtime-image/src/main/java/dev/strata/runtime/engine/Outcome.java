package dev.strata.runtime.engine;

/**
 * The model output that travels back to the caller.
 *
 * @param revision placement revision the request was served on at this stage
 * @param output the last stage's output
 */
public record Outcome(long revision, NamedTensor output) {}
