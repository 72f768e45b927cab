/**
 * The stage engine: ONNX Runtime sessions per placement revision, the bounded admission queue and
 * the two-phase switch between revisions. Pure Java (no JAX-RS or Quarkus imports) so that it can
 * be tested without a server.
 */
package dev.strata.runtime.engine;
