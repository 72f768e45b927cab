package dev.strata.core.models;

import com.google.protobuf.UnsafeByteOperations;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Float32 initializers filled from a model seed and the tensor's name.
 *
 * <p>Each tensor draws from its own {@link SplittableRandom}, seeded from the model seed and the
 * tensor name, so a tensor's values do not depend on which tensors were written before it. The
 * samples are approximately normal: the Irwin-Hall sum of four 16-bit uniforms taken from one
 * {@code nextLong()}, rescaled to zero mean and unit variance, and so bounded at ±2√3. This uses
 * integer arithmetic and one double multiplication per value, which keeps the output byte-identical
 * across JVMs and platforms and fast enough for VGG16's 138 million weights.
 */
final class SeededTensors {

  private static final double UNIFORM16_MEAN_OF_FOUR = 4 * 65535 / 2.0;
  private static final double UNIFORM16_INV_STD_OF_FOUR =
      1.0 / Math.sqrt(4 * (65536.0 * 65536.0 - 1) / 12.0);

  private final long seed;

  SeededTensors(long seed) {
    this.seed = seed;
  }

  /** A tensor whose elements are {@code center + spread * z}, z approximately standard normal. */
  TensorProto around(String name, long[] dims, double center, double spread) {
    long count = 1;
    for (long dim : dims) {
      count *= dim;
    }
    SplittableRandom random = new SplittableRandom(streamSeed(name));
    ByteBuffer data =
        ByteBuffer.allocate(Math.toIntExact(count * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < count; i++) {
      data.putFloat((float) (center + spread * standardSample(random)));
    }
    return floatTensor(name, dims)
        .setRawData(UnsafeByteOperations.unsafeWrap(data.array()))
        .build();
  }

  /** A float32 scalar (rank 0), for the values of {@code Constant} nodes. */
  static TensorProto scalar(String name, float value) {
    ByteBuffer data = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    data.putFloat(value);
    return floatTensor(name, new long[0])
        .setRawData(UnsafeByteOperations.unsafeWrap(data.array()))
        .build();
  }

  private static TensorProto.Builder floatTensor(String name, long[] dims) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    return tensor;
  }

  private static double standardSample(SplittableRandom random) {
    long bits = random.nextLong();
    long sum =
        (bits & 0xFFFF) + ((bits >>> 16) & 0xFFFF) + ((bits >>> 32) & 0xFFFF) + (bits >>> 48);
    return (sum - UNIFORM16_MEAN_OF_FOUR) * UNIFORM16_INV_STD_OF_FOUR;
  }

  /**
   * FNV-1a over the name's UTF-8 bytes, combined with the seed through an odd multiplier so that
   * different seeds give different streams for the same name. SplittableRandom mixes the result.
   */
  private long streamSeed(String name) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
    }
    return hash ^ (seed * 0x9E3779B97F4A7C15L);
  }
}
