package dev.strata.testbed.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A closed-loop OIP v2 client: one request at a time, the next one a fixed period after the
 * previous one was sent (or at once when the answer came later). Requests use the binary tensor
 * extension, as a KServe or Triton client would. Every answer is recorded; none is retried, so a
 * failed request is counted as failed.
 */
public final class LoadGenerator implements Runnable {
  private final Supplier<InetSocketAddress> entry;
  private final String model;
  private final long[] shape;
  private final Duration period;
  private final Duration timeout;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<Sample> samples = new ArrayList<>();
  private volatile boolean stopped;
  private final long origin = System.nanoTime();

  /**
   * @param entry where the entry stage is reached from the client's node, looked up per request
   *     (the entry moves when the placement does)
   */
  public LoadGenerator(
      Supplier<InetSocketAddress> entry,
      String model,
      long[] shape,
      Duration period,
      Duration timeout) {
    this.entry = entry;
    this.model = model;
    this.shape = shape.clone();
    this.period = period;
    this.timeout = timeout;
  }

  @Override
  public void run() {
    byte[] body = requestBody();
    int headerLength = body.length - tensorBytes();
    long next = System.nanoTime();
    while (!stopped) {
      long start = System.nanoTime();
      samples(send(body, headerLength, start));
      next = Math.max(next + period.toNanos(), System.nanoTime());
      while (!stopped && System.nanoTime() < next) {
        LockSupport.parkNanos(Math.min(next - System.nanoTime(), 50_000_000L));
      }
    }
  }

  private synchronized void samples(Sample s) {
    samples.add(s);
  }

  /** A copy of the samples so far. */
  public synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  public void stop() {
    stopped = true;
  }

  /** Milliseconds since the stream started, on the same scale as the samples. */
  public double elapsedMillis() {
    return (System.nanoTime() - origin) / 1e6;
  }

  private Sample send(byte[] body, int headerLength, long start) {
    double startMs = (start - origin) / 1e6;
    try {
      InetSocketAddress target = entry.get();
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://"
                          + target.getHostString()
                          + ":"
                          + target.getPort()
                          + "/v2/models/"
                          + model
                          + "/infer"))
              .timeout(timeout)
              .header("Content-Type", "application/octet-stream")
              .header("Inference-Header-Content-Length", Integer.toString(headerLength))
              .header("Strata-Deadline-Ms", Long.toString(timeout.toMillis()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long revision =
          response.headers().firstValue("Strata-Revision").map(Long::parseLong).orElse(-1L);
      return new Sample(
          startMs, (System.nanoTime() - start) / 1e6, response.statusCode(), revision);
    } catch (IOException | RuntimeException e) {
      return new Sample(startMs, (System.nanoTime() - start) / 1e6, 0, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
      return new Sample(startMs, (System.nanoTime() - start) / 1e6, 0, -1);
    }
  }

  private int tensorBytes() {
    return (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b) * 4;
  }

  private byte[] requestBody() {
    String header =
        "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":"
            + Arrays.toString(shape).replace(" ", "")
            + ",\"parameters\":{\"binary_data_size\":"
            + tensorBytes()
            + "}}],\"parameters\":{\"binary_data_output\":true}}";
    ByteBuffer data = ByteBuffer.allocate(tensorBytes()).order(ByteOrder.LITTLE_ENDIAN);
    SplittableRandom random = new SplittableRandom(1);
    while (data.hasRemaining()) {
      data.putFloat((float) (random.nextDouble() * 2 - 1));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(data.array());
    return out.toByteArray();
  }
}
