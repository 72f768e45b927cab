package dev.strata.core.graph;

import dev.strata.core.graph.ShapeInference.TensorType;
import dev.strata.core.onnx.OnnxProto.GraphProto;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import dev.strata.core.onnx.OnnxProto.NodeProto;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import dev.strata.core.onnx.OnnxProto.TensorShapeProto;
import dev.strata.core.onnx.OnnxProto.TypeProto;
import dev.strata.core.onnx.OnnxProto.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cut points, segments and costs of an ONNX model, and extraction of any range of segments as a
 * standalone model.
 *
 * <p>A <em>cut</em> is an activation tensor {@code t} such that the graph's activation nodes split
 * into a prefix (the producer of {@code t} and all its ancestors) and a suffix, where {@code t} is
 * the only activation that crosses and no suffix node reads a model input. Weights (initializers,
 * Constant nodes and every node computed only from them) are never activations: each range that
 * needs a weight gets its own copy. Cuts of a DAG are totally ordered by their prefixes, so the
 * model splits into {@code cuts().size() + 1} consecutive segments.
 */
public final class ModelGraph {
  private final OnnxModel model;
  private final GraphProto graph;
  private final Map<String, TensorProto> initializers;
  private final Map<String, Integer> producer;
  private final BitSet weightNodes;
  private final List<List<Integer>> segmentNodes;
  private final ShapeInference shapes;
  private final List<TensorInfo> inputs;
  private final List<TensorInfo> outputs;
  private final List<Cut> cuts;
  private final List<Segment> segments;
  private final int activationNodeCount;

  private ModelGraph(OnnxModel model) throws ModelFormatException {
    this.model = model;
    this.graph = model.proto().getGraph();
    this.initializers = new HashMap<>();
    for (TensorProto t : graph.getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    this.producer = new HashMap<>();
    for (int i = 0; i < graph.getNodeCount(); i++) {
      for (String out : graph.getNode(i).getOutputList()) {
        if (!out.isEmpty()) {
          producer.put(out, i);
        }
      }
    }
    List<Integer> order = topologicalOrder();
    this.shapes =
        ShapeInference.run(
            graph, order.stream().map(graph::getNode).toList(), initializers, model.name());
    this.weightNodes = findWeightNodes(order);
    List<Integer> activations = order.stream().filter(i -> !weightNodes.get(i)).toList();
    this.activationNodeCount = activations.size();
    this.inputs = new ArrayList<>();
    for (ValueInfoProto v : graph.getInputList()) {
      if (!initializers.containsKey(v.getName())) {
        inputs.add(info(v.getName()));
      }
    }
    this.outputs = new ArrayList<>();
    for (ValueInfoProto v : graph.getOutputList()) {
      outputs.add(info(v.getName()));
    }
    List<String> cutTensors = new ArrayList<>();
    List<BitSet> prefixes = findCuts(activations, cutTensors);
    this.cuts = new ArrayList<>();
    for (int k = 0; k < cutTensors.size(); k++) {
      cuts.add(new Cut(k, info(cutTensors.get(k))));
    }
    this.segmentNodes = new ArrayList<>();
    BitSet previous = new BitSet();
    for (int k = 0; k <= prefixes.size(); k++) {
      BitSet current = new BitSet();
      if (k < prefixes.size()) {
        current = prefixes.get(k);
      } else {
        activations.forEach(current::set);
      }
      List<Integer> nodes = new ArrayList<>();
      for (int i : activations) {
        if (current.get(i) && !previous.get(i)) {
          nodes.add(i);
        }
      }
      segmentNodes.add(nodes);
      previous = current;
    }
    this.segments = new ArrayList<>();
    for (int k = 0; k < segmentNodes.size(); k++) {
      segments.add(segmentCosts(k));
    }
  }

  /**
   * Analyzes a model: infers shapes, classifies weights, finds cuts and segment costs.
   *
   * @throws ModelFormatException if the graph is cyclic, refers to a tensor nothing produces, or a
   *     shape that a cut or a cost needs cannot be inferred
   */
  public static ModelGraph analyze(OnnxModel model) throws ModelFormatException {
    return new ModelGraph(model);
  }

  private List<Integer> topologicalOrder() throws ModelFormatException {
    Set<String> available = new HashSet<>(initializers.keySet());
    graph.getInputList().forEach(v -> available.add(v.getName()));
    int n = graph.getNodeCount();
    int[] pending = new int[n];
    Map<String, List<Integer>> consumers = new HashMap<>();
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      NodeProto node = graph.getNode(i);
      for (String in : new LinkedHashSet<>(node.getInputList())) {
        if (in.isEmpty() || available.contains(in)) {
          continue;
        }
        if (!producer.containsKey(in)) {
          throw new ModelFormatException(
              model.name()
                  + ": node "
                  + ShapeInference.displayName(node)
                  + " reads tensor "
                  + in
                  + " that no node, initializer or input provides; the model is broken");
        }
        pending[i]++;
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
      }
      if (pending[i] == 0) {
        ready.add(i);
      }
    }
    List<Integer> order = new ArrayList<>(n);
    while (!ready.isEmpty()) {
      int i = ready.poll();
      order.add(i);
      for (String out : graph.getNode(i).getOutputList()) {
        for (int c : consumers.getOrDefault(out, List.of())) {
          if (--pending[c] == 0) {
            ready.add(c);
          }
        }
      }
    }
    if (order.size() != n) {
      throw new ModelFormatException(model.name() + ": the graph has a cycle");
    }
    return order;
  }

