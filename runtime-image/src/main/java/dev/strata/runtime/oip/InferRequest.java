package dev.strata.runtime.oip;

import dev.strata.runtime.engine.NamedTensor;
import java.util.List;
import java.util.Optional;

/**
 * A decoded infer request.
 *
 * @param id the client's request id, echoed in the response
 * @param inputs the input tensors with their values
 * @param requestedOutputs output names the client asked for (empty: all)
 * @param binaryOutput whether the client asked for outputs in the binary tensor extension
 */
public record InferRequest(
    Optional<String> id,
    List<NamedTensor> inputs,
    List<String> requestedOutputs,
    boolean binaryOutput) {}
