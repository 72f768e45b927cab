package dev.strata.runtime.control;

import dev.strata.core.exec.Tensor;
import dev.strata.core.graph.TensorInfo;
import dev.strata.runtime.engine.SessionFactory;
import dev.strata.runtime.engine.StageException;
import dev.strata.runtime.engine.StageModel;
import dev.strata.runtime.engine.StageSession;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Runs every segment of the model alone on this node: builds its session, runs it {@code warmup}
 * times untimed, then {@code runs} times timed, and reports the median time and the peak resident
 * memory the segment added, plus the node's cores, memory and architecture.
 *
 * <p>Segment times are then calibrated against one range run whole. Run one by one, segments each
 * pay a call's fixed cost (the tensors into and out of the JVM, the call into ONNX Runtime) and
 * lose the fusions ONNX Runtime makes across their borders, so their sum overstates a range: on
 * this machine 1.35 times for AlexNet, 1.3-2.0 times for VGG16 and 3.4-6.9 times for MobileNetV2's
 * 72 small segments. The profiler times the longest run of segments from the first that fits in
 * this node's memory and whose segments took at most {@link #CALIBRATION_BUDGET_MS} together, and
 * scales the times of that range's segments by its time over their sum (never up). Segments past
 * the range keep their measured time: when a short range's factor scaled them all, the 0.4-CPU edge
 * (where the budget ends VGG16's range after its first few segments) looked fast enough for the
 * planner to put 26 of VGG16's segments there, predicted at 535 ms; requests took 960 ms at the
 * median, against 658 ms on fog -> cloud before the calibration ({@code make demo}).
 */
public final class SegmentProfiler {
  /**
   * Largest sum of measured segment times the calibration range may have, ms: it bounds what the
   * calibration adds to the profile. Without it, VGG16 took 48-55 s from apply to Ready on the
   * emulated cluster instead of 33-35 s: the edge (0.4 CPU) ran all its convolutions six times.
   */
  static final double CALIBRATION_BUDGET_MS = 500;

  private final StageModel model;
  private final SessionFactory sessions;
  private final ProcessMemory memory;
  private final Clock clock;

  public SegmentProfiler(
      StageModel model, SessionFactory sessions, ProcessMemory memory, Clock clock) {
    this.model = model;
    this.sessions = sessions;
    this.memory = memory;
    this.clock = clock;
  }

  /** This node. */
  public record NodeInfo(
      int cores, long memoryBytes, long memoryLimitBytes, String arch, String os) {}

  /**
   * One segment.
   *
   * @param medianMs median of the timed runs, in milliseconds
   * @param peakMemoryBytes resident memory above the level before the session was built, at its
   *     peak during build and runs, less what the profiling thread allocated on the Java heap
   *     meanwhile (a heap that first touches its pages would otherwise count as the segment's), and
   *     never less than the segment's weights; -1 where the platform does not tell
   * @param weightBytes the segment's weights: a range holds the weights of all its segments, while
   *     the rest of a peak (activations, ONNX Runtime's working memory) is needed once per range
   */
  public record SegmentProfile(
      int index,
      double medianMs,
      double measuredMs,
      long peakMemoryBytes,
      long weightBytes,
      long inputBytes,
      long outputBytes,
      String skipped) {

    SegmentProfile scaled(double factor) {
      return new SegmentProfile(
          index,
          measuredMs * factor,
          measuredMs,
          peakMemoryBytes,
          weightBytes,
          inputBytes,
          outputBytes,
          skipped);
    }
  }

  /**
   * The range run whole to calibrate the segment times.
   *
   * @param rangeMs median time of the range [fromSegment, toSegment) in one session
   * @param segmentsMs sum of its segments' measured medians
   * @param factor what the measured time of each segment in the range was multiplied by: rangeMs /
   *     segmentsMs, at most 1
   */
  public record Calibration(
      int fromSegment, int toSegment, double rangeMs, double segmentsMs, double factor) {

    /** {@code s} scaled when this range covers it (a skipped segment never is), else as it was. */
    SegmentProfile applyTo(SegmentProfile s) {
      return s.index() >= fromSegment && s.index() < toSegment ? s.scaled(factor) : s;
    }
  }

  /**
   * The whole profile; {@code calibration} is null when fewer than two segments from the first fit
   * in memory and the budget together, or their runs took no measurable time (the times are then as
   * measured).
   */
  public record ProfileReport(
      String model,
      NodeInfo node,
      int runs,
      int warmup,
      List<SegmentProfile> segments,
      Calibration calibration,
      double elapsedMs) {}

  /**
   * Profiles every segment.
   *
   * @param runs timed runs per segment, at least 1
   * @param warmup untimed runs before them
   */
  public ProfileReport profile(int runs, int warmup) throws StageException {
    if (runs < 1 || warmup < 0) {
      throw new IllegalArgumentException("need runs >= 1 and warmup >= 0");
    }
    Instant start = clock.instant();
    List<SegmentProfile> measured = new ArrayList<>();
    for (int i = 0; i < model.segmentCount(); i++) {
      measured.add(profileSegment(i, runs, warmup));
    }
    Optional<Calibration> calibration = calibrate(measured, runs, warmup);
    return new ProfileReport(
        model.name(),
        node(),
        runs,
        warmup,
        measured.stream().map(s -> calibration.map(c -> c.applyTo(s)).orElse(s)).toList(),
        calibration.orElse(null),
        Duration.between(start, clock.instant()).toNanos() / 1e6);
  }

  /**
   * Times the longest range of segments from the first that were all profiled, fit in memory
   * together and took at most {@link #CALIBRATION_BUDGET_MS} together, and compares it with the sum
   * of their measured times.
   */
  private Optional<Calibration> calibrate(List<SegmentProfile> measured, int runs, int warmup)
      throws StageException {
    long available = availableMemory();
    long inputBytes = model.inputOf(0).bytes();
    long weights = 0;
    double sum = 0;
    int to = 0;
    while (to < measured.size() && measured.get(to).skipped() == null) {
      long withNext = weights + model.weightBytes(to);
      long need = memoryNeed(withNext, inputBytes, model.outputOf(to + 1).bytes());
      double withNextMs = sum + measured.get(to).measuredMs();
      if ((available >= 0 && need > available) || (to > 0 && withNextMs > CALIBRATION_BUDGET_MS)) {
        break;
      }
      weights = withNext;
      sum = withNextMs;
      to++;
    }
    if (to < 2 || sum <= 0) {
      return Optional.empty();
    }
    try (StageSession session = sessions.open(model.extract(0, to))) {
      double rangeMs =
          median(time(session, randomInput(model.inputOf(0), 0), runs, warmup, () -> {}));
      return Optional.of(new Calibration(0, to, rangeMs, sum, Math.min(1.0, rangeMs / sum)));
    }
  }

  /**
   * Runs {@code warmup} times untimed, then {@code runs} times timed (ms), calling {@code after}
   * after each timed run.
   */
  private double[] time(StageSession session, Tensor input, int runs, int warmup, Runnable after)
      throws StageException {
    for (int w = 0; w < warmup; w++) {
      session.run(input);
    }
    double[] times = new double[runs];
    for (int r = 0; r < runs; r++) {
      Instant t0 = clock.instant();
      session.run(input);
      times[r] = Duration.between(t0, clock.instant()).toNanos() / 1e6;
      after.run();
    }
    return times;
  }

  private SegmentProfile profileSegment(int index, int runs, int warmup) throws StageException {
    TensorInfo in = model.inputOf(index);
    TensorInfo outInfo = model.outputOf(index + 1);
    long need = memoryNeed(model.weightBytes(index), in.bytes(), outInfo.bytes());
    long available = availableMemory();
    if (available >= 0 && need > available) {
      // Building the session would exhaust the node (the kernel would kill the worker): the
      // segment is reported as not runnable here, with the memory it would need.
      return new SegmentProfile(
          index,
          -1,
          -1,
          need,
          model.weightBytes(index),
          in.bytes(),
          outInfo.bytes(),
          "needs about " + (need >> 20) + " MiB, " + (available >> 20) + " MiB available");
    }
    Tensor input = randomInput(in, index);
    long before = memory.resident().orElse(-1);
    OptionalLong allocatedBefore = memory.threadAllocated();
    boolean peakReset = memory.resetPeak();
    long[] sampledPeak = {before};
    try (StageSession session = sessions.open(model.extract(index, index + 1))) {
      double[] times =
          time(
              session,
              input,
              runs,
              warmup,
              () -> sampledPeak[0] = Math.max(sampledPeak[0], memory.resident().orElse(-1)));
      long peak = peakReset ? memory.peak().orElse(sampledPeak[0]) : sampledPeak[0];
      long heap = heapAllocatedSince(allocatedBefore);
      long added =
          before < 0 || peak < 0 ? -1 : Math.max(model.weightBytes(index), peak - before - heap);
      double median = median(times);
      return new SegmentProfile(
          index,
          median,
          median,
          added,
          model.weightBytes(index),
          in.bytes(),
          outInfo.bytes(),
          null);
    }
  }

  private long heapAllocatedSince(OptionalLong before) {
    OptionalLong now = memory.threadAllocated();
    return before.isPresent() && now.isPresent()
        ? Math.max(0, now.getAsLong() - before.getAsLong())
        : 0;
  }

  private static Tensor randomInput(TensorInfo info, long seed) {
    long[] shape = Arrays.stream(info.shape()).map(d -> d < 0 ? 1 : d).toArray();
    int n = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
    float[] data = new float[n];
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      data[i] = random.nextFloat();
    }
    return new Tensor(shape, data);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * Memory a segment's session takes while it is built and run: its weights twice (the serialized
   * range ONNX Runtime reads, and its own copy), input and output twice, and some slack.
   */
  static long memoryNeed(long weightBytes, long inputBytes, long outputBytes) {
    return 2 * weightBytes + 2 * (inputBytes + outputBytes) + (32L << 20);
  }

  /** Memory the worker may still take: its (cgroup-aware) limit less what it holds; -1 unknown. */
  private long availableMemory() {
    long resident = memory.resident().orElse(-1);
    if (resident < 0
        || !(ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os)) {
      return -1;
    }
    return os.getTotalMemorySize() - resident;
  }

  private static NodeInfo node() {
    long total = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      total = os.getTotalMemorySize();
    }
    return new NodeInfo(
        Runtime.getRuntime().availableProcessors(),
        total,
        cgroupMemoryLimit(),
        System.getProperty("os.arch"),
        System.getProperty("os.name"));
  }

  private static long cgroupMemoryLimit() {
    for (String file :
        List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
      try {
        String text = Files.readString(Path.of(file)).trim();
        if (!text.equals("max")) {
          return Long.parseLong(text);
        }
      } catch (Exception e) {
        // not this cgroup version; try the next
      }
    }
    return -1;
  }
}
