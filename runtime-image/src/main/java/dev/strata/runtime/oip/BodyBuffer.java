package dev.strata.runtime.oip;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * A request body gathered chunk by chunk up to a limit: into one array of the declared length when
 * the request has a Content-Length (one copy per byte, no growth), into a growing array otherwise.
 * Bytes past the limit are counted and dropped.
 */
final class BodyBuffer {
  private final long limit;
  private byte[] data;
  private int size;
  private long offered;

  private BodyBuffer(byte[] data, long limit) {
    this.data = data;
    this.limit = limit;
  }

  /**
   * @param declared the Content-Length, or -1 when the request has none; a declared length over
   *     {@code limit} was refused before the body was read
   */
  static BodyBuffer expecting(long declared, long limit) {
    boolean fits = declared >= 0 && declared <= limit;
    return new BodyBuffer(new byte[fits ? (int) declared : 64 * 1024], limit);
  }

  /** Adds a chunk, or only counts it once the body has grown past the limit. */
  void append(Buffer chunk) {
    offered += chunk.length();
    if (offered > limit) {
      return;
    }
    if (offered > data.length) {
      data = Arrays.copyOf(data, (int) Math.min(limit, Math.max(offered, 2L * data.length)));
    }
    chunk.getBytes(0, chunk.length(), data, size);
    size = (int) offered;
  }

  boolean overLimit() {
    return offered > limit;
  }

  /** Bytes the sender has sent. */
  long offered() {
    return offered;
  }

  /** The body: the array itself when it was filled to its declared length. */
  byte[] bytes() {
    return size == data.length ? data : Arrays.copyOf(data, size);
  }
}
