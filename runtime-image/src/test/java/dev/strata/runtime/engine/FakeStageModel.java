package dev.strata.runtime.engine;

import dev.strata.core.graph.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A model of {@code segments} segments where every cut is a 1x4 FP32 tensor named {@code cutK};
 * extracted ranges are the bytes {@code "from-to"}, which {@link FakeSessionFactory} reads back.
 */
public final class FakeStageModel implements StageModel {
  private final int segments;

  public FakeStageModel(int segments) {
    this.segments = segments;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int segmentCount() {
    return segments;
  }

  @Override
  public TensorInfo inputOf(int fromSegment) {
    return new TensorInfo(
        fromSegment == 0 ? "input" : "cut" + (fromSegment - 1), "FP32", new long[] {1, 4}, 16);
  }

  @Override
  public TensorInfo outputOf(int toSegment) {
    String name =
        toSegment == 0 ? "input" : toSegment == segments ? "output" : "cut" + (toSegment - 1);
    return new TensorInfo(name, "FP32", new long[] {1, 4}, 16);
  }

  @Override
  public long weightBytes(int index) {
    return 1024;
  }

  @Override
  public RangeModel extract(int fromSegment, int toSegment) {
    return RangeModel.inline(
        ByteBuffer.wrap((fromSegment + "-" + toSegment).getBytes(StandardCharsets.UTF_8)));
  }
}
