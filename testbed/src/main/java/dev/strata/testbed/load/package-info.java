/** The request stream of a scenario: an OIP v2 client at the edge that records every answer. */
package dev.strata.testbed.load;
