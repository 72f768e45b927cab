package dev.strata.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Where the model comes from. */
public class ModelSource {

  @Required
  @Pattern("^(builtin:|https://|http://|file:///|pvc://).+")
  @JsonPropertyDescription(
      "Model URI: builtin:<name>[?seed=N] (alexnet, vgg16, mobilenet_v2, resnet18), https://...,"
          + " file:///... or pvc://<claim>/<path>.")
  private String uri;

  @Pattern("^[0-9a-f]{64}$")
  @JsonPropertyDescription(
      "Lower-case hex SHA-256 of the ONNX file; required for http(s), file and pvc URIs.")
  private String sha256;

  public ModelSource() {}

  public ModelSource(String uri, String sha256) {
    this.uri = uri;
    this.sha256 = sha256;
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }
}
