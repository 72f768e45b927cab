package dev.strata.runtime.engine;

import dev.strata.core.exec.Tensor;

/**
 * The session of a relay (range {@code 0-0}): it runs no segment, so its output is its input. It
 * holds no native memory and is built without ONNX Runtime.
 */
final class RelaySession implements StageSession {

  @Override
  public Tensor run(Tensor input) {
    return input;
  }

  @Override
  public void close() {
    // nothing held
  }
}
