package dev.strata.cli.command;

import dev.strata.core.models.BuiltinModels;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata model build NAME --seed N --out FILE.onnx}. */
@Command(
    name = "model",
    description = "Built-in models.",
    subcommands = {ModelCommand.Build.class})
public final class ModelCommand {

  /** Builds one of the seeded built-in architectures. */
  @Command(
      name = "build",
      description = "Build a built-in model (alexnet, vgg16, mobilenet_v2, resnet18) from a seed.")
  static final class Build implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "one of: ${COMPLETION-CANDIDATES}")
    String name;

    @Option(names = "--seed", defaultValue = "0", description = "weight seed")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx")
    Path out;

    @Override
    public Integer call() throws Exception {
      ModelProto model = BuiltinModels.build(name, seed);
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      try (OutputStream file = Files.newOutputStream(out)) {
        model.writeTo(file);
      }
      spec.commandLine()
          .getOut()
          .printf("wrote %s (seed %d, %,d bytes) to %s%n", name, seed, Files.size(out), out);
      return 0;
    }
  }
}
