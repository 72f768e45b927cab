/** The one place that turns what a reconcile pass found into the pipeline's status. */
package dev.strata.operator.status;
