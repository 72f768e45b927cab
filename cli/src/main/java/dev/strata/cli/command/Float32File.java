package dev.strata.cli.command;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Raw little-endian float32 files, the CLI's tensor exchange format. */
final class Float32File {
  private Float32File() {}

  /**
   * Reads {@code file}, which must hold exactly the elements of {@code shape}.
   *
   * @throws IllegalArgumentException naming the file, its size and the size the tensor needs
   */
  static float[] read(Path file, long[] shape, String tensor) throws IOException {
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    long size = Files.size(file);
    if (size != count * 4) {
      throw new IllegalArgumentException(
          file
              + " holds "
              + size
              + " bytes, but input "
              + tensor
              + " "
              + Arrays.toString(shape)
              + " needs "
              + count * 4
              + " bytes ("
              + count
              + " float32 values, little-endian)");
    }
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[(int) count];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  /** Reads every value of {@code file}, whatever its length (a multiple of 4 bytes). */
  static float[] readAll(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    if (raw.length % 4 != 0) {
      throw new IllegalArgumentException(
          file + " holds " + raw.length + " bytes, not a whole number of float32 values");
    }
    float[] values = new float[raw.length / 4];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  static void write(Path file, float[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.write(file, bytes.array());
  }
}
