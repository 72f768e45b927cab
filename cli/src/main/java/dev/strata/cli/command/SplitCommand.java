package dev.strata.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.cli.output.ModelReport;
import dev.strata.cli.output.Table;
import dev.strata.cli.output.Units;
import dev.strata.core.graph.ModelGraph;
import dev.strata.core.graph.Segment;
import dev.strata.core.graph.TensorInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata split MODEL.onnx --out DIR [--cuts all|T1,T2,...]}. */
@Command(
    name = "split",
    description = "Write the model's ranges between the chosen cuts as standalone ONNX models.")
public final class SplitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL.onnx", description = "the ONNX model")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
  Path out;

  @Option(
      names = "--cuts",
      defaultValue = "all",
      paramLabel = "all|T1,T2,...",
      description = "cut tensors to split at, in data-flow order (default: ${DEFAULT-VALUE})")
  String cuts;

  @Override
  public Integer call() throws Exception {
    ModelGraph graph = ModelFiles.analyze(model);
    List<Integer> bounds = ModelFiles.boundaries(graph, cuts, model);
    Files.createDirectories(out);
    List<Map<String, Object>> parts = new ArrayList<>();
    Table table = new Table("part", "segments", "file", "input", "output", "bytes out", "weights");
    for (int p = 0; p + 1 < bounds.size(); p++) {
      int from = bounds.get(p);
      int to = bounds.get(p + 1);
      String file = String.format(Locale.ROOT, "part-%03d.onnx", p);
      Files.write(out.resolve(file), graph.extract(from, to).toBytes());
      TensorInfo input = from == 0 ? graph.inputs().get(0) : graph.cuts().get(from - 1).tensor();
      TensorInfo output =
          to == graph.segments().size()
              ? graph.outputs().get(0)
              : graph.cuts().get(to - 1).tensor();
      List<Segment> range = graph.segments().subList(from, to);
      long weights = range.stream().mapToLong(Segment::weightBytes).sum();
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("file", file);
      part.put("fromSegment", from);
      part.put("toSegment", to);
      part.put("input", ModelReport.tensor(input));
      part.put("output", ModelReport.tensor(output));
      part.put("macs", range.stream().mapToLong(Segment::macs).sum());
      part.put("weightBytes", weights);
      parts.add(part);
      table.row(
          p,
          from + "-" + (to - 1),
          file,
          input.name(),
          output.name(),
          Units.count(output.bytes()),
          Units.bytes(weights));
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("model", model.getFileName().toString());
    manifest.put("segments", graph.segments().size());
    manifest.put("parts", parts);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("manifest.json").toFile(), manifest);
    PrintWriter w = spec.commandLine().getOut();
    table.print(w);
    w.printf("wrote %d parts and manifest.json to %s%n", parts.size(), out);
    w.flush();
    return 0;
  }
}
