/** Ports to the outside world (stage control API, cluster inventory) and their implementations. */
package dev.strata.operator.adapter;
