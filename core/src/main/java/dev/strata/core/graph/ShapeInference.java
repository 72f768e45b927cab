package dev.strata.core.graph;

import dev.strata.core.onnx.OnnxProto.AttributeProto;
import dev.strata.core.onnx.OnnxProto.GraphProto;
import dev.strata.core.onnx.OnnxProto.NodeProto;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import dev.strata.core.onnx.OnnxProto.TensorShapeProto;
import dev.strata.core.onnx.OnnxProto.TypeProto;
import dev.strata.core.onnx.OnnxProto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static shape inference for the operators of convolutional and fully connected networks.
 *
 * <p>Shapes come from the graph inputs (symbolic dimensions taken as 1), initializers, the
 * operators below, and, for any other operator, the model's own {@code value_info}. Small integer
 * constants (shapes, axes) are folded so that Reshape, Squeeze and Unsqueeze resolve. A tensor
 * whose shape cannot be found is recorded with the reason, and {@link #type} reports it only when a
 * caller needs that tensor.
 */
final class ShapeInference {
  /** A tensor's element type and dimensions. */
  record TensorType(ElementType type, long[] dims) {}

  private static final Set<String> SAME_SHAPE =
      Set.of(
          "Relu",
          "LeakyRelu",
          "Sigmoid",
          "HardSigmoid",
          "HardSwish",
          "Tanh",
          "Elu",
          "Selu",
          "Clip",
          "Identity",
          "Dropout",
          "BatchNormalization",
          "Softmax",
          "LogSoftmax",
          "Erf",
          "Sqrt",
          "Neg",
          "Abs",
          "Exp",
          "Log",
          "Gelu",
          "Mish",
          "Softplus",
          "LRN",
          "InstanceNormalization",
          "LayerNormalization",
          "Reciprocal",
          "Floor",
          "Ceil",
          "Round",
          "Sign",
          "Not",
          "Celu",
          "ThresholdedRelu",
          "Shrink",
          "Softsign");
  private static final Set<String> BROADCAST =
      Set.of(
          "Add", "Sub", "Mul", "Div", "Pow", "PRelu", "Max", "Min", "Sum", "Mean", "Where", "Equal",
          "Less", "Greater", "And", "Or");
  private static final Set<String> COMPARISON = Set.of("Equal", "Less", "Greater", "And", "Or");

  private final String modelName;
  private final Map<String, TensorType> types = new HashMap<>();
  private final Map<String, long[]> constants = new HashMap<>();
  private final Map<String, String> unknown = new HashMap<>();
  private final Map<String, TensorType> declared = new HashMap<>();

  private ShapeInference(String modelName) {
    this.modelName = modelName;
  }

  /** Infers every tensor of {@code graph}; {@code order} must be a topological order. */
  static ShapeInference run(
      GraphProto graph, List<NodeProto> order, Map<String, TensorProto> initializers, String name) {
    ShapeInference inference = new ShapeInference(name);
    for (ValueInfoProto v : graph.getValueInfoList()) {
      declaredType(v).ifPresent(t -> inference.declared.put(v.getName(), t));
    }
    for (ValueInfoProto v : graph.getOutputList()) {
      declaredType(v).ifPresent(t -> inference.declared.put(v.getName(), t));
    }
    for (ValueInfoProto v : graph.getInputList()) {
      if (!initializers.containsKey(v.getName())) {
        declaredType(v).ifPresent(t -> inference.types.put(v.getName(), t));
      }
    }
    for (TensorProto t : initializers.values()) {
      inference.types.put(t.getName(), new TensorType(elementType(t), dimsOf(t)));
      long[] values = intValues(t);
      if (values != null) {
        inference.constants.put(t.getName(), values);
      }
    }
    for (NodeProto node : order) {
      inference.visit(node);
    }
    return inference;
  }

  /** The type of {@code tensor}, or an exception saying why it is unknown. */
  TensorType type(String tensor) throws ModelFormatException {
    TensorType t = types.get(tensor);
    if (t == null) {
      throw new ModelFormatException(
          modelName
              + ": cannot infer the shape of tensor "
              + tensor
              + " ("
              + unknown.getOrDefault(tensor, "it is produced by no node")
              + "); save the model with shape information (onnx.shape_inference.infer_shapes) so"
              + " it carries value_info");
    }
    return t;
  }

  private static java.util.Optional<TensorType> declaredType(ValueInfoProto v) {
    if (!v.hasType() || !v.getType().hasTensorType()) {
      return java.util.Optional.empty();
    }
    TypeProto.Tensor tt = v.getType().getTensorType();
    if (!tt.hasShape()) {
      return java.util.Optional.empty();
    }
    List<TensorShapeProto.Dimension> dims = tt.getShape().getDimList();
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      // Symbolic or missing dimensions are the batch in practice: Strata plans for batch 1.
      shape[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : 1;
    }
    return java.util.Optional.of(new TensorType(ElementType.ofOnnx(tt.getElemType()), shape));
  }

  private void visit(NodeProto node) {
    try {
      inferNode(node);
    } catch (RuntimeException | ModelFormatException e) {
      String reason = node.getOpType() + " node " + displayName(node) + ": " + e.getMessage();
      for (String out : node.getOutputList()) {
        TensorType declaredType = declared.get(out);
        if (declaredType != null) {
          types.put(out, declaredType);
        } else {
          unknown.put(out, reason);
        }
      }
    }
  }

  static String displayName(NodeProto node) {
    return node.getName().isEmpty() ? "(output " + node.getOutput(0) + ")" : node.getName();
  }

  private void inferNode(NodeProto node) throws ModelFormatException {
    String op = node.getOpType();
    if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
      throw new IllegalStateException("operator domain " + node.getDomain() + " is not supported");
    }
    if (SAME_SHAPE.contains(op)) {
      set(node, 0, in(node, 0));
    } else if (BROADCAST.contains(op)) {
      long[] dims = new long[0];
      for (String input : node.getInputList()) {
        dims = broadcast(dims, type(input).dims());
      }
      ElementType type =
          COMPARISON.contains(op) ? ElementType.BOOL : in(node, op.equals("Where") ? 1 : 0).type();
      set(node, 0, new TensorType(type, dims));
    } else {
      switch (op) {
        case "Constant" -> constant(node);
        case "Cast" ->
            set(
                node,
                0,
                new TensorType(
                    ElementType.ofOnnx((int) intAttr(node, "to", 1)), in(node, 0).dims()));
        case "Conv" -> set(node, 0, new TensorType(in(node, 0).type(), convolution(node)));
        case "MaxPool", "AveragePool", "LpPool" -> pool(node);
        case "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool" -> globalPool(node);
        case "Flatten" -> flatten(node);
        case "Gemm" -> gemm(node);
        case "MatMul" -> set(node, 0, new TensorType(in(node, 0).type(), matmul(node)));
        case "Concat" -> concat(node);
        case "Reshape" -> reshape(node);
        case "Transpose" -> transpose(node);
        case "Squeeze", "Unsqueeze" -> squeeze(node, op.equals("Unsqueeze"));
        case "Shape" -> shape(node);
        case "Gather" -> gather(node);
        case "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL2" ->
            reduce(node);
        default -> throw new IllegalStateException("operator not supported by shape inference");
      }
    }
  }

  private TensorType in(NodeProto node, int i) throws ModelFormatException {
    return type(node.getInput(i));
  }

  private void set(NodeProto node, int output, TensorType type) {
    types.put(node.getOutput(output), type);
  }

  private void constant(NodeProto node) {
    for (AttributeProto a : node.getAttributeList()) {
      switch (a.getName()) {
        case "value" -> {
          TensorProto t = a.getT();
          set(node, 0, new TensorType(elementType(t), dimsOf(t)));
          long[] values = intValues(t);
          if (values != null) {
            constants.put(node.getOutput(0), values);
          }
        }
        case "value_float" -> set(node, 0, new TensorType(ElementType.FLOAT, new long[0]));
        case "value_floats" ->
            set(node, 0, new TensorType(ElementType.FLOAT, new long[] {a.getFloatsCount()}));
        case "value_int" -> {
          set(node, 0, new TensorType(ElementType.INT64, new long[0]));
          constants.put(node.getOutput(0), new long[] {a.getI()});
        }
        case "value_ints" -> {
          set(node, 0, new TensorType(ElementType.INT64, new long[] {a.getIntsCount()}));
          constants.put(
              node.getOutput(0), a.getIntsList().stream().mapToLong(Long::longValue).toArray());
        }
        default -> throw new IllegalStateException("Constant attribute " + a.getName());
      }
    }
  }

  private long[] convolution(NodeProto node) throws ModelFormatException {
    long[] x = in(node, 0).dims();
    long[] w = in(node, 1).dims();
    int spatial = x.length - 2;
    long[] kernel = ints(node, "kernel_shape", Arrays.copyOfRange(w, 2, w.length));
    long[] out = new long[x.length];
    out[0] = x[0];
    out[1] = w[0];
    fillSpatial(node, x, kernel, spatial, out, false);
    return out;
  }

  private void fillSpatial(
      NodeProto node, long[] x, long[] kernel, int spatial, long[] out, boolean ceilMode) {
    long[] strides = ints(node, "strides", filled(spatial, 1));
    long[] dilations = ints(node, "dilations", filled(spatial, 1));
    long[] pads = ints(node, "pads", filled(2 * spatial, 0));
    String autoPad = stringAttr(node, "auto_pad", "NOTSET");
    for (int i = 0; i < spatial; i++) {
      long size = x[i + 2];
      if (autoPad.startsWith("SAME")) {
        out[i + 2] = ceilDiv(size, strides[i]);
        continue;
      }
      long padded = autoPad.equals("VALID") ? size : size + pads[i] + pads[i + spatial];
      long span = dilations[i] * (kernel[i] - 1) + 1;
      long steps = padded - span;
      out[i + 2] = (ceilMode ? ceilDiv(steps, strides[i]) : Math.floorDiv(steps, strides[i])) + 1;
      if (ceilMode && (out[i + 2] - 1) * strides[i] >= size + pads[i]) {
        out[i + 2]--; // the last window must start inside the input or its left padding
      }
    }
  }

  private void pool(NodeProto node) throws ModelFormatException {
    TensorType x = in(node, 0);
    int spatial = x.dims().length - 2;
    long[] out = x.dims().clone();
    fillSpatial(
        node,
        x.dims(),
        ints(node, "kernel_shape", filled(spatial, 1)),
        spatial,
        out,
        intAttr(node, "ceil_mode", 0) == 1);
    set(node, 0, new TensorType(x.type(), out));
    if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
      set(node, 1, new TensorType(ElementType.INT64, out));
    }
  }

  private void globalPool(NodeProto node) throws ModelFormatException {
    TensorType x = in(node, 0);
    long[] out = x.dims().clone();
    Arrays.fill(out, 2, out.length, 1);
    set(node, 0, new TensorType(x.type(), out));
  }

  private void flatten(NodeProto node) throws ModelFormatException {
    TensorType x = in(node, 0);
    long[] d = x.dims();
    int axis = (int) normalizeAxis(intAttr(node, "axis", 1), d.length + 1);
    long outer = TensorInfo.elementCount(Arrays.copyOfRange(d, 0, axis));
    long inner = TensorInfo.elementCount(Arrays.copyOfRange(d, axis, d.length));
    set(node, 0, new TensorType(x.type(), new long[] {outer, inner}));
  }

  private void gemm(NodeProto node) throws ModelFormatException {
    long[] a = in(node, 0).dims();
    long[] b = in(node, 1).dims();
    long m = intAttr(node, "transA", 0) == 1 ? a[1] : a[0];
    long n = intAttr(node, "transB", 0) == 1 ? b[0] : b[1];
    set(node, 0, new TensorType(in(node, 0).type(), new long[] {m, n}));
  }

  private long[] matmul(NodeProto node) throws ModelFormatException {
    long[] a = in(node, 0).dims();
    long[] b = in(node, 1).dims();
    long[] a2 = a.length == 1 ? new long[] {1, a[0]} : a;
    long[] b2 = b.length == 1 ? new long[] {b[0], 1} : b;
    long[] batch =
        broadcast(
            Arrays.copyOfRange(a2, 0, a2.length - 2), Arrays.copyOfRange(b2, 0, b2.length - 2));
    long[] out = Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = a2[a2.length - 2];
    out[batch.length + 1] = b2[b2.length - 1];
    int drop = (a.length == 1 ? 1 : 0) + (b.length == 1 ? 1 : 0);
    if (a.length == 1) {
      out = remove(out, out.length - 2);
    }
    if (b.length == 1) {
      out = remove(out, out.length - 1);
    }
    return drop == 2 ? new long[0] : out;
  }

  private void concat(NodeProto node) throws ModelFormatException {
    TensorType first = in(node, 0);
    long[] out = first.dims().clone();
    int axis = (int) normalizeAxis(intAttr(node, "axis", 0), out.length);
    out[axis] = 0;
    long[][] values = new long[node.getInputCount()][];
    for (int i = 0; i < node.getInputCount(); i++) {
      out[axis] += in(node, i).dims()[axis];
      values[i] = constants.get(node.getInput(i));
    }
    set(node, 0, new TensorType(first.type(), out));
    if (out.length == 1 && Arrays.stream(values).allMatch(v -> v != null)) {
      constants.put(
          node.getOutput(0), Arrays.stream(values).flatMapToLong(Arrays::stream).toArray());
    }
  }

  private void reshape(NodeProto node) throws ModelFormatException {
    TensorType x = in(node, 0);
    long[] target = constantInput(node, 1, "shape");
    long[] out = target.clone();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0 && intAttr(node, "allowzero", 0) == 0) {
        out[i] = x.dims()[i];
      }
      if (out[i] == -1) {
        inferred = i;
      } else {
        known *= out[i];
      }
    }
    if (inferred >= 0) {
      out[inferred] = TensorInfo.elementCount(x.dims()) / known;
    }
    set(node, 0, new TensorType(x.type(), out));
    long[] values = constants.get(node.getInput(0));
    if (values != null) {
      constants.put(node.getOutput(0), values);
    }
  }

  private void transpose(NodeProto node) throws ModelFormatException {
    TensorType x = in(node, 0);
    long[] d = x.dims();
    long[] perm = ints(node, "perm", null);
    long[] out = new long[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = perm == null ? d[d.length - 1 - i] : d[(int) perm[i]];
    }
    set(node, 0, new TensorType(x.type(), out));
  }

  private void squeeze(NodeProto node, boolean unsqueeze) throws ModelFormatException {
    TensorType x = in(node, 0);
    long[] d = x.dims();
    long[] axes =
        node.getInputCount() > 1 ? constantInput(node, 1, "axes") : ints(node, "axes", null);
    long[] out;
    if (unsqueeze) {
      int rank = d.length + axes.length;
      boolean[] inserted = new boolean[rank];
      for (long a : axes) {
        inserted[(int) normalizeAxis(a, rank)] = true;
      }
      out = new long[rank];
      for (int i = 0, j = 0; i < rank; i++) {
        out[i] = inserted[i] ? 1 : d[j++];
      }
    } else {
      boolean[] removed = new boolean[d.length];
      for (int i = 0; i < d.length; i++) {
        removed[i] = axes == null && d[i] == 1;
      }
      if (axes != null) {
        for (long a : axes) {
          removed[(int) normalizeAxis(a, d.length)] = true;
        }
      }
      out = new long[d.length];
      int n = 0;
      for (int i = 0; i < d.length; i++) {
        if (!removed[i]) {
          out[n++] = d[i];
        }
      }
      out = Arrays.copyOf(out, n);
    }
    set(node, 0, new TensorType(x.type(), out));
    long[] values = constants.get(node.getInput(0));
    if (values != null) {
      constants.put(node.getOutput(0), values);
    }
  }

  private void shape(NodeProto node) throws ModelFormatException {
    long[] d = in(node, 0).dims();
    int start = (int) normalizeAxis(intAttr(node, "start", 0), d.length + 1);
    long end = intAttr(node, "end", d.length);
    long[] values =
        Arrays.copyOfRange(d, start, (int) Math.min(normalizeAxis(end, d.length + 1), d.length));
    set(node, 0, new TensorType(ElementType.INT64, new long[] {values.length}));
    constants.put(node.getOutput(0), values);
  }

  private void gather(NodeProto node) throws ModelFormatException {
    TensorType data = in(node, 0);
    long[] indicesDims = in(node, 1).dims();
    long[] d = data.dims();
    int axis = (int) normalizeAxis(intAttr(node, "axis", 0), d.length);
    long[] out = new long[d.length - 1 + indicesDims.length];
    System.arraycopy(d, 0, out, 0, axis);
    System.arraycopy(indicesDims, 0, out, axis, indicesDims.length);
    System.arraycopy(d, axis + 1, out, axis + indicesDims.length, d.length - axis - 1);
    set(node, 0, new TensorType(data.type(), out));
    long[] values = constants.get(node.getInput(0));
    long[] indices = constants.get(node.getInput(1));
    if (values != null && indices != null && d.length == 1) {
      long[] picked = new long[indices.length];
      for (int i = 0; i < indices.length; i++) {
        picked[i] = values[(int) normalizeAxis(indices[i], values.length)];
      }
      constants.put(node.getOutput(0), picked);
    }
  }

  private void reduce(NodeProto node) throws ModelFormatException {
    TensorType x = in(node, 0);
    long[] d = x.dims();
    long[] axes =
        node.getInputCount() > 1 && !node.getInput(1).isEmpty()
            ? constantInput(node, 1, "axes")
            : ints(node, "axes", null);
    boolean keep = intAttr(node, "keepdims", 1) == 1;
    boolean[] reduced = new boolean[d.length];
    for (int i = 0; i < d.length; i++) {
      reduced[i] = axes == null || axes.length == 0;
    }
    if (axes != null) {
      for (long a : axes) {
        reduced[(int) normalizeAxis(a, d.length)] = true;
      }
    }
    long[] out = new long[d.length];
    int n = 0;
    for (int i = 0; i < d.length; i++) {
      if (!reduced[i]) {
        out[n++] = d[i];
      } else if (keep) {
        out[n++] = 1;
      }
    }
    set(node, 0, new TensorType(x.type(), Arrays.copyOf(out, n)));
  }

  private long[] constantInput(NodeProto node, int i, String what) {
    long[] v = constants.get(node.getInput(i));
    if (v == null) {
      throw new IllegalStateException(
          "its " + what + " input " + node.getInput(i) + " is not a constant");
    }
    return v;
  }

  static long[] broadcast(long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalStateException(
            "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
      }
      out[i] = Math.max(da, db);
    }
    return out;
  }

  static ElementType elementType(TensorProto t) {
    return ElementType.ofOnnx(t.getDataType());
  }

  static long[] dimsOf(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** The values of a small INT64 or INT32 tensor, or null for any other tensor. */
  private static long[] intValues(TensorProto t) {
    long count = TensorInfo.elementCount(dimsOf(t));
    if (count > 64) {
      return null;
    }
    if (t.getDataType() == ElementType.INT64.onnxCode()) {
      if (t.getInt64DataCount() > 0) {
        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
      }
      ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long[] v = new long[raw.remaining() / 8];
      raw.asLongBuffer().get(v);
      return v;
    }
    if (t.getDataType() == ElementType.INT32.onnxCode()) {
      if (t.getInt32DataCount() > 0) {
        return t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
      }
      ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long[] v = new long[raw.remaining() / 4];
      for (int i = 0; i < v.length; i++) {
        v[i] = raw.getInt();
      }
      return v;
    }
    return null;
  }

  static long intAttr(NodeProto node, String name, long fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return fallback;
  }

  static long[] ints(NodeProto node, String name, long[] fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
      }
    }
    return fallback;
  }

  private static String stringAttr(NodeProto node, String name, String fallback) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getS().toStringUtf8();
      }
    }
    return fallback;
  }

  private static long normalizeAxis(long axis, long rank) {
    return axis < 0 ? axis + rank : axis;
  }

  private static long[] filled(int n, long value) {
    long[] a = new long[n];
    Arrays.fill(a, value);
    return a;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static long[] remove(long[] a, int index) {
    long[] out = new long[a.length - 1];
    System.arraycopy(a, 0, out, 0, index);
    System.arraycopy(a, index + 1, out, index, a.length - index - 1);
    return out;
  }
}
