package dev.strata.core.graph;

/**
 * A model that Strata cannot use: not ONNX, truncated, structurally broken, or using a construct
 * the graph core does not support. The message names the model, the problem and what to do.
 */
public class ModelFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