  private BitSet findWeightNodes(List<Integer> order) {
    Set<String> inputNames = new HashSet<>();
    for (ValueInfoProto v : graph.getInputList()) {
      if (!initializers.containsKey(v.getName())) {
        inputNames.add(v.getName());
      }
    }
    BitSet weights = new BitSet();
    for (int i : order) {
      boolean constant = true;
      for (String in : graph.getNode(i).getInputList()) {
        if (in.isEmpty() || initializers.containsKey(in)) {
          continue;
        }
        Integer p = producer.get(in);
        if (inputNames.contains(in) || p == null || !weights.get(p)) {
          constant = false;
          break;
        }
      }
      if (constant) {
        weights.set(i);
      }
    }
    return weights;
  }

  /** Activation inputs of node {@code i}: tensors produced by activation nodes. */
  private List<Integer> activationProducers(int i) {
    List<Integer> result = new ArrayList<>();
    for (String in : graph.getNode(i).getInputList()) {
      Integer p = producer.get(in);
      if (p != null && !weightNodes.get(p) && !initializers.containsKey(in)) {
        result.add(p);
      }
    }
    return result;
  }

  private List<BitSet> findCuts(List<Integer> activations, List<String> cutTensors)
      throws ModelFormatException {
    Map<Integer, BitSet> ancestors = new HashMap<>();
    for (int i : activations) {
      BitSet anc = new BitSet();
      anc.set(i);
      for (int p : activationProducers(i)) {
        anc.or(ancestors.get(p));
      }
      ancestors.put(i, anc);
    }
    Set<String> outputNames = new HashSet<>();
    outputs.forEach(t -> outputNames.add(t.name()));
    Set<String> inputNames = new HashSet<>();
    inputs.forEach(t -> inputNames.add(t.name()));
    BitSet inputReaders = new BitSet();
    for (int i : activations) {
      if (graph.getNode(i).getInputList().stream().anyMatch(inputNames::contains)) {
        inputReaders.set(i);
      }
    }
    record Candidate(BitSet prefix, String tensor) {}
    List<Candidate> found = new ArrayList<>();
    for (int n : activations) {
      BitSet prefix = ancestors.get(n);
      for (String t : graph.getNode(n).getOutputList()) {
        if (!t.isEmpty()
            && !outputNames.contains(t)
            && isCut(prefix, t, activations, inputReaders, outputNames)) {
          found.add(new Candidate(prefix, t));
        }
      }
    }
    found.sort(Comparator.comparingInt(c -> c.prefix().cardinality()));
    List<BitSet> prefixes = new ArrayList<>();
    for (Candidate c : found) {
      prefixes.add(c.prefix());
      cutTensors.add(c.tensor());
    }
    return prefixes;
  }

