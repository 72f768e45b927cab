package dev.strata.core.adaptation;

/** One probe of the directed link {@code from -> to}: throughput in Mbit/s, round trip in ms. */
public record LinkSample(String from, String to, double bandwidthMbps, double rttMs) {}
