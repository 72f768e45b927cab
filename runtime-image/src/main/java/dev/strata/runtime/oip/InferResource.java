package dev.strata.runtime.oip;

import dev.strata.core.graph.TensorInfo;
import dev.strata.runtime.control.StageRuntime;
import dev.strata.runtime.engine.ModelNotReadyException;
import dev.strata.runtime.engine.StageException;
import dev.strata.runtime.engine.StageTable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open Inference Protocol v2 endpoints for health and metadata; infer is served by {@link
 * InferRoute}.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class InferResource {
  private final StageRuntime runtime;

  public InferResource(StageRuntime runtime) {
    this.runtime = runtime;
  }

  @GET
  public Map<String, Object> server() {
    return Map.of(
        "name", "strata-runtime", "version", "0.1.0", "extensions", List.of("binary_tensor_data"));
  }

  @GET
  @Path("/health/live")
  public Map<String, Object> live() {
    return Map.of("live", true);
  }

  /** Ready when the model is loaded and a revision is committed. */
  @GET
  @Path("/health/ready")
  public Response ready() {
    try {
      if (runtime.loaded().table().committed().isPresent()) {
        return Response.ok(Map.of("ready", true)).build();
      }
      return notReady("no revision committed yet");
    } catch (ModelNotReadyException e) {
      return notReady(e.getMessage());
    }
  }

  @GET
  @Path("/models/{name}/ready")
  public Response modelReady(@PathParam("name") String name) throws StageException {
    checkName(name);
    return ready();
  }

  /** Name, platform and the inputs and outputs of the committed range. */
  @GET
  @Path("/models/{name}")
  public Map<String, Object> metadata(@PathParam("name") String name) throws StageException {
    StageRuntime.Loaded loaded = checkName(name);
    StageTable table = loaded.table();
    int from = table.committed().map(a -> a.fromSegment()).orElse(0);
    int to = table.committed().map(a -> a.toSegment()).orElse(loaded.model().segmentCount());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", loaded.model().name());
    body.put("versions", List.of("1"));
    body.put("platform", "onnxruntime_onnx");
    body.put("inputs", List.of(describe(loaded.model().inputOf(from))));
    body.put("outputs", List.of(describe(loaded.model().outputOf(to))));
    body.put(
        "parameters",
        Map.of(
            "segments", loaded.model().segmentCount(),
            "range", from + "-" + to,
            "revision", table.committed().map(a -> a.revision()).orElse(-1L)));
    return body;
  }

  private StageRuntime.Loaded checkName(String name) throws StageException {
    return checkName(runtime, name);
  }

  /** The loaded model, if it is the one named in the path. */
  static StageRuntime.Loaded checkName(StageRuntime runtime, String name) throws StageException {
    StageRuntime.Loaded loaded = runtime.loaded();
    if (!loaded.model().name().equals(name)) {
      throw new UnknownModelException(
          "model \""
              + name
              + "\" is not served here; this worker serves \""
              + loaded.model().name()
              + "\"");
    }
    return loaded;
  }

  private static Map<String, Object> describe(TensorInfo t) {
    return Map.of("name", t.name(), "datatype", t.datatype(), "shape", t.shape());
  }

  private static Response notReady(String reason) {
    return Response.status(503).entity(Map.of("ready", false, "reason", reason)).build();
  }
}