  private boolean isCut(
      BitSet prefix,
      String tensor,
      List<Integer> activations,
      BitSet inputReaders,
      Set<String> outputNames) {
    boolean consumed = false;
    for (int m : activations) {
      if (prefix.get(m)) {
        continue;
      }
      if (inputReaders.get(m)) {
        return false;
      }
      for (String in : graph.getNode(m).getInputList()) {
        Integer p = producer.get(in);
        if (p == null || weightNodes.get(p) || !prefix.get(p)) {
          continue;
        }
        if (!in.equals(tensor)) {
          return false;
        }
        consumed = true;
      }
    }
    for (String out : outputNames) {
      Integer p = producer.get(out);
      if (p != null && prefix.get(p)) {
        return false;
      }
    }
    return consumed;
  }

  private TensorInfo info(String tensor) throws ModelFormatException {
    TensorType t = shapes.type(tensor);
    return TensorInfo.of(tensor, t.type(), t.dims());
  }

  private Segment segmentCosts(int k) throws ModelFormatException {
    List<Integer> nodes = segmentNodes.get(k);
    long macs = 0;
    long largest = 0;
    for (int i : nodes) {
      NodeProto node = graph.getNode(i);
      macs += macs(node);
      for (String out : node.getOutputList()) {
        if (!out.isEmpty()) {
          largest = Math.max(largest, info(out).bytes());
        }
      }
    }
    Set<String> weights = new HashSet<>();
    Set<String> statistics = new HashSet<>();
    collectWeights(nodes, new LinkedHashSet<>(), weights, statistics);
    long params = 0;
    long weightBytes = 0;
    for (String w : weights) {
      TensorInfo t = info(w);
      weightBytes += t.bytes();
      if (!statistics.contains(w)) {
        params += t.elementCount();
      }
    }
    return new Segment(k, nodes.size(), macs, params, weightBytes, largest);
  }

  /**
   * Collects the weight nodes and initializers that {@code nodes} read, directly or through
   * constant subgraphs. {@code statistics} receives BatchNormalization running mean and variance.
   */
  private void collectWeights(
      List<Integer> nodes,
      Set<Integer> weightNodeOut,
      Set<String> initOut,
      Set<String> statistics) {
    Deque<Integer> work = new ArrayDeque<>(nodes);
    Set<Integer> seen = new HashSet<>(nodes);
    while (!work.isEmpty()) {
      NodeProto node = graph.getNode(work.poll());
      for (int j = 0; j < node.getInputCount(); j++) {
        String in = node.getInput(j);
        if (initializers.containsKey(in)) {
          initOut.add(in);
          if (node.getOpType().equals("BatchNormalization") && j >= 3) {
            statistics.add(in);
          }
          continue;
        }
        Integer p = producer.get(in);
        if (p != null && weightNodes.get(p) && seen.add(p)) {
          weightNodeOut.add(p);
          work.add(p);
        }
      }
    }
    // A statistic that some other node also reads as a weight counts as a parameter.
    statistics.removeIf(s -> readAsParameter(s, nodes));
  }

  private boolean readAsParameter(String tensor, List<Integer> nodes) {
    for (int i : nodes) {
      NodeProto node = graph.getNode(i);
      for (int j = 0; j < node.getInputCount(); j++) {
        if (node.getInput(j).equals(tensor)
            && !(node.getOpType().equals("BatchNormalization") && j >= 3)) {
          return true;
        }
      }
    }
    return false;
  }

  private long macs(NodeProto node) throws ModelFormatException {
    switch (node.getOpType()) {
      case "Conv" -> {
        long[] w = shapes.type(node.getInput(1)).dims();
        long perOutput = 1;
        for (int d = 1; d < w.length; d++) {
          perOutput *= w[d];
        }
        return info(node.getOutput(0)).elementCount() * perOutput;
      }
      case "Gemm" -> {
        long[] a = shapes.type(node.getInput(0)).dims();
        long k = ShapeInference.intAttr(node, "transA", 0) == 1 ? a[0] : a[1];
        return info(node.getOutput(0)).elementCount() * k;
      }
      case "MatMul" -> {
        long[] a = shapes.type(node.getInput(0)).dims();
        return info(node.getOutput(0)).elementCount() * a[a.length - 1];
      }
      default -> {
        return 0;
      }
    }
  }

  /** The model this analysis describes. */
  public OnnxModel model() {
    return model;
  }

  /** The model's inputs (initializers listed as inputs excluded). */
  public List<TensorInfo> inputs() {
    return List.copyOf(inputs);
  }

