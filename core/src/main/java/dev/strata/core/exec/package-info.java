/** Runs ONNX models and extracted segments in ONNX Runtime through DJL. */
package dev.strata.core.exec;
