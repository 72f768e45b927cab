package dev.strata.runtime.control;

import dev.strata.runtime.config.WorkerConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards {@code /control}: every call needs {@code Authorization: Bearer <token>} matching the
 * token file (a mounted Secret). The file is read on each call, so a rotated Secret takes effect
 * without a restart. Without a configured token file the control API refuses every call.
 */
public class ControlTokenFilter {
  private final WorkerConfig config;

  public ControlTokenFilter(WorkerConfig config) {
    this.config = config;
  }

  @ServerRequestFilter(preMatching = true)
  public Optional<Response> checkToken(ContainerRequestContext request) {
    if (!request.getUriInfo().getPath().startsWith("/control")) {
      return Optional.empty();
    }
    Optional<Path> file = config.tokenFile();
    if (file.isEmpty()) {
      return refuse("control API disabled: no token file configured (strata.token-file)");
    }
    Optional<String> token = readToken(config);
    if (token.isEmpty()) {
      return refuse("control API disabled: cannot read token file " + file.get());
    }
    String expected = token.get();
    String header = request.getHeaderString("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return refuse("missing bearer token: send Authorization: Bearer <token from the Secret>");
    }
    byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
    if (expected.isEmpty()
        || !MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8))) {
      return refuse("bearer token does not match this worker's token");
    }
    return Optional.empty();
  }

  /** The token from the configured file, trimmed; empty when unset or unreadable. */
  static Optional<String> readToken(WorkerConfig config) {
    try {
      return config.tokenFile().isEmpty()
          ? Optional.empty()
          : Optional.of(Files.readString(config.tokenFile().get(), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Response> refuse(String message) {
    return Optional.of(
        Response.status(401)
            .header("WWW-Authenticate", "Bearer")
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(Map.of("error", message))
            .build());
  }
}
