package dev.strata.cli.command;

import dev.strata.core.graph.ModelFormatException;
import dev.strata.core.graph.ModelGraph;
import dev.strata.core.graph.OnnxModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opening models and turning a {@code --split}/{@code --cuts} value into segment ranges. */
final class ModelFiles {
  private ModelFiles() {}

  static ModelGraph analyze(Path file) throws ModelFormatException, IOException {
    return ModelGraph.analyze(OnnxModel.load(file));
  }

  /**
   * Segment boundaries for {@code none}, {@code all} or a comma-separated list of cut tensors. The
   * result starts at 0 and ends at the segment count; consecutive pairs are ranges.
   *
   * @throws IllegalArgumentException naming an unknown tensor and how to list the cuts
   */
  static List<Integer> boundaries(ModelGraph graph, String spec, Path model) {
    int segments = graph.segments().size();
    List<Integer> result = new ArrayList<>();
    result.add(0);
    if (spec.equals("all")) {
      for (int k = 1; k < segments; k++) {
        result.add(k);
      }
    } else if (!spec.equals("none")) {
      for (String tensor : spec.split(",")) {
        int boundary = cutIndex(graph, tensor.trim(), model) + 1;
        if (boundary <= result.get(result.size() - 1)) {
          throw new IllegalArgumentException(
              "cut "
                  + tensor.trim()
                  + " is listed out of data-flow order or twice; list cuts in the order `strata"
                  + " inspect` prints them");
        }
        result.add(boundary);
      }
    }
    result.add(segments);
    return result;
  }

  private static int cutIndex(ModelGraph graph, String tensor, Path model) {
    return graph.cuts().stream()
        .filter(c -> c.tensor().name().equals(tensor))
        .mapToInt(c -> c.index())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown cut tensor \""
                        + tensor
                        + "\" in "
                        + model
                        + "; `strata inspect "
                        + model
                        + "` lists the cuts"));
  }
}
