/** Worker settings (from application.properties, env or -D) and the process-wide beans. */
package dev.strata.runtime.config;
