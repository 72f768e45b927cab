package dev.strata.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Every stage of the tests in one in-process HTTP server that implements the runtime's control API
 * ({@code /control/status, profile, probe, prepare, commit}). The operator reaches it as an HTTP
 * proxy, so stage addresses keep their cluster form {@code
 * http://<pod>.<pipeline>-stages.<ns>.svc:8080} and the Host says which stage is meant. Links
 * between nodes have test-set bandwidth and RTT.
 */
final class FakeStage implements AutoCloseable {

  /** One recorded control call. */
  record Call(String node, String path, JsonNode body) {}

  /** Committed or prepared assignment of one stage. */
  record Assignment(long revision, int from, int to, String next) {}

  /** Per-segment time on a speed-1 node, ms, and bytes of each segment's output. */
  static final double[] SEGMENT_MS = {10, 20, 20, 15, 10, 5};

  static final long[] OUTPUT_BYTES = {802_816, 401_408, 200_704, 100_352, 25_088, 4_000};
  static final long INPUT_BYTES = 602_112;

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Double> speed = new ConcurrentHashMap<>();
  private final Map<String, double[]> links = new ConcurrentHashMap<>();
  private final Map<String, Assignment> committed = new ConcurrentHashMap<>();
  private final Map<String, Assignment> prepared = new ConcurrentHashMap<>();
  private final Map<String, String> failedModel = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<String> tokens = new CopyOnWriteArrayList<>();
  volatile boolean failCommits;

  /** Sessions of replaced revisions a node's stage reports as still draining (none by default). */
  final Map<String, Integer> drainingSessions = new ConcurrentHashMap<>();

  /** Memory a node's stage reports its sessions take (not reported by default). */
  final Map<String, Long> sessionBytes = new ConcurrentHashMap<>();

  /** Nodes whose stage answers every call with 502, as a proxy does for an unreachable host. */
  final java.util.Set<String> unreachable = ConcurrentHashMap.newKeySet();

  FakeStage() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** {@code host:port} to give the operator as its stage proxy. */
  String proxy() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** A node whose segments take {@code factor} times the base time. */
  void node(String name, double factor) {
    speed.put(name, factor);
  }

  void link(String a, String b, double mbps, double rttMs) {
    links.put(key(a, b), new double[] {mbps, rttMs});
  }

  /** Makes the stage on {@code node} report a failed model load with {@code error}. */
  void failModel(String node, String error) {
    failedModel.put(node, error);
  }

  Assignment committedOn(String node) {
    return committed.get(node);
  }

  long count(String node, String path) {
    return calls.stream().filter(c -> c.node().equals(node) && c.path().equals(path)).count();
  }

  /** The link each probe call from {@code calls[from..]} measured, in order, as "a|b" sorted. */
  List<String> probedLinks(int from) {
    List<String> out = new ArrayList<>();
    for (Call c : calls.subList(from, calls.size())) {
      if (c.path().equals("/control/probe")) {
        String target = nodeOf(URI.create(c.body().get("target").asText()).getHost());
        out.add(key(c.node(), target));
      }
    }
    return out;
  }

  static String link(String a, String b) {
    return key(a, b);
  }

  long count(String path) {
    return calls.stream().filter(c -> c.path().equals(path)).count();
  }

  /** Forgets what a stage had (as if its pod was recreated). */
  void reset(String node) {
    committed.remove(node);
    prepared.remove(node);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String host = hostOf(ex);
      String node = nodeOf(host);
      String path = ex.getRequestURI().getPath();
      byte[] in = ex.getRequestBody().readAllBytes();
      JsonNode body = in.length == 0 ? null : json.readTree(in);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.startsWith("Bearer ") || auth.length() < 20) {
        send(ex, 401, Map.of("error", "missing bearer token"));
        return;
      }
      tokens.add(auth.substring("Bearer ".length()));
      if (node == null) {
        send(ex, 502, Map.of("error", "unknown stage host " + host));
        return;
      }
      if (unreachable.contains(node)) {
        send(ex, 502, Map.of("error", "connect to " + host + ":8080 failed: no route to host"));
        return;
      }
      calls.add(new Call(node, path, body));
      switch (path) {
        case "/control/status" -> send(ex, 200, status(node));
        case "/control/profile" -> send(ex, 200, profile(node));
        case "/control/probe" -> probe(ex, node, body);
        case "/control/prepare" -> {
          Assignment a =
              new Assignment(
                  body.get("revision").asLong(),
                  body.get("fromSegment").asInt(),
                  body.get("toSegment").asInt(),
                  body.hasNonNull("next") ? body.get("next").asText() : null);
          prepared.put(node, a);
          send(ex, 200, Map.of("prepared", view(a), "sessionBuildMs", 1.0));
        }
        case "/control/commit" -> {
          long revision = body.get("revision").asLong();
          Assignment p = prepared.get(node);
          if (failCommits) {
            send(ex, 500, Map.of("error", "commit refused by the test"));
          } else if (p == null || p.revision() != revision) {
            send(ex, 409, Map.of("error", "revision " + revision + " was not prepared"));
          } else {
            committed.put(node, p);
            prepared.remove(node);
            send(ex, 200, assignment(node));
          }
        }
        default -> send(ex, 404, Map.of("error", "no such path " + path));
      }
    } catch (RuntimeException e) {
      send(ex, 500, Map.of("error", String.valueOf(e)));
    }
  }

  private Map<String, Object> status(String node) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (failedModel.containsKey(node)) {
      s.put("phase", "Failed");
      s.put("error", failedModel.get(node));
      s.put("segments", 0);
      return s;
    }
    s.put("model", "fake");
    s.put("modelUri", "builtin:fake");
    s.put("phase", "Ready");
    s.put("segments", SEGMENT_MS.length);
    s.put("assignment", assignment(node));
    return s;
  }

  private Map<String, Object> assignment(String node) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("committed", committed.containsKey(node) ? view(committed.get(node)) : null);
    a.put("prepared", prepared.containsKey(node) ? view(prepared.get(node)) : null);
    int draining = drainingSessions.getOrDefault(node, 0);
    a.put("draining", draining > 0 ? List.of(0L) : List.of());
    a.put("sessions", sessions(committed.get(node), prepared.get(node)) + draining);
    a.put("queueDepth", 0);
    if (sessionBytes.containsKey(node)) {
      a.put("sessionBytes", sessionBytes.get(node));
    }
    return a;
  }

  // As the runtime counts them: one per non-empty range, a prepared range equal to the committed
  // one sharing its session.
  private static int sessions(Assignment committed, Assignment prepared) {
    int n = committed != null && committed.to() > committed.from() ? 1 : 0;
    if (prepared != null
        && prepared.to() > prepared.from()
        && (committed == null
            || prepared.from() != committed.from()
            || prepared.to() != committed.to())) {
      n++;
    }
    return n;
  }

  private static Map<String, Object> view(Assignment a) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("revision", a.revision());
    v.put("fromSegment", a.from());
    v.put("toSegment", a.to());
    v.put("range", a.from() + "-" + (a.to() - 1));
    v.put("next", a.next());
    v.put("wirePrecision", "fp32");
    return v;
  }

  private Map<String, Object> profile(String node) {
    double factor = speed.getOrDefault(node, 1.0);
    List<Map<String, Object>> segments = new ArrayList<>();
    for (int i = 0; i < SEGMENT_MS.length; i++) {
      segments.add(
          Map.of(
              "index",
              i,
              "medianMs",
              SEGMENT_MS[i] * factor,
              "peakMemoryBytes",
              10_000_000L,
              "inputBytes",
              i == 0 ? INPUT_BYTES : OUTPUT_BYTES[i - 1],
              "outputBytes",
              OUTPUT_BYTES[i]));
    }
    return Map.of(
        "model",
        "fake",
        "node",
        Map.of("cores", 2),
        "runs",
        1,
        "warmup",
        0,
        "segments",
        segments,
        "elapsedMs",
        5.0);
  }

  private void probe(HttpExchange ex, String node, JsonNode body) throws IOException {
    String target = nodeOf(URI.create(body.get("target").asText()).getHost());
    double[] link = target == null ? null : links.get(key(node, target));
    if (link == null) {
      send(ex, 502, Map.of("error", "probe of " + body.get("target").asText() + " failed"));
      return;
    }
    long size = 1_048_576;
    double ms = link[1] + size * 8 / (link[0] * 1000);
    send(
        ex,
        200,
        Map.of(
            "target",
            body.get("target").asText(),
            "rttMs",
            link[1],
            "sizes",
            List.of(Map.of("bytes", size, "medianMs", ms, "mbitPerSecond", link[0])),
            "repeats",
            1,
            "bytesUsed",
            2 * size));
  }

  private String nodeOf(String host) {
    if (host == null) {
      return null;
    }
    String pod = host.split("\\.")[0];
    String best = null;
    for (String node : speed.keySet()) {
      if (pod.endsWith("-" + node) && (best == null || node.length() > best.length())) {
        best = node;
      }
    }
    return best;
  }

  private static String hostOf(HttpExchange ex) {
    URI uri = ex.getRequestURI();
    if (uri.getHost() != null) {
      return uri.getHost();
    }
    String host = ex.getRequestHeaders().getFirst("Host");
    return host == null ? null : host.split(":")[0];
  }

  private void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] out = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, out.length);
    ex.getResponseBody().write(out);
  }

  private static String key(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
