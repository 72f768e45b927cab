/**
 * Pure builders: an InferencePipeline plus explicit inputs in, fabric8 objects out. No client, no
 * clock, no randomness, no environment.
 */
package dev.strata.operator.resources;
