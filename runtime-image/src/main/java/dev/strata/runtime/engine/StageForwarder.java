package dev.strata.runtime.engine;

import java.time.Instant;

/** Sends an activation to the next stage and returns what comes back from the end of the chain. */
public interface StageForwarder {

  /**
   * Forwards one activation.
   *
   * @param sender this stage's assignment: revision, range, next address and wire precision
   * @param activation the tensor leaving this stage's range
   * @param deadline when the whole request must be done
   * @throws DownstreamException when a later stage refuses or cannot be reached
   * @throws DeadlineExceededException when the deadline runs out on the way
   */
  NamedTensor forward(Assignment sender, NamedTensor activation, Instant deadline)
      throws StageException;
}
