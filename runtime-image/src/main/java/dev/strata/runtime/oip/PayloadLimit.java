package dev.strata.runtime.oip;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.runtime.config.WorkerConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a body larger than {@code strata.max-payload-bytes} from its Content-Length before it is
 * read, with a message that names the setting. Installed on the Vert.x router ahead of the infer
 * route and the REST layer. A body sent without Content-Length is counted as it arrives by the
 * infer route ({@link InferRoute}), and elsewhere capped by the REST layer's own limit (the same
 * number), which answers with an empty body.
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
              long length = declaredLength(ctx.request());
              if (length > config.maxPayloadBytes()) {
                ctx.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(
                        Buffer.buffer(
                            StageExceptionMapper.errorBody(json, message(length, config))));
              } else {
                ctx.next();
              }
            });
  }

  /** The request's Content-Length, or -1 when it has none or it is not a number. */
  static long declaredLength(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
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
