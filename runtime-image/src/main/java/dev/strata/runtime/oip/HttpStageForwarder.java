package dev.strata.runtime.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.runtime.engine.Assignment;
import dev.strata.runtime.engine.DeadlineExceededException;
import dev.strata.runtime.engine.DownstreamException;
import dev.strata.runtime.engine.NamedTensor;
import dev.strata.runtime.engine.StageException;
import dev.strata.runtime.engine.StageForwarder;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;

/**
 * Sends an activation to the next stage as a binary OIP v2 infer request carrying the sender's
 * revision, range and remaining deadline, over the shared keep-alive {@link HopClient}.
 */
public final class HttpStageForwarder implements StageForwarder {
  private final HopClient http;
  private final OipCodec codec;
  private final ObjectMapper json;
  private final String modelName;
  private final StageMetrics metrics;
  private final Clock clock;

  public HttpStageForwarder(
      HopClient http,
      OipCodec codec,
      ObjectMapper json,
      String modelName,
      StageMetrics metrics,
      Clock clock) {
    this.http = http;
    this.codec = codec;
    this.json = json;
    this.modelName = modelName;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public NamedTensor forward(Assignment sender, NamedTensor activation, Instant deadline)
      throws StageException {
    URI next = sender.next().orElseThrow();
    Duration remaining = Duration.between(clock.instant(), deadline);
    if (remaining.isNegative() || remaining.isZero()) {
      throw new DeadlineExceededException("deadline ran out before forwarding to " + next);
    }
    EncodedBody body = codec.encodeHop(activation, sender.wirePrecision());
    Map<String, String> headers =
        Map.of(
            "Content-Type",
            body.contentType(),
            OipHeaders.HEADER_LENGTH,
            Integer.toString(body.headerLength().getAsInt()),
            OipHeaders.REVISION,
            Long.toString(sender.revision()),
            OipHeaders.RANGE,
            sender.range(),
            OipHeaders.DEADLINE_MS,
            Long.toString(Math.max(1, remaining.toMillis())));
    HopClient.Reply response;
    try {
      response =
          http.post(
              next.resolve("/v2/models/" + modelName + "/infer"), headers, body.bytes(), remaining);
    } catch (TimeoutException e) {
      throw new DeadlineExceededException("deadline ran out waiting for next stage " + next);
    } catch (IOException e) {
      throw new DownstreamException(
          502, "next stage " + next + " is unreachable: " + e.getMessage(), Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownstreamException(
          502, "interrupted while waiting for next stage " + next, Optional.empty());
    }
    metrics.toNext(body.bytes().length);
    metrics.fromNext(response.body().length);
    if (response.status() != 200) {
      throw new DownstreamException(
          response.status(),
          "next stage " + next + ": " + errorText(response.body()),
          response.header("Retry-After").map(s -> Duration.ofSeconds(Long.parseLong(s.trim()))));
    }
    OptionalInt headerLength =
        response
            .header(OipHeaders.HEADER_LENGTH)
            .map(s -> OptionalInt.of(Integer.parseInt(s.trim())))
            .orElse(OptionalInt.empty());
    try {
      List<NamedTensor> outputs = codec.decodeResponse(response.body(), headerLength);
      return outputs.get(0);
    } catch (MalformedRequestException e) {
      throw new DownstreamException(
          502,
          "next stage " + next + " sent a malformed response: " + e.getMessage(),
          Optional.empty());
    }
  }

  private String errorText(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      if (node != null && node.hasNonNull("error")) {
        return node.get("error").asText();
      }
    } catch (IOException e) {
      // not JSON: fall through to the raw text
    }
    return new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }
}
