package dev.strata.runtime.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.exec.Tensor;
import dev.strata.core.graph.Cut;
import dev.strata.core.graph.ModelGraph;
import dev.strata.core.graph.OnnxModel;
import dev.strata.core.graph.TensorInfo;
import dev.strata.core.models.BuiltinModels;
import dev.strata.runtime.engine.OrtSessionFactory;
import dev.strata.runtime.engine.RangeModel;
import dev.strata.runtime.engine.StageSession;
import dev.strata.runtime.oip.HopClient;
import dev.strata.runtime.oip.OipHeaders;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code make bench-runtime}: the stage worker against ONNX Runtime called directly.
 *
 * <ol>
 *   <li>Single-stage overhead at batch 1: median end-to-end time of a binary OIP request to one
 *       worker running the whole model, against the median of the same session called directly in
 *       this process (timed in separate blocks, never interleaved). The request bytes are encoded
 *       once, so that the caller's own encoding is not in the worker's time. The BENCH keys use the
 *       {@link HopClient} as caller, the client stages use among themselves; the JDK client's
 *       figures are beside them. Beside those, the transport: the same bytes posted to the worker's
 *       probe sink, which reads the body and answers a few bytes of JSON, with no decode and no
 *       run.
 *   <li>Per-hop cost on loopback per cut size: {@code /control/probe} between two workers with the
 *       byte sizes of VGG16's cut tensors.
 *   <li>Switch: time from the first prepare to the last commit when re-partitioning a three-stage
 *       VGG16 chain under load, with the number of failed requests.
 * </ol>
 *
 * Prints a table under bench/results/ and, last, one {@code BENCH runtime ...} line.
 */
public final class RuntimeBench {
  private static final int THREADS = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int WARMUP = 20;

