package dev.strata.runtime.engine;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.strata.core.exec.Tensor;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds ONNX Runtime sessions from a range's graph in a direct buffer (a {@code byte[]} path keeps
 * about 1 GB more resident for VGG16) and its large weights as external data: offsets of the
 * worker's model file, which ONNX Runtime maps, or external initializers, which it copies. Runs
 * without DJL's predictor layer so that the stage adds nothing to the session call; DJL's engine is
 * still initialized first because it must own the ONNX Runtime environment when other code in the
 * process uses DJL.
 */
public final class OrtSessionFactory implements SessionFactory {
  private final OrtEnvironment env;
  private final int intraOpThreads;

  /**
   * @param intraOpThreads threads ONNX Runtime uses inside one operator; 0 lets it choose
   */
  public OrtSessionFactory(int intraOpThreads) {
    Engine.getEngine("OnnxRuntime");
    this.env = OrtEnvironment.getEnvironment();
    this.intraOpThreads = intraOpThreads;
  }

  @Override
  public StageSession open(RangeModel range) throws ModelSourceException {
    ByteBuffer direct = range.graph();
    if (!direct.isDirect()) {
      direct = ByteBuffer.allocateDirect(direct.remaining()).put(direct.duplicate()).flip();
    }
    Map<String, OnnxTensorLike> weights = new HashMap<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      for (Map.Entry<String, RangeModel.Weight> w : range.weights().entrySet()) {
        // A view of the weight's bytes: no copy here; ONNX Runtime copies it into the session.
        weights.put(
            w.getKey(),
            OnnxTensor.createTensor(
                env, w.getValue().data().duplicate().asFloatBuffer(), w.getValue().dims()));
      }
      if (!weights.isEmpty()) {
        options.addExternalInitializers(weights);
      }
      if (range.weightsFolder().isPresent()) {
        // A graph built from bytes has no folder of its own to resolve external data against.
        options.addConfigEntry(
            "session.model_external_initializers_file_folder_path",
            range.weightsFolder().get().toString());
      }
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // Idle intra-op threads would otherwise spin and take the cores from the HTTP threads that
      // receive the next request and send this one's answer.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      // Pre-packing Gemm weights copies them once more at build time: measured here on VGG16's
      // classifier range (500 MB), builds took 3.7-5.2 s with it and 0.7-1.4 s without, and batch-1
      // runs were no slower. It also keeps a second copy of the weights resident.
      options.addConfigEntry("session.disable_prepacking", "1");
      OrtSession session = env.createSession(direct, options);
      if (session.getNumInputs() != 1 || session.getNumOutputs() != 1) {
        int inputs = (int) session.getNumInputs();
        int outputs = (int) session.getNumOutputs();
        session.close();
        throw new ModelSourceException(
            "a stage range must have one input and one output; got "
                + inputs
                + " inputs and "
                + outputs
                + " outputs");
      }
      return new OrtStageSession(env, session);
    } catch (OrtException e) {
      throw new ModelSourceException("ONNX Runtime rejected the model: " + e.getMessage(), e);
    } finally {
      // The session holds its own copy of the weights (checked: it still answers correctly after
      // these views are closed and the memory behind them is overwritten).
      weights.values().forEach(t -> ((OnnxTensor) t).close());
    }
  }

  private static final class OrtStageSession implements StageSession {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final AtomicBoolean closed = new AtomicBoolean();

    OrtStageSession(OrtEnvironment env, OrtSession session) throws OrtException {
      this.env = env;
      this.session = session;
      this.inputName = session.getInputNames().iterator().next();
    }

    @Override
    public Tensor run(Tensor input) throws StageException {
      try (OnnxTensor in =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()), input.shape());
          OrtSession.Result result = session.run(Map.of(inputName, in))) {
        OnnxTensor out = (OnnxTensor) result.get(0);
        long[] shape = out.getInfo().getShape();
        FloatBuffer buffer = out.getFloatBuffer();
        float[] data = new float[buffer.remaining()];
        buffer.get(data);
        return new Tensor(shape, data);
      } catch (OrtException e) {
        throw new StageException("ONNX Runtime failed to run the range: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException("closing an ONNX Runtime session failed", e);
      }
      NativeHeap.trim();
    }
  }
}
