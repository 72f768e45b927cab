/** Scenarios as files: a timeline of link, CPU and node events applied to the emulated cluster. */
package dev.strata.testbed.scenario;
