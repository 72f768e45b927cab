package dev.strata.runtime.oip;

import java.util.OptionalInt;

/**
 * A request or response body ready to send.
 *
 * @param bytes the body
 * @param headerLength the {@code Inference-Header-Content-Length} value when the body uses the
 *     binary tensor extension
 */
public record EncodedBody(byte[] bytes, OptionalInt headerLength) {

  /** Content type to send with it. */
  public String contentType() {
    return headerLength.isPresent() ? "application/octet-stream" : "application/json";
  }
}
