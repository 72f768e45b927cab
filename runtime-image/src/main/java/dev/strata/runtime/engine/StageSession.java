package dev.strata.runtime.engine;

import dev.strata.core.exec.Tensor;

/** An inference session for one range: single FP32 input, single FP32 output. */
public interface StageSession extends AutoCloseable {

  /** Runs the range once. Safe to call from several threads. */
  Tensor run(Tensor input) throws StageException;

  /** Releases native memory; idempotent. */
  @Override
  void close();
}
