/** Quarkus wiring: configuration, the Clock bean, and the startup bean that runs the operator. */
package dev.strata.operator.config;
