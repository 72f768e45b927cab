package dev.strata.runtime.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.exec.Tensor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A minimal KServe/Triton-style OIP v2 client, binary tensor extension or plain JSON. */
final class OipClient {
  private OipClient() {}

  /** A binary request body and the length of its JSON header. */
  record Encoded(byte[] bytes, int headerLength) {}

  /** Sends {@code input} in binary and asks for binary output. */
  static HttpResponse<byte[]> inferBinary(URI base, String model, String inputName, Tensor input)
      throws IOException, InterruptedException {
    Encoded request = encodeBinary(inputName, input);
    return send(base, model, request.bytes(), request.headerLength());
  }

  /** The binary OIP request for {@code input}, asking for binary output. */
  static Encoded encodeBinary(String inputName, Tensor input) throws IOException {
    Map<String, Object> header =
        Map.of(
            "inputs",
            List.of(
                Map.of(
                    "name",
                    inputName,
                    "shape",
                    input.shape(),
                    "datatype",
                    "FP32",
                    "parameters",
                    Map.of("binary_data_size", 4 * input.data().length))),
            "parameters",
            Map.of("binary_data_output", true));
    byte[] json = WorkerProcess.JSON.writeValueAsBytes(header);
    ByteBuffer body = ByteBuffer.allocate(json.length + 4 * input.data().length);
    body.put(json);
    body.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(input.data());
    return new Encoded(body.array(), json.length);
  }

  static HttpResponse<byte[]> send(URI base, String model, byte[] body, int headerLength)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/v2/models/" + model + "/infer"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headerLength >= 0) {
      request.header("Inference-Header-Content-Length", Integer.toString(headerLength));
    }
    return WorkerProcess.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Sends a JSON-only request. */
  static HttpResponse<byte[]> inferJson(URI base, String model, Object request)
      throws IOException, InterruptedException {
    HttpRequest r =
        HttpRequest.newBuilder(base.resolve("/v2/models/" + model + "/infer"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    WorkerProcess.JSON.writeValueAsBytes(request)))
            .build();
    return WorkerProcess.HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The first output of a binary OIP response. */
  static Tensor output(HttpResponse<byte[]> response) throws IOException {
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "HTTP "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    int headerLength =
        Integer.parseInt(
            response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
    JsonNode header = WorkerProcess.JSON.readTree(response.body(), 0, headerLength);
    JsonNode out = header.path("outputs").get(0);
    long[] shape = new long[out.path("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = out.path("shape").get(i).asLong();
    }
    float[] data = new float[(response.body().length - headerLength) / 4];
    ByteBuffer.wrap(response.body(), headerLength, response.body().length - headerLength)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(data);
    return new Tensor(shape, data);
  }

  /** A seeded input of the given shape. */
  static Tensor randomInput(long[] shape, long seed) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    float[] data = new float[n];
    java.util.Random random = new java.util.Random(seed);
    for (int i = 0; i < n; i++) {
      data[i] = random.nextFloat();
    }
    return new Tensor(shape, data);
  }
}
