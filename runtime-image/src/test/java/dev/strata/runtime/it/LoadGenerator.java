package dev.strata.runtime.it;

import dev.strata.core.exec.Tensor;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends requests to the entry stage from a few threads until stopped, or until its bounds (count
 * and time) run out, and checks every answer against the unsplit output.
 */
final class LoadGenerator implements AutoCloseable {
  /**
   * Largest relative difference (floor 1e-3) accepted between a split and the unsplit output. Both
   * run with ONNX Runtime's graph optimizations, which fuse Conv and BatchNormalization only where
   * both sit in one range and so move the last digits (core's BuiltinModelGraphTest uses the same
   * bound).
   */
  static final double TOLERANCE = 1e-3;

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong succeeded = new AtomicLong();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> byRevision = new ConcurrentHashMap<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  LoadGenerator(
      URI entry,
      String model,
      String inputName,
      Tensor input,
      Tensor expected,
      int threadCount,
      long maxRequests,
      Duration maxTime) {
    long stopAt = System.nanoTime() + maxTime.toNanos();
    AtomicLong sent = new AtomicLong();
    for (int i = 0; i < threadCount; i++) {
      Thread t =
          new Thread(
              () -> {
                while (running.get()
                    && System.nanoTime() < stopAt
                    && sent.incrementAndGet() <= maxRequests) {
                  try {
                    HttpResponse<byte[]> r = OipClient.inferBinary(entry, model, inputName, input);
                    if (r.statusCode() != 200) {
                      failures.add("HTTP " + r.statusCode() + ": " + new String(r.body()));
                      continue;
                    }
                    Tensor out = OipClient.output(r);
                    double diff = out.maxRelativeDifference(expected, 1e-3);
                    if (diff > TOLERANCE) {
                      failures.add("output differs from unsplit by " + diff);
                      continue;
                    }
                    succeeded.incrementAndGet();
                    byRevision
                        .computeIfAbsent(
                            r.headers().firstValue("Strata-Revision").orElse("?"),
                            k -> new AtomicLong())
                        .incrementAndGet();
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
              },
              "load-" + i);
      t.start();
      threads.add(t);
    }
  }

  long succeeded() {
    return succeeded.get();
  }

  long servedOn(long revision) {
    AtomicLong n = byRevision.get(Long.toString(revision));
    return n == null ? 0 : n.get();
  }

  boolean hasFailed() {
    return !failures.isEmpty();
  }

  List<String> failures() {
    return failures;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(60).toMillis());
    }
  }
}
