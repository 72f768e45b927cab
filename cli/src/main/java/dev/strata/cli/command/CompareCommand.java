package dev.strata.cli.command;

import dev.strata.core.exec.Tensor;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata compare ACTUAL.f32 EXPECTED.f32 [--rtol X]}: exit 1 when they differ. */
@Command(
    name = "compare",
    description =
        "Compare two raw float32 files; exit 1 if the relative difference exceeds --rtol.")
public final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTUAL.f32")
  Path actual;

  @Parameters(index = "1", paramLabel = "EXPECTED.f32")
  Path expected;

  @Option(names = "--rtol", defaultValue = "1e-5", description = "relative tolerance")
  double rtol;

  @Option(
      names = "--floor",
      defaultValue = "1e-3",
      description = "values smaller than this in magnitude are compared as if they were this size")
  double floor;

  @Override
  public Integer call() throws Exception {
    float[] a = Float32File.readAll(actual);
    float[] b = Float32File.readAll(expected);
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          actual + " holds " + a.length + " values, " + expected + " holds " + b.length);
    }
    double diff =
        new Tensor(new long[] {a.length}, a)
            .maxRelativeDifference(new Tensor(new long[] {b.length}, b), floor);
    boolean same = diff <= rtol;
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s: %d values, max relative difference %.3g (tolerance %.1g)%n",
            same ? "same" : "DIFFERENT",
            a.length,
            diff,
            rtol);
    return same ? 0 : 1;
  }
}
