/** Tables and plots of scenario runs. */
package dev.strata.testbed.report;
