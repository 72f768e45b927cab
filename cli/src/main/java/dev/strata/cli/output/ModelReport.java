package dev.strata.cli.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.core.graph.Cut;
import dev.strata.core.graph.ModelFormatException;
import dev.strata.core.graph.ModelGraph;
import dev.strata.core.graph.Segment;
import dev.strata.core.graph.TensorInfo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code strata inspect} prints: a summary and one row per segment, or one JSON object. */
public final class ModelReport {
  private final ModelGraph graph;

  public ModelReport(ModelGraph graph) {
    this.graph = graph;
  }

  public void printText(PrintWriter out) throws ModelFormatException {
    long weightBytes = graph.segments().stream().mapToLong(Segment::weightBytes).sum();
    out.printf(
        "model %s: %d nodes, %s MMACs, %s parameters, %d cuts, %d segments%n",
        graph.model().name(),
        graph.nodeCount(),
        Units.megaMacs(graph.totalMacs()),
        Units.count(graph.totalParams()),
        graph.cuts().size(),
        graph.segments().size());
    for (TensorInfo t : graph.inputs()) {
      out.printf("  input   %s %s %s%n", t.name(), t.datatype(), Units.shape(t.shape()));
    }
    for (TensorInfo t : graph.outputs()) {
      out.printf("  output  %s %s %s%n", t.name(), t.datatype(), Units.shape(t.shape()));
    }
    out.printf(
        "  weights %s (segments that share a weight each count it)%n", Units.bytes(weightBytes));
    out.println();
    Table table =
        new Table("segment", "nodes", "MMACs", "params", "weights", "cut after", "shape", "bytes");
    List<Cut> cuts = graph.cuts();
    for (Segment s : graph.segments()) {
      TensorInfo next =
          s.index() < cuts.size() ? cuts.get(s.index()).tensor() : graph.outputs().get(0);
      table.row(
          s.index(),
          s.nodeCount(),
          Units.megaMacs(s.macs()),
          Units.count(s.params()),
          Units.bytes(s.weightBytes()),
          s.index() < cuts.size() ? next.name() : "(output " + next.name() + ")",
          Units.shape(next.shape()),
          Units.count(next.bytes()));
    }
    table.print(out);
  }

  public void printJson(PrintWriter out) throws Exception {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", graph.model().name());
    json.put("nodes", graph.nodeCount());
    json.put("macs", graph.totalMacs());
    json.put("params", graph.totalParams());
    json.put("inputs", graph.inputs().stream().map(ModelReport::tensor).toList());
    json.put("outputs", graph.outputs().stream().map(ModelReport::tensor).toList());
    json.put(
        "cuts",
        graph.cuts().stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("index", c.index());
                  m.put("tensor", c.tensor().name());
                  m.put("datatype", c.tensor().datatype());
                  m.put("shape", c.tensor().shape());
                  m.put("bytes", c.tensor().bytes());
                  return m;
                })
            .toList());
    json.put(
        "segments",
        graph.segments().stream()
            .map(
                s -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("index", s.index());
                  m.put("nodes", s.nodeCount());
                  m.put("macs", s.macs());
                  m.put("params", s.params());
                  m.put("weightBytes", s.weightBytes());
                  m.put("activationBytes", s.activationBytes());
                  return m;
                })
            .toList());
    out.println(
        new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    out.flush();
  }

  /** A tensor as the JSON outputs show it: name, datatype, shape, bytes. */
  public static Map<String, Object> tensor(TensorInfo t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", t.name());
    m.put("datatype", t.datatype());
    m.put("shape", t.shape());
    m.put("bytes", t.bytes());
    return m;
  }
}
