package dev.strata.runtime.oip;

/** Header names of the data plane. */
public final class OipHeaders {
  private OipHeaders() {}

  /** OIP binary tensor extension: length of the JSON header at the start of the body. */
  public static final String HEADER_LENGTH = "Inference-Header-Content-Length";

  /** Placement revision the sending stage served the request on. */
  public static final String REVISION = "Strata-Revision";

  /** Segments the sending stage ran, {@code from-to} (to exclusive). */
  public static final String RANGE = "Strata-Range";

  /** Remaining time budget of the request, in milliseconds. */
  public static final String DEADLINE_MS = "Strata-Deadline-Ms";
}
