package dev.strata.runtime.it;

/** Reads a worker's segment count from its status. */
final class ModelSegments {
  private ModelSegments() {}

  static int of(WorkerProcess worker) throws Exception {
    return worker.status().path("segments").asInt();
  }
}
