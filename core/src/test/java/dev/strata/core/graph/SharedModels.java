package dev.strata.core.graph;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.core.exec.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PyTorch-exported models in {@code ../shared/models} (not part of the project): tests that use
 * them are skipped with a message when the folder is absent.
 */
final class SharedModels {
  private SharedModels() {}

  static Path folder() {
    Path dir = Path.of(System.getProperty("strata.shared.models", "../shared/models"));
    assumeTrue(
        Files.isDirectory(dir),
        "skipped: the shared models folder " + dir.toAbsolutePath() + " is absent");
    return dir;
  }

  static Path model(String name) {
    return folder().resolve(name + ".onnx");
  }

  static Tensor input() throws IOException {
    return new Tensor(
        new long[] {1, 3, 224, 224}, floats(folder().resolve("input_1x3x224x224.f32")));
  }

  static Tensor expected(String name) throws IOException {
    return new Tensor(new long[] {1, 1000}, floats(folder().resolve(name + ".expected.f32")));
  }

  private static float[] floats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return values;
  }
}
