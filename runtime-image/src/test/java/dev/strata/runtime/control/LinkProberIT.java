package dev.strata.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.runtime.engine.MutableClock;
import dev.strata.runtime.oip.HopClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The prober against a live sink on loopback whose link is simulated on the prober's clock: a call
 * costs 1 ms plus 1 ms per 1000 bytes, and 50 ms more while a burst of other traffic holds the
 * link.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkProberIT {
  private static final List<Long> SIZES = List.of(16_000L, 64_000L);
  private static final int REPEATS = 3;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicInteger calls = new AtomicInteger();
  private volatile int burstFrom = -1;
  private volatile int burstCalls;
  private Vertx vertx;
  private URI base;
  private LinkProber prober;
  private HopClient hops;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              int call = calls.getAndIncrement();
                              boolean busy = call >= burstFrom && call < burstFrom + burstCalls;
                              clock.advance(
                                  Duration.ofMillis(1 + body.length() / 1000 + (busy ? 50 : 0)));
                              request.response().end("{\"bytes\":" + body.length() + "}");
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    base = URI.create("http://127.0.0.1:" + server.actualPort());
    hops = new HopClient(Duration.ofSeconds(2));
    prober = new LinkProber(hops, clock);
  }

  @AfterAll
  void stop() throws Exception {
    hops.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anIdleLinkReadsItsRateAndEveryByteIsCounted() throws Exception {
    LinkProber.ProbeReport report = probe(-1, 0);

    assertEquals(1.0, report.rttMs(), 1e-9);
    assertEquals(17.0, report.sizes().get(0).minMs(), 1e-9);
    assertEquals(65.0, report.sizes().get(1).minMs(), 1e-9);
    assertEquals(8.0, report.sizes().get(1).mbitPerSecond(), 1e-9, "64000 B in 64 ms");
    long reply = "{\"bytes\":64000}".length();
    assertEquals(
        REPEATS * (16_000 + 64_000 + 2 * reply) + (REPEATS + 1) * "{\"bytes\":0}".length(),
        report.bytesUsed());
  }

  @Test
  void aBurstAsLongAsOneSizesRepeatsDoesNotSlowTheFastestRepeatOfAnySize() throws Exception {
    int timedCalls = REPEATS * (SIZES.size() + 1);
    for (int from = 1; from + REPEATS <= timedCalls + 1; from++) {
      LinkProber.ProbeReport report = probe(from, REPEATS);

      String where = "burst over timed calls " + from + "-" + (from + REPEATS - 1);
      assertEquals(1.0, report.rttMs(), 1e-9, where);
      assertEquals(17.0, report.sizes().get(0).minMs(), 1e-9, where);
      assertEquals(65.0, report.sizes().get(1).minMs(), 1e-9, where);
    }
  }

  @Test
  void aProbeStartsNoRoundPastItsBudgetAndReportsTheRoundsItRan() throws Exception {
    // Untimed call 1 ms, a round 1 + 17 + 65 = 83 ms: the budget is reached during round 2.
    LinkProber.ProbeReport report = probe(-1, 0, Optional.of(Duration.ofMillis(100)));

    assertEquals(2, report.repeats());
    assertEquals(1 + 2 * (SIZES.size() + 1), calls.get());
    assertEquals(17.0, report.sizes().get(0).minMs(), 1e-9);
    assertEquals(65.0, report.sizes().get(1).medianMs(), 1e-9);

    LinkProber.ProbeReport tight = probe(-1, 0, Optional.of(Duration.ofMillis(1)));
    assertEquals(1, tight.repeats(), "the first round always runs");
    assertEquals(8.0, tight.sizes().get(1).mbitPerSecond(), 1e-9);
  }

  /** One probe with {@code burstCalls} slow calls from call number {@code from} (0 is untimed). */
  private LinkProber.ProbeReport probe(int from, int burstCalls) throws Exception {
    return probe(from, burstCalls, Optional.empty());
  }

  private LinkProber.ProbeReport probe(int from, int burstCalls, Optional<Duration> budget)
      throws Exception {
    calls.set(0);
    this.burstFrom = from;
    this.burstCalls = burstCalls;
    return prober.probe(base, SIZES, REPEATS, "token", budget);
  }
}