  /** The model's outputs. */
  public List<TensorInfo> outputs() {
    return List.copyOf(outputs);
  }

  /** The cuts in data-flow order; cut {@code k} lies between segments {@code k} and {@code k+1}. */
  public List<Cut> cuts() {
    return List.copyOf(cuts);
  }

  /** The segments in data-flow order; there is one more segment than there are cuts. */
  public List<Segment> segments() {
    return List.copyOf(segments);
  }

  /** Activation nodes of the model (weight-only nodes are not counted). */
  public int nodeCount() {
    return activationNodeCount;
  }

  /** Multiply-accumulates of the whole model at batch 1. */
  public long totalMacs() {
    return segments.stream().mapToLong(Segment::macs).sum();
  }

  /**
   * Trainable parameters of the whole model: every initializer counted once, BatchNormalization
   * running statistics excluded.
   */
  public long totalParams() throws ModelFormatException {
    Set<String> weights = new HashSet<>();
    Set<String> statistics = new HashSet<>();
    List<Integer> all = segmentNodes.stream().flatMap(List::stream).toList();
    collectWeights(all, new HashSet<>(), weights, statistics);
    long params = 0;
    for (String w : weights) {
      if (!statistics.contains(w)) {
        params += info(w).elementCount();
      }
    }
    return params;
  }

  /**
   * A standalone model that runs segments {@code [from, to)}.
   *
   * <p>Its input is the model's input when {@code from == 0}, else the tensor of cut {@code from -
   * 1}; its output is the model's output when {@code to == segments().size()}, else the tensor of
   * cut {@code to - 1}. It keeps only the weights its nodes read.
   *
   * @throws IllegalArgumentException unless {@code 0 <= from < to <= segments().size()}
   */
  public OnnxModel extract(int from, int to) {
    if (from < 0 || to > segments.size() || from >= to) {
      throw new IllegalArgumentException(
          model.name()
              + ": segment range ["
              + from
              + ", "
              + to
              + ") is not within [0, "
              + segments.size()
              + ") or is empty");
    }
    List<Integer> nodes = new ArrayList<>();
    for (int k = from; k < to; k++) {
      nodes.addAll(segmentNodes.get(k));
    }
    Set<Integer> weightNodeSet = new HashSet<>();
    Set<String> usedInitializers = new LinkedHashSet<>();
    collectWeights(nodes, weightNodeSet, usedInitializers, new HashSet<>());
    Set<Integer> keep = new HashSet<>(nodes);
    keep.addAll(weightNodeSet);

    GraphProto.Builder sub =
        GraphProto.newBuilder()
            .setName(graph.getName() + "_segments_" + from + "_" + to)
            .setDocString("Segments [" + from + ", " + to + ") of " + model.name());
    for (int i = 0; i < graph.getNodeCount(); i++) {
      if (keep.contains(i)) {
        sub.addNode(graph.getNode(i));
      }
    }
    for (TensorProto t : graph.getInitializerList()) {
      if (usedInitializers.contains(t.getName())) {
        sub.addInitializer(t);
      }
    }
    if (from == 0) {
      for (ValueInfoProto v : graph.getInputList()) {
        if (!initializers.containsKey(v.getName()) || usedInitializers.contains(v.getName())) {
          sub.addInput(v);
        }
      }
    } else {
      sub.addInput(valueInfo(cuts.get(from - 1).tensor()));
      for (ValueInfoProto v : graph.getInputList()) {
        if (usedInitializers.contains(v.getName())) {
          sub.addInput(v); // IR < 4 lists initializers among the inputs
        }
      }
    }
    if (to == segments.size()) {
      sub.addAllOutput(graph.getOutputList());
    } else {
      sub.addOutput(valueInfo(cuts.get(to - 1).tensor()));
    }
    ModelProto proto = model.proto().toBuilder().clearGraph().setGraph(sub).build();
    return OnnxModel.of(proto, model.name() + "[" + from + "," + to + ")");
  }

  private static ValueInfoProto valueInfo(TensorInfo t) {
    ElementType type =
        java.util.Arrays.stream(ElementType.values())
            .filter(e -> e.oipName().equals(t.datatype()))
            .findFirst()
            .orElseThrow();
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : t.shape()) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(t.name())
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.onnxCode()).setShape(shape)))
        .build();
  }
}
