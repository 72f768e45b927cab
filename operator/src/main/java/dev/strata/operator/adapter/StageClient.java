package dev.strata.operator.adapter;

import dev.strata.operator.adapter.StageProtocol.AssignmentStatus;
import dev.strata.operator.adapter.StageProtocol.PrepareRequest;
import dev.strata.operator.adapter.StageProtocol.PrepareResponse;
import dev.strata.operator.adapter.StageProtocol.ProbeReport;
import dev.strata.operator.adapter.StageProtocol.ProbeRequest;
import dev.strata.operator.adapter.StageProtocol.ProfileReport;
import dev.strata.operator.adapter.StageProtocol.ProfileRequest;
import dev.strata.operator.adapter.StageProtocol.WorkerStatus;
import java.net.URI;

/**
 * The stage runtime's control API. Every call carries the pipeline's bearer token. Implementations
 * throw {@link StageCallException} when the stage cannot be reached or answers with an error.
 */
public interface StageClient {

  /** {@code GET /control/status}. */
  WorkerStatus status(URI stage, String token);

  /** {@code POST /control/profile}. */
  ProfileReport profile(URI stage, String token, ProfileRequest request);

  /** {@code POST /control/probe}: {@code stage} measures the link to {@code request.target}. */
  ProbeReport probe(URI stage, String token, ProbeRequest request);

  /** {@code POST /control/prepare}. */
  PrepareResponse prepare(URI stage, String token, PrepareRequest request);

  /** {@code POST /control/commit}. */
  AssignmentStatus commit(URI stage, String token, long revision);
}
