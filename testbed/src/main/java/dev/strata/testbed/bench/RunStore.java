package dev.strata.testbed.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The finished runs of {@code bench-testbed}, one JSON file per run under a folder. A full run
 * takes hours here; with {@code --resume}, an invocation stopped part way goes on from the runs it
 * had finished instead of starting over. Each file keeps the commit its run was made at, so that a
 * table assembled from several invocations says which code each row measured.
 */
final class RunStore {
  private final Path dir;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One stored run.
   *
   * @param finished when the run ended (ISO-8601)
   * @param scenarioSeconds the scenario's length as run: a quick (scaled) run is not a full one
   */
  record StoredRun(String finished, long scenarioSeconds, TestbedBench.Row row) {}

  RunStore(Path dir) {
    this.dir = dir;
  }

  /** The stored run of this model, scenario length, strategy and pair, if one was saved. */
  Optional<StoredRun> find(
      String model,
      String scenario,
      long scenarioSeconds,
      TestbedBench.Strategy strategy,
      int pair) {
    Path file = file(model, scenario, scenarioSeconds, strategy, pair);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(file.toFile(), StoredRun.class));
    } catch (JacksonException e) {
      throw new IllegalStateException(
          file
              + " is not a stored bench run ("
              + e.getOriginalMessage()
              + "); delete it to run again",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Saves a finished run, replacing an earlier one of the same model, scenario, strategy and pair.
   */
  void save(StoredRun run) throws IOException {
    TestbedBench.Row row = run.row();
    Path file =
        file(row.model(), row.scenario(), run.scenarioSeconds(), row.strategy(), row.pair());
    Files.createDirectories(dir);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    json.writeValue(partial.toFile(), run);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
  }

  // Pair 1 keeps the name runs had before pairs were counted.
  private Path file(
      String model,
      String scenario,
      long scenarioSeconds,
      TestbedBench.Strategy strategy,
      int pair) {
    return dir.resolve(
        model
            + "-"
            + scenario
            + "-"
            + scenarioSeconds
            + "s-"
            + strategy.specName()
            + (pair > 1 ? "-pair" + pair : "")
            + ".json");
  }
}
