/** The emulated cluster: an embedded Kubernetes API and a node agent that plays kubelet. */
package dev.strata.testbed.cluster;
