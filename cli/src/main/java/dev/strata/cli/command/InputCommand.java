package dev.strata.cli.command;

import dev.strata.core.graph.TensorInfo;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata input MODEL.onnx --seed N --out IN.f32}. */
@Command(
    name = "input",
    description = "Write a seeded standard-normal float32 input for the model's first input.")
public final class InputCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL.onnx", description = "the ONNX model")
  Path model;

  @Option(names = "--seed", defaultValue = "1", description = "random seed")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "IN.f32", description = "raw float32")
  Path out;

  @Override
  public Integer call() throws Exception {
    TensorInfo first = ModelFiles.analyze(model).inputs().get(0);
    float[] values = new float[(int) first.elementCount()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < values.length; i++) {
      // Box-Muller keeps the values identical across JDK versions.
      double u = 1 - random.nextDouble();
      double v = random.nextDouble();
      values[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
    Float32File.write(out, values);
    spec.commandLine()
        .getOut()
        .printf("wrote %d float32 values for input %s to %s%n", values.length, first.name(), out);
    return 0;
  }
}
