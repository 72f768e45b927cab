/**
 * The InferencePipeline reconciler and its steps: validate, snapshot the cluster, run stages,
 * profile, probe, plan (core planner), apply with prepare/commit, report.
 */
package dev.strata.operator.reconciler;