  private RuntimeBench() {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results");
    Files.createDirectories(results);
    StringBuilder table = new StringBuilder("# Stage worker benchmark\n\n");
    table
        .append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ")
        .append(System.getProperty("os.arch"))
        .append("; ONNX Runtime intra-op threads ")
        .append(THREADS)
        .append(", batch 1; load average before the run ")
        .append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0])
        .append(" (the machine is shared: figures move with other processes' load).\n\n");

    table
        .append("## Single-stage overhead (whole model in one worker vs direct ONNX Runtime)\n\n")
        .append(
            "Callers: the hop client (plain-socket HTTP/1.1, the one stages use among themselves)"
                + " and the JDK HTTP client. Served before timing: the infer requests the worker"
                + " answered before the timed ones (warm-up), and the range they ran on. In-worker overhead: the worker's own request time"
                + " minus its ONNX Runtime time, from its metrics (both callers). Transport: the"
                + " same request bytes posted to the worker's probe sink, which reads them and"
                + " answers a few bytes, with no decode and no run.\n\n")
        .append(
            "| model | served before timing | on range | runs | direct median ms | worker median ms | overhead ms | ratio |"
                + " worker median ms, JDK client | overhead ms, JDK client | ratio, JDK client |"
                + " in-worker overhead ms | transport median ms | transport median ms, JDK"
                + " client |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    // Timed once the worker has served enough requests for its request path to run compiled by
    // the JIT's top tier, as in a worker that has been serving: MobileNetV2's overhead was 4.3 ms
    // after 140 requests and 0.7-1.9 ms after 1,800-8,200 (one worker, 2026-11-26). VGG16's whole
    // model takes 70-170 ms a run, so its worker serves those requests on the range after the
    // last pooling (flatten and classifier, under 1% of the model's multiply-adds) and then gets
    // the whole model: the request path (receive, decode, checks, queue, encode, answer) is the
    // same code for every range. With 40 requests on the whole model instead, VGG16's overhead was
    // 4.4 ms, in-worker 2.2 ms (2026-11-27); after the range's 3,000, 2.8 and 1.2 ms.
    // 60 requests per caller for VGG16: with 30, the ratio moved by up to 0.056 between runs on
    // this machine. Six rounds, so that a change of load falls on all the callers alike.
    double[] vgg = overhead("vgg16", 31, 3000, 60, table);
    double[] mobilenet = overhead("mobilenet_v2", 0, 3000, 600, table);

    table
        .append(
            "\n## Per-hop cost on loopback per VGG16 cut size (/control/probe, median of 9, transfer only: no tensor encoding)\n\n")
        .append("| cut | tensor | bytes | hop ms | MB/s |\n|---|---|---|---|---|\n");
    hops(table);

    table.append("\n## Re-partition of a three-stage VGG16 chain under load\n\n");
    double[] sw = switchUnderLoad(table);

    table.append("\n## Memory of a range change on one worker (VGG16, flatten onto the stage)\n\n");
    double extendMb = extensionMemory(table);

    table.append(
        "\n## Memory of a worker that profiled, then built a range (VGG16, heap as on the emulated"
            + " edge)\n\n");
    double profiledMb = profiledMemory(table);

    Files.writeString(results.resolve("runtime.md"), table.toString());
    System.out.println(table);
    System.out.printf(
        "BENCH runtime overhead_ratio_vgg16=%.3f overhead_ms_mobilenet_v2=%.3f switch_s_vgg16=%.2f"
            + " failed_requests=%d overhead_ratio_vgg16_jdk_client=%.3f"
            + " overhead_ms_mobilenet_v2_jdk_client=%.3f extend_mb_vgg16=%.1f"
            + " profiled_anon_mb_vgg16=%.0f%n",
        vgg[1] / vgg[0],
        mobilenet[1] - mobilenet[0],
        sw[0],
        (long) sw[1],
        vgg[2] / vgg[0],
        mobilenet[2] - mobilenet[0],
        extendMb,
        profiledMb);
  }

  /**
   * Anonymous memory (what a memory limit cannot reclaim) of a worker with the emulated edge's heap
   * (a quarter of 512 MiB) after it profiled every segment of VGG16 and then built and served
   * {@code [0,31)}, the range the edge holds in most placements. Closed sessions leave memory in
   * the C allocator unless it is trimmed; the heap grows to its cap.
   *
   * @return the anonymous memory at the end, in MB
   */
  private static double profiledMemory(StringBuilder table) throws Exception {
    String name = "vgg16";
    OipClient.Encoded request = vgg16Request();
    long[] anon = new long[4];
    try (WorkerProcess w =
        WorkerProcess.start(
            "bench-profiled",
            Map.of(
                "strata.model-uri", "builtin:" + name + "?seed=7", "strata.intra-op-threads", "1"),
            "128m")) {
      anon[0] = w.anonymousBytes();
      w.control("POST", "/control/profile", Map.of("runs", 3, "warmup", 1)).expect(200);
      anon[1] = w.anonymousBytes();
      w.prepare(1, 0, 31, null, "fp32");
      w.commit(1);
      anon[2] = w.anonymousBytes();
      for (int i = 0; i < 2; i++) {
        expectOk(
            OipClient.send(w.base(), name, request.bytes(), request.headerLength()).statusCode());
      }
      anon[3] = w.anonymousBytes();
    }
    double mb = 1e6;
    table.append(
        String.format(
            "Worker heap -Xmx128m, one intra-op thread; anonymous resident memory (RssAnon) once the"
                + " model loaded: %.0f MB; after profiling its 37 segments (3 runs, 1 warm-up): %.0f"
                + " MB; with [0,31) committed: %.0f MB; after 2 requests on it: %.0f MB. The emulated"
                + " edge's limit is 512 MiB (537 MB).%n",
            anon[0] / mb, anon[1] / mb, anon[2] / mb, anon[3] / mb));
    return anon[3] / mb;
  }

  /**
   * Resident memory a worker gains when its range grows from VGG16's convolutions {@code [0,31)} to
   * {@code [0,32)} (the flatten), the move that got an edge worker killed at its 512 MiB limit when
   * it built the new range as a second session. Heap capped as on a small node; two requests on
   * each range so that ONNX Runtime's working memory is in.
   *
   * @return the gain in MB
   */
  private static double extensionMemory(StringBuilder table) throws Exception {
    String name = "vgg16";
    OipClient.Encoded request = vgg16Request();
    long[] resident = new long[3];
    double buildMs;
    try (WorkerProcess w =
        WorkerProcess.start(
            "bench-extend",
            Map.of(
                "strata.model-uri",
                "builtin:" + name + "?seed=7",
                "strata.intra-op-threads",
                Integer.toString(THREADS)),
            "256m")) {
      resident[0] = w.residentBytes();
      w.prepare(1, 0, 31, null, "fp32");
      w.commit(1);
      for (int i = 0; i < 2; i++) {
        expectOk(
            OipClient.send(w.base(), name, request.bytes(), request.headerLength()).statusCode());
      }
      resident[1] = w.residentBytes();
      buildMs = w.prepare(2, 0, 32, null, "fp32").path("sessionBuildMs").asDouble();
      w.commit(2);
      for (int i = 0; i < 2; i++) {
        expectOk(
            OipClient.send(w.base(), name, request.bytes(), request.headerLength()).statusCode());
      }
      resident[2] = w.residentBytes();
    }
    double mb = 1e6;
    double gain = (resident[2] - resident[1]) / mb;
    table.append(
        String.format(
            "Worker heap -Xmx256m; resident memory (VmRSS) after the model loaded: %.0f MB; with"
                + " [0,31) committed and 2 requests served: %.0f MB; with [0,32) committed beside it"
                + " and 2 requests served on it: %.0f MB (%+.1f MB; [0,32) prepared in %.1f ms).%n",
            resident[0] / mb, resident[1] / mb, resident[2] / mb, gain, buildMs));
    return gain;
  }

  /**
   * Returns {direct median ms, worker median ms with the hop client, worker median ms with the JDK
   * client}. Each is timed in its own block, the blocks alternating (never interleaved request by
   * request), so that load from other processes on the machine falls on all alike.
   *
   * @param servedFrom the first segment of the range the worker serves its untimed requests on, to
   *     the model's end; 0 for the whole model
   * @param served untimed infer requests from the hop client, each followed by the same bytes to
   *     the sink from both clients in turn; after them the worker gets the whole model and every
   *     call runs {@link #WARMUP} untimed rounds before the timed blocks
   */
  private static double[] overhead(
      String name, int servedFrom, int served, int runs, StringBuilder table) throws Exception {
    OnnxModel model = OnnxModel.of(BuiltinModels.build(name, 7), name);
    ModelGraph graph = ModelGraph.analyze(model);
    int segments = graph.segments().size();
    Tensor input = OipClient.randomInput(graph.inputs().get(0).shape(), 1);
    OipClient.Encoded request = OipClient.encodeBinary(graph.inputs().get(0).name(), input);
    OipClient.Encoded servedRequest = request;
    if (servedFrom > 0) {
      TensorInfo cut =
          graph.cuts().stream()
              .filter(c -> c.index() == servedFrom - 1)
              .findFirst()
              .orElseThrow()
              .tensor();
      servedRequest = OipClient.encodeBinary(cut.name(), OipClient.randomInput(cut.shape(), 1));
    }
    int rounds = 6;
    int perRound = runs / rounds;
    // direct, worker (hop client), worker (JDK client), sink (hop client), sink (JDK client)
    double[][] times = new double[5][rounds * perRound];
    double inWorker;
    try (StageSession session =
            new OrtSessionFactory(THREADS)
                .open(RangeModel.inline(java.nio.ByteBuffer.wrap(model.toBytes())));
        HopClient hops = new HopClient(Duration.ofSeconds(10));
        WorkerProcess w =
            WorkerProcess.start(
                "bench-" + name,
                Map.of(
                    "strata.model-uri",
                    "builtin:" + name + "?seed=7",
                    "strata.intra-op-threads",
                    Integer.toString(THREADS)),
                "4g")) {
      w.prepare(1, servedFrom, segments, null, "fp32");
      w.commit(1);
      URI infer = w.base().resolve("/v2/models/" + name + "/infer");
      Map<String, String> inferHeaders = binaryHeaders(request);
      URI sink = w.base().resolve("/control/sink");
      Map<String, String> sinkHeaders =
          Map.of(
              "Authorization",
              "Bearer " + WorkerProcess.TOKEN,
              "Content-Type",
              "application/octet-stream");
      List<Call> calls =
          List.of(
              () -> {
                session.run(input);
                return 200;
              },
              () -> hops.post(infer, inferHeaders, request.bytes(), TIMEOUT).status(),
              () ->
                  OipClient.send(w.base(), name, request.bytes(), request.headerLength())
                      .statusCode(),
              () -> hops.post(sink, sinkHeaders, request.bytes(), TIMEOUT).status(),
              () -> w.sink(request.bytes()));
      byte[] servedBytes = servedRequest.bytes();
      Map<String, String> servedHeaders = new LinkedHashMap<>(binaryHeaders(servedRequest));
      if (servedFrom > 0) {
        // As from a stage that ran the segments before.
        servedHeaders.put(OipHeaders.REVISION, "1");
        servedHeaders.put(OipHeaders.RANGE, "0-" + servedFrom);
      }
      for (int i = 0; i < served; i++) {
        expectOk(hops.post(infer, servedHeaders, servedBytes, TIMEOUT).status());
        // The JDK client's request path is warmed on the sink.
        expectOk(calls.get(3 + i % 2).run());
      }
      if (servedFrom > 0) {
        w.prepare(2, 0, segments, null, "fp32");
        w.commit(2);
      }
      for (int i = 0; i < WARMUP; i++) {
        for (Call call : calls) {
          expectOk(call.run());
        }
      }
      WorkerTimes afterWarmup = WorkerTimes.of(w);
      for (int round = 0; round < rounds; round++) {
        for (int c = 0; c < calls.size(); c++) {
          for (int i = 0; i < perRound; i++) {
            long start = System.nanoTime();
            int status = calls.get(c).run();
            times[c][round * perRound + i] = (System.nanoTime() - start) / 1e6;
            expectOk(status);
          }
        }
      }
      inWorker = WorkerTimes.of(w).overheadMsSince(afterWarmup);
    }
    double d = median(times[0]);
    double hop = median(times[1]);
    double jdk = median(times[2]);
    table.append(
        String.format(
            "| %s | %d | %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f"
                + " |%n",
            name,
            served + WARMUP * 2,
            servedFrom > 0
                ? "["
                    + servedFrom
                    + ","
                    + segments
                    + "), then "
                    + WARMUP * 2
                    + " on the whole model"
                : "whole model",
            times[0].length,
            d,
            hop,
            hop - d,
            hop / d,
            jdk,
            jdk - d,
            jdk / d,
            inWorker,
            median(times[3]),
            median(times[4])));
    return new double[] {d, hop, jdk};
  }

  /** A binary OIP request of VGG16's input, seeded. */
  private static OipClient.Encoded vgg16Request() throws Exception {
    ModelGraph graph = ModelGraph.analyze(OnnxModel.of(BuiltinModels.build("vgg16", 7), "vgg16"));
    TensorInfo in = graph.inputs().get(0);
    return OipClient.encodeBinary(in.name(), OipClient.randomInput(in.shape(), 1));
  }

  private static Map<String, String> binaryHeaders(OipClient.Encoded request) {
    return Map.of(
        "Content-Type",
        "application/octet-stream",
        "Inference-Header-Content-Length",
        Integer.toString(request.headerLength()));
  }

  /** One timed call: a direct run, or a request to the worker; returns the HTTP status. */
  @FunctionalInterface
  private interface Call {
    int run() throws Exception;
  }

  private static void expectOk(int status) {
    if (status != 200) {
      throw new IllegalStateException("worker answered HTTP " + status);
    }
  }

  /**
   * The worker's request and compute time sums and counts from its own metrics. Between two
   * snapshots they give the mean time the worker spent on a request outside the session run (body
   * read, decode, checks, queue, encode); transport and the HTTP server's thread hand-offs are not
   * in it.
   */
  private record WorkerTimes(double requestSum, double requests, double computeSum, double runs) {
    static WorkerTimes of(WorkerProcess w) throws Exception {
      String metrics = w.metrics();
      return new WorkerTimes(
          WorkerProcess.sample(
              metrics, "strata_stage_request_seconds_sum{outcome=\"ok\",role=\"entry\"}"),
          WorkerProcess.sample(
              metrics, "strata_stage_request_seconds_count{outcome=\"ok\",role=\"entry\"}"),
          WorkerProcess.sample(metrics, "strata_stage_compute_seconds_sum"),
          WorkerProcess.sample(metrics, "strata_stage_compute_seconds_count"));
    }

    double overheadMsSince(WorkerTimes before) {
      return ((requestSum - before.requestSum) / (requests - before.requests)
              - (computeSum - before.computeSum) / (runs - before.runs))
          * 1e3;
    }
  }

  private static void hops(StringBuilder table) throws Exception {
    ModelGraph graph = ModelGraph.analyze(OnnxModel.of(BuiltinModels.build("vgg16", 7), "vgg16"));
    Map<Long, Cut> bySize = new LinkedHashMap<>();
    for (Cut c : graph.cuts()) {
      bySize.putIfAbsent(c.tensor().bytes(), c);
    }
    Map<String, String> settings = Map.of("strata.model-uri", "builtin:mobilenet_v2?seed=7");
    try (WorkerProcess a = WorkerProcess.start("bench-hop-a", settings);
        WorkerProcess b = WorkerProcess.start("bench-hop-b", settings)) {
      JsonNode report =
          a.control(
                  "POST",
                  "/control/probe",
                  Map.of(
                      "target",
                      b.base().toString(),
                      "sizes",
                      List.copyOf(bySize.keySet()),
                      "repeats",
                      9))
              .expect(200)
              .json();
      int i = 0;
      for (Cut c : bySize.values()) {
        JsonNode r = report.path("sizes").get(i++);
        double ms = r.path("medianMs").asDouble();
        table.append(
            String.format(
                "| %d | %s %s | %d | %.3f | %.1f |%n",
                c.index(),
                c.tensor().name(),
                Arrays.toString(c.tensor().shape()),
                c.tensor().bytes(),
                ms,
                c.tensor().bytes() / 1e3 / ms));
      }
      table.append(
          String.format(
              "%nRTT (empty body) %.3f ms; probe used %d bytes.%n",
              report.path("rttMs").asDouble(), report.path("bytesUsed").asLong()));
    }
  }

  /** Returns {seconds from first prepare to last commit, failed requests}. */
  private static double[] switchUnderLoad(StringBuilder table) throws Exception {
    String name = "vgg16";
    OnnxModel model = OnnxModel.of(BuiltinModels.build(name, 7), name);
    ModelGraph graph = ModelGraph.analyze(model);
    int n = graph.segments().size();
    Tensor input = OipClient.randomInput(graph.inputs().get(0).shape(), 3);
    Tensor expected;
    try (StageSession whole =
        new OrtSessionFactory(THREADS)
            .open(RangeModel.inline(java.nio.ByteBuffer.wrap(model.toBytes())))) {
      expected = whole.run(input);
    }
    model = null;
    Map<String, String> settings =
        Map.of(
            "strata.model-uri",
            "builtin:vgg16?seed=7",
            "strata.drain-period",
            "5s",
            "strata.intra-op-threads",
            "1");
    List<WorkerProcess> stages = new ArrayList<>();
    try {
      for (String tier : List.of("edge", "fog", "cloud")) {
        stages.add(WorkerProcess.start("bench-switch-" + tier, settings, "4g"));
      }
      int[] first = {n / 4, n / 2};
      int[] second = {n / 3, 2 * n / 3};
      place(stages, 1, first[0], first[1], n);
      for (WorkerProcess s : stages) {
        s.commit(1);
      }
      String inputName = graph.inputs().get(0).name();
      double seconds;
      try (LoadGenerator load =
          new LoadGenerator(
              stages.get(0).base(),
              name,
              inputName,
              input,
              expected,
              1,
              2_000,
              Duration.ofSeconds(180))) {
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> load.servedOn(1) >= 5);
        long start = System.nanoTime();
        // The operator prepares every stage in parallel, then commits.
        List<CompletableFuture<JsonNode>> prepares = new ArrayList<>();
        int[][] ranges = {{0, second[0]}, {second[0], second[1]}, {second[1], n}};
        for (int i = 0; i < stages.size(); i++) {
          int k = i;
          prepares.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return stages
                          .get(k)
                          .prepare(
                              2,
                              ranges[k][0],
                              ranges[k][1],
                              k + 1 < stages.size() ? stages.get(k + 1) : null,
                              "fp32");
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }));
        }
        CompletableFuture.allOf(prepares.toArray(CompletableFuture[]::new))
            .get(120, TimeUnit.SECONDS);
        for (WorkerProcess s : stages) {
          s.commit(2);
        }
        seconds = (System.nanoTime() - start) / 1e9;
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> load.servedOn(2) >= 5);
        load.close();
        table.append(
            String.format(
                "Ranges %d-%d-%d -> %d-%d-%d of %d segments, one client in a closed loop: prepare+commit %.2f s,"
                    + " %d requests answered (%d on the new revision), %d failed.%n",
                first[0],
                first[1],
                n,
                second[0],
                second[1],
                n,
                n,
                seconds,
                load.succeeded(),
                load.servedOn(2),
                load.failures().size()));
        load.failures().stream().limit(5).forEach(f -> table.append("- ").append(f).append('\n'));
        table.append("Session build (extract + ONNX Runtime) per stage under load, ms:");
        for (CompletableFuture<JsonNode> p : prepares) {
          table.append(String.format(" %.0f", p.get().path("sessionBuildMs").asDouble()));
        }
        long idleStart = System.nanoTime();
        JsonNode[] idle = new JsonNode[stages.size()];
        // Ranges no revision used before, so that every stage builds a new session.
        int[][] back = {{0, n / 6}, {n / 6, 5 * n / 9}, {5 * n / 9, n}};
        for (int i = stages.size() - 1; i >= 0; i--) {
          idle[i] =
              stages
                  .get(i)
                  .prepare(
                      3,
                      back[i][0],
                      back[i][1],
                      i + 1 < stages.size() ? stages.get(i + 1) : null,
                      "fp32");
        }
        for (WorkerProcess s : stages) {
          s.commit(3);
        }
        double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
        table.append(
            String.format(
                ".%nA switch to ranges %d-%d-%d without load, stages prepared one after another: %.2f s"
                    + " (session builds, ms: %.0f %.0f %.0f).%n",
                back[0][1],
                back[1][1],
                n,
                idleSeconds,
                idle[0].path("sessionBuildMs").asDouble(),
                idle[1].path("sessionBuildMs").asDouble(),
                idle[2].path("sessionBuildMs").asDouble()));
        return new double[] {seconds, load.failures().size()};
      }
    } finally {
      stages.forEach(WorkerProcess::close);
    }
  }

  private static void place(List<WorkerProcess> stages, long rev, int a, int b, int n)
      throws Exception {
    stages.get(2).prepare(rev, b, n, null, "fp32");
    stages.get(1).prepare(rev, a, b, stages.get(2), "fp32");
    stages.get(0).prepare(rev, 0, a, stages.get(1), "fp32");
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
