/** ONNX graph analysis: parsing, cut points, segment costs and subgraph extraction. */
package dev.strata.core.graph;
