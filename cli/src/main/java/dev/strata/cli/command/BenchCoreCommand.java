package dev.strata.cli.command;

import dev.strata.cli.output.Units;
import dev.strata.core.graph.ModelGraph;
import dev.strata.core.graph.OnnxModel;
import dev.strata.core.models.BuiltinModels;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strata bench-core}: parse and split cost of the graph core on built-in VGG16, as ratios
 * against reading the model file's bytes in the same process.
 */
@Command(
    name = "bench-core",
    hidden = true,
    description = "Benchmark the graph core on built-in VGG16 (make bench-core).")
public final class BenchCoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--runs", defaultValue = "5", description = "timed runs per step (median)")
  int runs;

  @Option(names = "--results", defaultValue = "bench/results", description = "table folder")
  Path results;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path file = Files.createTempFile("strata-bench-vgg16-", ".onnx");
    try {
      try (OutputStream os = Files.newOutputStream(file)) {
        BuiltinModels.build("vgg16", 7).writeTo(os);
      }
      long size = Files.size(file);
      out.printf("built vgg16 (%s) at %s; %d timed runs per step%n", Units.bytes(size), file, runs);
      out.flush();
      double read = median(() -> Files.readAllBytes(file).length);
      double parse = median(() -> ModelGraph.analyze(OnnxModel.load(file)).cuts().size());
      ModelGraph graph = ModelGraph.analyze(OnnxModel.load(file));
      double split = median(() -> splitEverywhere(graph));
      long heap = peakLiveHeap(file);
      double parseRatio = parse / read;
      double splitRatio = split / read;
      double heapRatio = (double) heap / size;
      StringWriter table = new StringWriter();
      PrintWriter t = new PrintWriter(table);
      t.printf(
          "# Graph core on built-in VGG16 (%s, %d cuts)%n%n",
          Units.bytes(size), graph.cuts().size());
      t.println("| step | median ms | ratio to reading the file |");
      t.println("|---|---|---|");
      t.printf(Locale.ROOT, "| read file bytes (baseline) | %.1f | 1.00 |%n", read);
      t.printf(Locale.ROOT, "| parse + find cuts | %.1f | %.2f |%n", parse, parseRatio);
      t.printf(
          Locale.ROOT,
          "| split at every cut (extract + serialize) | %.1f | %.2f |%n",
          split,
          splitRatio);
      t.printf(
          Locale.ROOT,
          "%nPeak live heap while parsing and splitting: %s = %.2f x the file size (goal <= 2).%n",
          Units.bytes(heap),
          heapRatio);
      t.flush();
      Files.createDirectories(results);
      Files.writeString(results.resolve("core.md"), table.toString());
      out.print(table);
      out.printf(
          Locale.ROOT,
          "BENCH core parse_ratio=%.3f split_ratio=%.3f heap_ratio=%.3f%n",
          parseRatio,
          splitRatio,
          heapRatio);
      out.flush();
      return 0;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static long splitEverywhere(ModelGraph graph) {
    long bytes = 0;
    for (int k = 0; k < graph.segments().size(); k++) {
      bytes += graph.extract(k, k + 1).toBytes().length;
    }
    return bytes;
  }

  /** Work that returns something, so the JIT cannot drop it. */
  private interface Step {
    long run() throws Exception;
  }

  private double median(Step step) throws Exception {
    step.run(); // warm-up: page cache, class loading, JIT
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      step.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }

  /**
   * Peak heap above the starting level while parsing and splitting, collecting garbage before each
   * range so the figure is the live set, not the collector's slack.
   */
  private static long peakLiveHeap(Path file) throws Exception {
    System.gc();
    long base = heapUsed();
    resetPeaks();
    ModelGraph graph = ModelGraph.analyze(OnnxModel.load(file));
    long peak = peakSinceReset();
    for (int k = 0; k < graph.segments().size(); k++) {
      System.gc();
      resetPeaks();
      graph.extract(k, k + 1).toBytes();
      peak = Math.max(peak, peakSinceReset());
    }
    return Math.max(0, peak - base);
  }

  private static long heapUsed() {
    return heapPools().mapToLong(p -> p.getUsage().getUsed()).sum();
  }

  private static void resetPeaks() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakSinceReset() {
    return heapPools().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private static java.util.stream.Stream<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isValid());
  }
}
