package dev.strata.runtime.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.http.HttpClient;
import java.time.Clock;

/** Process-wide beans: the one clock and the one HTTP client (keep-alive between stages). */
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
  HttpClient httpClient(WorkerConfig config) {
    // HTTP/1.1: the JDK client keeps these connections alive and reuses them per next stage; an h2c
    // upgrade attempt would only add a round trip on plain HTTP.
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .build();
  }
}
