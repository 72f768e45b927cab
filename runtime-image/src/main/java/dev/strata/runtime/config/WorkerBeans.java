package dev.strata.runtime.config;

import dev.strata.runtime.oip.HopClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * Process-wide beans: the one clock, the client for stage-to-stage hops and probes (keep-alive
 * between stages) and the JDK client for model downloads.
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
