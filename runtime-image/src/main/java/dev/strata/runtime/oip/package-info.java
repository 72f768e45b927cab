/**
 * Open Inference Protocol v2 data endpoints: JSON and binary tensor codecs, the infer and health
 * resources, forwarding to the next stage, metrics and the one exception mapper.
 */
package dev.strata.runtime.oip;
