package dev.strata.runtime.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.runtime.engine.AssignmentException;
import dev.strata.runtime.engine.DeadlineExceededException;
import dev.strata.runtime.engine.DownstreamException;
import dev.strata.runtime.engine.InvalidAssignmentException;
import dev.strata.runtime.engine.InvalidTensorException;
import dev.strata.runtime.engine.ModelNotReadyException;
import dev.strata.runtime.engine.ModelSourceException;
import dev.strata.runtime.engine.PayloadTooLargeException;
import dev.strata.runtime.engine.QueueFullException;
import dev.strata.runtime.engine.StageException;
import dev.strata.runtime.engine.UnknownRevisionException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where worker errors become HTTP answers with the OIP {@code {"error": ...}} body:
 * 400 bad input, 404 unknown model, 409 revision or chain conflict, 413 payload too large, 422
 * model that cannot be loaded or run, 503 (with Retry-After) full queue or not ready, 504 deadline,
 * and the next stage's own status for errors further down the chain. {@link InferRoute} answers
 * with the same statuses and bodies.
 */
@Provider
public class StageExceptionMapper implements ExceptionMapper<StageException> {

  @Override
  public Response toResponse(StageException e) {
    int status = statusOf(e);
    Response.ResponseBuilder response =
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Map.of("error", String.valueOf(e.getMessage())));
    retryAfterSeconds(e).ifPresent(seconds -> response.header("Retry-After", seconds));
    return response.build();
  }

  static int statusOf(StageException e) {
    if (e instanceof InvalidTensorException
        || e instanceof MalformedRequestException
        || e instanceof InvalidAssignmentException) {
      return 400;
    } else if (e instanceof UnknownModelException) {
      return 404;
    } else if (e instanceof UnknownRevisionException || e instanceof AssignmentException) {
      return 409;
    } else if (e instanceof PayloadTooLargeException) {
      return 413;
    } else if (e instanceof ModelSourceException) {
      return 422;
    } else if (e instanceof QueueFullException || e instanceof ModelNotReadyException) {
      return 503;
    } else if (e instanceof DeadlineExceededException) {
      return 504;
    } else if (e instanceof DownstreamException d) {
      return d.status();
    }
    return 500;
  }

  /**
   * The Retry-After to answer {@code e} with, in whole seconds and at least 1, where it has one.
   */
  static Optional<Long> retryAfterSeconds(StageException e) {
    return retryAfterOf(e).map(d -> Math.max(1, d.toSeconds()));
  }

  /** The OIP error body, {@code {"error": message}}, for answers written outside the REST layer. */
  static byte[] errorBody(ObjectMapper json, String message) {
    try {
      return json.writeValueAsBytes(Map.of("error", String.valueOf(message)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an error body", e);
    }
  }

  private static Optional<Duration> retryAfterOf(StageException e) {
    if (e instanceof QueueFullException q) {
      return Optional.of(q.retryAfter());
    } else if (e instanceof ModelNotReadyException) {
      return Optional.of(Duration.ofSeconds(1));
    } else if (e instanceof DownstreamException d) {
      return d.retryAfter();
    }
    return Optional.empty();
  }
}
