package dev.strata.runtime.config;

import dev.strata.runtime.oip.HopClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * Process-wide beans: the one clock, the one {@link HopClient} (keep-alive connections to other
 * workers, for hops and probes) and the JDK HTTP client for model downloads.
 */
@ApplicationScoped
public class WorkerBeans {

  /** The only place that reads the wall clock. */
  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @ApplicationScoped
  HopClient hopClient(WorkerConfig config) {
    return new HopClient(config.connectTimeout());
  }

  void closeHopClient(@Disposes HopClient hops) {
    hops.close();
  }

  @Produces
  @ApplicationScoped
  HttpClient httpClient(WorkerConfig config) {
    // HTTP/1.1: an h2c upgrade attempt would only add a round trip on plain HTTP.
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .build();
  }
}
