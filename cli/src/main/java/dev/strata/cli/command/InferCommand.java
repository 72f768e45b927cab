package dev.strata.cli.command;

import dev.strata.cli.output.Table;
import dev.strata.cli.output.Units;
import dev.strata.core.exec.SegmentSession;
import dev.strata.core.exec.Tensor;
import dev.strata.core.graph.ModelGraph;
import dev.strata.core.graph.TensorInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata infer MODEL.onnx --input IN.f32 --output OUT.f32 [--split ...]}. */
@Command(
    name = "infer",
    description =
        "Run a model in ONNX Runtime, whole or as a chain of split ranges, on raw float32 input.")
public final class InferCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL.onnx", description = "the ONNX model")
  Path model;

  @Option(names = "--input", required = true, paramLabel = "IN.f32", description = "raw float32")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "OUT.f32", description = "raw float32")
  Path output;

  @Option(
      names = "--split",
      defaultValue = "none",
      paramLabel = "none|all|T1,T2,...",
      description =
          "run the ranges between these cuts one after another (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads")
  int threads;

  @Option(
      names = "--exact",
      description =
          "turn off ONNX Runtime graph optimizations, so that a split run does the same arithmetic"
              + " as the whole model (fusions across a cut otherwise move the last digits)")
  boolean exact;

  @Override
  public Integer call() throws Exception {
    ModelGraph graph = ModelFiles.analyze(model);
    TensorInfo first = graph.inputs().get(0);
    Tensor x = new Tensor(first.shape(), Float32File.read(input, first.shape(), first.name()));
    List<Integer> bounds = ModelFiles.boundaries(graph, split, model);
    Table table = new Table("range", "segments", "output", "shape", "build ms", "run ms");
    double total = 0;
    for (int p = 0; p + 1 < bounds.size(); p++) {
      int from = bounds.get(p);
      int to = bounds.get(p + 1);
      byte[] bytes =
          bounds.size() == 2 ? graph.model().toBytes() : graph.extract(from, to).toBytes();
      long t0 = System.nanoTime();
      try (SegmentSession session = SegmentSession.open(bytes, threads, !exact)) {
        long t1 = System.nanoTime();
        x = session.run(x);
        long t2 = System.nanoTime();
        total += (t2 - t1) / 1e6;
        table.row(
            p,
            from + "-" + (to - 1),
            to == graph.segments().size() ? "(output)" : graph.cuts().get(to - 1).tensor().name(),
            Units.shape(x.shape()),
            Units.millis((t1 - t0) / 1e6),
            Units.millis((t2 - t1) / 1e6));
      }
    }
    Float32File.write(output, x.data());
    PrintWriter out = spec.commandLine().getOut();
    table.print(out);
    out.printf(
        "ran %d range(s) in %s ms (first run of each session, no warm-up); wrote %s%n",
        bounds.size() - 1, Units.millis(total), output);
    out.flush();
    return 0;
  }
}
