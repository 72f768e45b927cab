/** Emulated links: userspace relays that carry the real bytes at a set rate and delay. */
package dev.strata.testbed.link;
