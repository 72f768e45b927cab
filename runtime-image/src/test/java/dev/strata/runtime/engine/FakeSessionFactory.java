package dev.strata.runtime.engine;

import dev.strata.core.exec.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sessions that add the number of segments in their range to every element, and record which ranges
 * were opened and closed. Ranges in {@link #rejected} fail to build, as a model ONNX Runtime
 * rejects.
 */
public final class FakeSessionFactory implements SessionFactory {
  public final List<String> opened = new ArrayList<>();
  public final List<String> closed = new ArrayList<>();
  public final Set<String> rejected = new HashSet<>();

  @Override
  public synchronized StageSession open(RangeModel model) throws ModelSourceException {
    String range = StandardCharsets.UTF_8.decode(model.graph().duplicate()).toString();
    if (rejected.contains(range)) {
      throw new ModelSourceException("range " + range + " rejected");
    }
    opened.add(range);
    int width = SegmentRange.parse(range).to() - SegmentRange.parse(range).from();
    return new StageSession() {
      @Override
      public Tensor run(Tensor input) {
        float[] out = input.data().clone();
        for (int i = 0; i < out.length; i++) {
          out[i] += width;
        }
        return new Tensor(input.shape(), out);
      }

      @Override
      public void close() {
        synchronized (FakeSessionFactory.this) {
          closed.add(range);
        }
      }
    };
  }
}
