/**
 * Control plane of a worker: model loading, the two-phase assignment (prepare, commit), segment
 * profiling, link probes and the bearer token that guards them.
 */
package dev.strata.runtime.control;
