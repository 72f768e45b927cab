/**
 * Adaptation policy: smooths node metrics and link probes, detects drift against the values the
 * current placement was planned with, re-plans, and moves only when the predicted gain pays for the
 * switch. Pure: the caller brings observations and an injected {@link java.time.Clock}; every
 * {@link dev.strata.core.adaptation.Decision} carries a human-readable reason.
 */
package dev.strata.core.adaptation;
