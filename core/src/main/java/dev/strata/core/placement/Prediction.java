package dev.strata.core.placement;

/**
 * Predicted figures of a placement, all per request.
 *
 * @param latencyMs end-to-end latency: every transfer and every stage compute, plus the return of
 *     the output when the problem asks for it, ms
 * @param throughputRps pipelined throughput, {@code 1000 / bottleneckMs}, requests per second
 * @param energyJ MODELED energy (see {@link EnergyModel}), J
 * @param sourceEnergyJ the part of {@code energyJ} drawn on the source node, the device requests
 *     enter on: its own stage's compute and its end of every transfer to or from it, J
 * @param bottleneckMs the slowest stage compute or link transfer, ms
 * @param returnTransferMs time to send the output back to the source (0 when not returned), ms
 */
public record Prediction(
    double latencyMs,
    double throughputRps,
    double energyJ,
    double sourceEnergyJ,
    double bottleneckMs,
    double returnTransferMs) {}
