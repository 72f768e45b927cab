package dev.strata.runtime.control;

import dev.strata.runtime.config.WorkerConfig;
import dev.strata.runtime.control.ControlDtos.AssignmentStatus;
import dev.strata.runtime.control.ControlDtos.AssignmentView;
import dev.strata.runtime.control.ControlDtos.CommitRequest;
import dev.strata.runtime.control.ControlDtos.PrepareRequest;
import dev.strata.runtime.control.ControlDtos.PrepareResponse;
import dev.strata.runtime.control.ControlDtos.ProbeRequest;
import dev.strata.runtime.control.ControlDtos.ProfileRequest;
import dev.strata.runtime.control.ControlDtos.WorkerStatus;
import dev.strata.runtime.engine.Assignment;
import dev.strata.runtime.engine.DownstreamException;
import dev.strata.runtime.engine.InvalidAssignmentException;
import dev.strata.runtime.engine.ModelNotReadyException;
import dev.strata.runtime.engine.StageException;
import dev.strata.runtime.engine.StageTable;
import dev.strata.runtime.engine.WirePrecision;
import dev.strata.runtime.oip.HopClient;
import dev.strata.runtime.oip.StageMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Control API (bearer token, see {@link ControlTokenFilter}): two-phase assignment, profile, probe
 * and the probe sink. Documented in runtime-image/README.md.
 */
