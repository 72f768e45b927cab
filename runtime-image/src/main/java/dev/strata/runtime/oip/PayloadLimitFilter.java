package dev.strata.runtime.oip;

import dev.strata.runtime.config.WorkerConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body larger than {@code strata.max-payload-bytes} from its Content-Length, before it is
 * read, with a message that names the setting.
 */
public class PayloadLimitFilter {
  private final WorkerConfig config;

  public PayloadLimitFilter(WorkerConfig config) {
    this.config = config;
  }

  @ServerRequestFilter(preMatching = true)
  public Optional<Response> checkLength(ContainerRequestContext request) {
    int length = request.getLength();
    if (length > config.maxPayloadBytes()) {
      return Optional.of(
          Response.status(413)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(Map.of("error", message(length, config)))
              .build());
    }
    return Optional.empty();
  }

  static String message(long length, WorkerConfig config) {
    return "request body of "
        + length
        + " bytes exceeds the limit of "
        + config.maxPayloadBytes()
        + " bytes; raise strata.max-payload-bytes (STRATA_MAX_PAYLOAD_BYTES) on this worker";
  }
}
