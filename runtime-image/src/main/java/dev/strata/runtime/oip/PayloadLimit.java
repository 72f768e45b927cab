package dev.strata.runtime.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.runtime.config.WorkerConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Refuses a body larger than {@code strata.max-payload-bytes} from its Content-Length before it is
 * read, with a message that names the setting. Installed on the Vert.x router ahead of the REST
 * layer, whose own limit (the same number, for bodies sent without Content-Length) answers with an
 * empty body.
 */
@ApplicationScoped
public class PayloadLimit {
  private final WorkerConfig config;
  private final ObjectMapper json;

  public PayloadLimit(WorkerConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(-100)
        .handler(
            ctx -> {
              String header = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              long length = parse(header);
              if (length > config.maxPayloadBytes()) {
                ctx.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(errorBody(length));
              } else {
                ctx.next();
              }
            });
  }

  private String errorBody(long length) {
    try {
      return json.writeValueAsString(Map.of("error", message(length, config)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long parse(String header) {
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String message(long length, WorkerConfig config) {
    return "request body of "
        + length
        + " bytes exceeds the limit of "
        + config.maxPayloadBytes()
        + " bytes; raise strata.max-payload-bytes (STRATA_MAX_PAYLOAD_BYTES) on this worker";
  }
}
