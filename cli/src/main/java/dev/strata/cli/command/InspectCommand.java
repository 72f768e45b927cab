package dev.strata.cli.command;

import dev.strata.cli.output.ModelReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata inspect MODEL.onnx [--json]}. */
@Command(
    name = "inspect",
    description = "Print a model's inputs, outputs, costs and the cut points it can be split at.")
public final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL.onnx", description = "the ONNX model")
  Path model;

  @Option(names = "--json", description = "print one JSON object instead of the table")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ModelReport report = new ModelReport(ModelFiles.analyze(model));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      report.printJson(out);
    } else {
      report.printText(out);
    }
    return 0;
  }
}
