package dev.strata.operator.adapter;

import dev.strata.operator.adapter.StageProtocol.AssignmentStatus;
import dev.strata.operator.adapter.StageProtocol.AssignmentView;
import dev.strata.operator.adapter.StageProtocol.PrepareRequest;
import dev.strata.operator.adapter.StageProtocol.PrepareResponse;
import dev.strata.operator.adapter.StageProtocol.ProbeReport;
import dev.strata.operator.adapter.StageProtocol.ProbeRequest;
import dev.strata.operator.adapter.StageProtocol.ProfileReport;
import dev.strata.operator.adapter.StageProtocol.ProfileRequest;
import dev.strata.operator.adapter.StageProtocol.WorkerStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link StageClient} that records prepare and commit calls and can fail one stage's commit. */
public final class RecordingStageClient implements StageClient {

  /** One recorded call: {@code "prepare"} or {@code "commit"}, the stage, the request. */
  public record Call(String kind, URI stage, Object request) {}

  public final List<Call> calls = new ArrayList<>();
  public Optional<URI> failCommitOn = Optional.empty();

  @Override
  public WorkerStatus status(URI stage, String token) {
    return new WorkerStatus("m", "builtin:m", "Ready", null, 1, null);
  }

  @Override
  public ProfileReport profile(URI stage, String token, ProfileRequest request) {
    throw new UnsupportedOperationException("not recorded");
  }

  @Override
  public ProbeReport probe(URI stage, String token, ProbeRequest request) {
    throw new UnsupportedOperationException("not recorded");
  }

  @Override
  public PrepareResponse prepare(URI stage, String token, PrepareRequest request) {
    calls.add(new Call("prepare", stage, request));
    return new PrepareResponse(
        new AssignmentView(
            request.revision(), request.fromSegment(), request.toSegment(), request.next(), "fp32"),
        1.0);
  }

  @Override
  public AssignmentStatus commit(URI stage, String token, long revision) {
    calls.add(new Call("commit", stage, revision));
    if (failCommitOn.filter(stage::equals).isPresent()) {
      throw new StageCallException(stage, "/control/commit", 500, "refused", null);
    }
    return new AssignmentStatus(null, null, 0, null);
  }
}
