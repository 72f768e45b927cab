package dev.strata.core.exec;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;

/**
 * An ONNX Runtime session for one model or extracted segment range, driven through DJL.
 *
 * <p>The session is built from a direct buffer (STACK.md: a heap {@code byte[]} path keeps far more
 * memory resident). Runs are serialized by the caller: one session, one request at a time.
 */
public final class SegmentSession implements AutoCloseable {
  private final Model model;
  private final Predictor<NDList, NDList> predictor;

  private SegmentSession(Model model, Predictor<NDList, NDList> predictor) {
    this.model = model;
    this.predictor = predictor;
  }

  /**
   * Builds a session for a serialized ONNX model with ONNX Runtime's default graph optimizations.
   *
   * @param intraOpThreads ONNX Runtime intra-op threads (at least 1)
   * @throws IllegalArgumentException if ONNX Runtime rejects the model; the message says why
   */
  public static SegmentSession open(byte[] onnxModel, int intraOpThreads) {
    return open(onnxModel, intraOpThreads, true);
  }

  /**
   * Builds a session for a serialized ONNX model.
   *
   * <p>Graph optimizations fuse operators (Conv with BatchNormalization, for one), which changes
   * float rounding: a model split between two fused operators then differs from the whole model in
   * the last digits. Without optimizations both run the same arithmetic.
   *
   * @param intraOpThreads ONNX Runtime intra-op threads (at least 1)
   * @param optimize whether ONNX Runtime may rewrite the graph (all optimizations) or not at all
   * @throws IllegalArgumentException if ONNX Runtime rejects the model; the message says why
   */
  public static SegmentSession open(byte[] onnxModel, int intraOpThreads, boolean optimize) {
    Engine.getEngine("OnnxRuntime"); // DJL must initialize ONNX Runtime before we touch it
    ByteBuffer direct = ByteBuffer.allocateDirect(onnxModel.length).put(onnxModel).flip();
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(
          optimize
              ? OrtSession.SessionOptions.OptLevel.ALL_OPT
              : OrtSession.SessionOptions.OptLevel.NO_OPT);
      OrtSession session = env.createSession(direct, options);
      Model model = Model.newInstance("segment", "OnnxRuntime");
      model.setBlock(new OrtSymbolBlock(session, (OrtNDManager) model.getNDManager()));
      return new SegmentSession(model, model.newPredictor(new NoopTranslator()));
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime rejected the model: " + e.getMessage(), e);
    }
  }

  /** Runs the model on one float32 input and returns its first output. */
  public Tensor run(Tensor input) {
    try (NDManager scope = model.getNDManager().newSubManager()) {
      NDArray x = scope.create(input.data(), new Shape(input.shape()));
      NDList out = predictor.predict(new NDList(x));
      NDArray y = out.get(0);
      Tensor result = new Tensor(y.getShape().getShape(), y.toFloatArray());
      out.close();
      return result;
    } catch (TranslateException e) {
      throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