@Path("/control")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ControlResource {
  private final StageRuntime runtime;
  private final WorkerConfig config;
  private final StageMetrics metrics;
  private final HopClient http;
  private final Clock clock;

  public ControlResource(
      StageRuntime runtime,
      WorkerConfig config,
      StageMetrics metrics,
      HopClient http,
      Clock clock) {
    this.runtime = runtime;
    this.config = config;
    this.metrics = metrics;
    this.http = http;
    this.clock = clock;
  }

  /** Phase one: build the session of a new revision while the committed one keeps serving. */
  @POST
  @Path("/prepare")
  @Consumes(MediaType.APPLICATION_JSON)
  public PrepareResponse prepare(PrepareRequest request) throws StageException {
    Assignment assignment = assignmentOf(request);
    Duration build = runtime.loaded().table().prepare(assignment);
    metrics.sessionBuilt(build);
    return new PrepareResponse(AssignmentView.of(assignment), build.toNanos() / 1e6);
  }

  /** Phase two: switch new requests to the prepared revision. */
  @POST
  @Path("/commit")
  @Consumes(MediaType.APPLICATION_JSON)
  public AssignmentStatus commit(CommitRequest request) throws StageException {
    if (request == null || request.revision() == null) {
      throw new InvalidAssignmentException("commit needs {\"revision\": N}");
    }
    StageTable table = runtime.loaded().table();
    table.commit(request.revision());
    return assignment();
  }

  @GET
  @Path("/assignment")
  public AssignmentStatus assignment() throws ModelNotReadyException {
    StageRuntime.Loaded loaded = runtime.loaded();
    StageTable table = loaded.table();
    OptionalLong sessionBytes = loaded.memory().sessionBytes();
    return new AssignmentStatus(
        table.committed().map(AssignmentView::of).orElse(null),
        table.prepared().map(AssignmentView::of).orElse(null),
        table.draining(),
        table.heldRanges(),
        loaded.queue().depth(),
        sessionBytes.isPresent() ? Long.valueOf(sessionBytes.getAsLong()) : null);
  }

  /** Model load state (the operator reads load errors here) and the assignment. */
  @GET
  @Path("/status")
  public WorkerStatus status() {
    try {
      StageRuntime.Loaded loaded = runtime.loaded();
      return new WorkerStatus(
          loaded.model().name(),
          runtime.modelUri(),
          "Ready",
          null,
          loaded.model().segmentCount(),
          assignment());
    } catch (ModelNotReadyException e) {
      String phase = runtime.failure().isPresent() ? "Failed" : "Loading";
      return new WorkerStatus(null, runtime.modelUri(), phase, e.getMessage(), 0, null);
    }
  }

  /** Runs each segment k times on this node and reports median time and peak memory. */
  @POST
  @Path("/profile")
  @Consumes(MediaType.APPLICATION_JSON)
  public SegmentProfiler.ProfileReport profile(ProfileRequest request) throws StageException {
    int runs = request == null || request.runs() == null ? 5 : request.runs();
    int warmup = request == null || request.warmup() == null ? 1 : request.warmup();
    if (runs < 1 || runs > 1000 || warmup < 0 || warmup > 100) {
      throw new InvalidAssignmentException(
          "profile needs 1 <= runs <= 1000 and 0 <= warmup <= 100, got runs="
              + runs
              + " warmup="
              + warmup);
    }
    StageRuntime.Loaded loaded = runtime.loaded();
    SegmentProfiler.ProfileReport report =
        new SegmentProfiler(loaded.model(), loaded.sessions(), new ProcessMemory(), clock)
            .profile(runs, warmup);
    metrics.profiled();
    return report;
  }

  /** Measures RTT and throughput to another worker's sink. */
  @POST
  @Path("/probe")
  @Consumes(MediaType.APPLICATION_JSON)
  public LinkProber.ProbeReport probe(ProbeRequest request) throws StageException {
    if (request == null || request.target() == null) {
      throw new InvalidAssignmentException(
          "probe needs {\"target\": \"http://host:port\", \"sizes\": [bytes...]}");
    }
    List<Long> sizes =
        request.sizes() == null || request.sizes().isEmpty()
            ? List.of(65_536L, 1_048_576L)
            : request.sizes();
    int repeats = request.repeats() == null ? 3 : request.repeats();
    if (repeats < 1
        || repeats > 100
        || sizes.stream().anyMatch(s -> s < 0 || s > config.maxPayloadBytes())
        || request.budgetMs() != null && request.budgetMs() < 1) {
      throw new InvalidAssignmentException(
          "probe needs 1 <= repeats <= 100, sizes within 0.."
              + config.maxPayloadBytes()
              + " bytes and budgetMs >= 1 when given");
    }
    Optional<Duration> budget = Optional.ofNullable(request.budgetMs()).map(Duration::ofMillis);
    URI target = uriOf(request.target(), "target");
    String token = ControlTokenFilter.readToken(config).orElse("");
    try {
      LinkProber.ProbeReport report =
          new LinkProber(http, clock).probe(target, sizes, repeats, token, budget);
      metrics.probed(report.bytesUsed());
      return report;
    } catch (IOException e) {
      throw new DownstreamException(
          502, "probe of " + target + " failed: " + e.getMessage(), Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownstreamException(502, "probe of " + target + " interrupted", Optional.empty());
    }
  }

  /** Receiving side of a probe: reads the body and says how many bytes arrived. */
  @POST
  @Path("/sink")
  @Consumes(MediaType.WILDCARD)
  public Map<String, Long> sink(InputStream body) throws IOException {
    return Map.of("bytes", body.transferTo(OutputStream.nullOutputStream()));
  }

  private Assignment assignmentOf(PrepareRequest r) throws InvalidAssignmentException {
    if (r == null || r.revision() == null || r.fromSegment() == null || r.toSegment() == null) {
      throw new InvalidAssignmentException(
          "prepare needs {\"revision\": N, \"fromSegment\": A, \"toSegment\": B, \"next\":"
              + " \"http://host:port\" or null}");
    }
    WirePrecision precision;
    try {
      precision =
          WirePrecision.parse(
              r.wirePrecision() == null ? config.wirePrecision() : r.wirePrecision());
    } catch (IllegalArgumentException e) {
      throw new InvalidAssignmentException(e.getMessage());
    }
    Optional<URI> next =
        r.next() == null || r.next().isBlank()
            ? Optional.empty()
            : Optional.of(uriOf(r.next(), "next"));
    return new Assignment(r.revision(), r.fromSegment(), r.toSegment(), next, precision);
  }

  private static URI uriOf(String text, String field) throws InvalidAssignmentException {
    try {
      URI uri = URI.create(text.trim());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL with a host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new InvalidAssignmentException(
          field
              + " \""
              + text
              + "\" must be a base URL such as http://10.0.0.7:8080: "
              + e.getMessage());
    }
  }
}
