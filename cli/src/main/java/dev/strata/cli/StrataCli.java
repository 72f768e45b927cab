package dev.strata.cli;

import dev.strata.cli.command.BenchCoreCommand;
import dev.strata.cli.command.CompareCommand;
import dev.strata.cli.command.InferCommand;
import dev.strata.cli.command.InputCommand;
import dev.strata.cli.command.InspectCommand;
import dev.strata.cli.command.ModelCommand;
import dev.strata.cli.command.SplitCommand;
import dev.strata.core.graph.ModelFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strata} command line. */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    version = "strata 0.1.0",
    description = "Build, inspect, split and run DNN models the way Strata places them.",
    subcommands = {
      ModelCommand.class,
      InspectCommand.class,
      SplitCommand.class,
      InferCommand.class,
      InputCommand.class,
      CompareCommand.class,
      BenchCoreCommand.class
    })
public final class StrataCli {
  /** Exit code for mistakes in the user's input (files, names, sizes). */
  static final int USER_ERROR = 2;

  private StrataCli() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; user mistakes print one line and exit with {@code 2}. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(StrataCli.class);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (isUserError(e)) {
            err.println("strata: " + describe(e));
            err.flush();
            return USER_ERROR;
          }
          err.println("strata: internal error: " + describe(e));
          e.printStackTrace(err);
          err.flush();
          return 1;
        });
    return cli;
  }

  private static boolean isUserError(Exception e) {
    return e instanceof ModelFormatException
        || e instanceof IllegalArgumentException
        || e instanceof IOException;
  }

  private static String describe(Exception e) {
    if (e instanceof NoSuchFileException n) {
      return n.getFile() + ": no such file";
    }
    return e.getMessage();
  }
}
