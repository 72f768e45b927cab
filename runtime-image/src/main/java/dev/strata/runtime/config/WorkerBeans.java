package dev.strata.runtime.config;

import dev.strata.runtime.oip.HopClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * Process-wide beans: the one clock and the one HTTP client (keep-alive between stages), used for
 * hops and probes through {@link HopClient} and for model downloads.
 */
@ApplicationScoped
public class WorkerBeans {

  /** The JDK HTTP client's buffer size property. */
  private static final String CLIENT_BUFFER = "jdk.httpclient.bufsize";

  /** The only place that reads the wall clock. */
  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @ApplicationScoped
  HopClient hopClient(HttpClient http) {
    return new HopClient(http);
  }

  @Produces
  @ApplicationScoped
  HttpClient httpClient(WorkerConfig config) {
    // The JDK client moves bodies in buffers of this size (16 KiB by default), read once when its
    // first client is built: a 602 KB activation crossed loopback to a sink in 1.37 ms with 16 KiB
    // and 1.11 ms with 1 MiB (medians of 400 calls, two alternating runs each); empty calls were
    // no slower.
    // A -Djdk.httpclient.bufsize given on the command line wins.
    if (System.getProperty(CLIENT_BUFFER) == null) {
      System.setProperty(CLIENT_BUFFER, Integer.toString(1 << 20));
    }
    // HTTP/1.1: an h2c upgrade attempt would only add a round trip on plain HTTP.
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .build();
  }
}
