package dev.strata.runtime.oip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.runtime.engine.NamedTensor;
import dev.strata.runtime.engine.TensorValues;
import dev.strata.runtime.engine.WirePrecision;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OipCodecTest {
  private final OipCodec codec = new OipCodec(new ObjectMapper());

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static NamedTensor floats(String name, float... values) {
    return new NamedTensor(
        name, "FP32", new long[] {1, values.length}, new TensorValues.Floats(values));
  }

  @Test
  void jsonRequestWithNestedDataDecodes() throws Exception {
    InferRequest r =
        codec.decodeRequest(
            utf8(
                "{\"id\":\"a\",\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"FP32\","
                    + "\"data\":[[1,2],[3,4.5]]}]}"),
            OptionalInt.empty());
    assertEquals(Optional.of("a"), r.id());
    assertArrayEquals(
        new float[] {1, 2, 3, 4.5f}, ((TensorValues.Floats) r.inputs().get(0).values()).values());
  }

  @Test
  void int64JsonKeepsFullPrecision() throws Exception {
    InferRequest r =
        codec.decodeRequest(
            utf8(
                "{\"inputs\":[{\"name\":\"ids\",\"shape\":[1],\"datatype\":\"INT64\","
                    + "\"data\":[9007199254740993]}]}"),
            OptionalInt.empty());
    assertEquals(9007199254740993L, ((TensorValues.Longs) r.inputs().get(0).values()).values()[0]);
  }

  @Test
  void hopEncodingDecodesBackToTheSameValues() throws Exception {
    NamedTensor t = floats("cut3", 1.5f, -2f, 3.25f);
    EncodedBody body = codec.encodeHop(t, WirePrecision.FP32);
    InferRequest r = codec.decodeRequest(body.bytes(), body.headerLength());
    assertTrue(r.binaryOutput());
    assertArrayEquals(
        new float[] {1.5f, -2f, 3.25f},
        ((TensorValues.Floats) r.inputs().get(0).values()).values());
  }

  @Test
  void fp16HopHalvesTheTensorBytes() throws Exception {
    float[] values = new float[1000];
    EncodedBody fp32 = codec.encodeHop(floats("a", values), WirePrecision.FP32);
    EncodedBody fp16 = codec.encodeHop(floats("a", values), WirePrecision.FP16);
    assertEquals(
        2000,
        (fp32.bytes().length - fp32.headerLength().getAsInt())
            - (fp16.bytes().length - fp16.headerLength().getAsInt()));
    InferRequest r = codec.decodeRequest(fp16.bytes(), fp16.headerLength());
    assertEquals("FP16", r.inputs().get(0).datatype());
  }

  @Test
  void binaryResponseDecodesToItsOutputs() throws Exception {
    EncodedBody body =
        codec.encodeResponse("m", Optional.empty(), List.of(floats("y", 7f, 8f)), true);
    List<NamedTensor> outputs = codec.decodeResponse(body.bytes(), body.headerLength());
    assertArrayEquals(
        new float[] {7f, 8f}, ((TensorValues.Floats) outputs.get(0).values()).values());
  }

  @Test
  void binarySizeThatDoesNotMatchTheShapeIsRefused() {
    byte[] header =
        utf8(
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":8}}]}");
    byte[] body = new byte[header.length + 8];
    System.arraycopy(header, 0, body, 0, header.length);
    MalformedRequestException e =
        assertThrows(
            MalformedRequestException.class,
            () -> codec.decodeRequest(body, OptionalInt.of(header.length)));
    assertTrue(e.getMessage().contains("need 12"), e.getMessage());
  }

  @Test
  void headerLengthPastTheBodyIsRefused() {
    assertThrows(
        MalformedRequestException.class,
        () -> codec.decodeRequest(utf8("{}"), OptionalInt.of(100)));
  }

  @Test
  void dataCountThatDoesNotMatchTheShapeIsRefused() {
    MalformedRequestException e =
        assertThrows(
            MalformedRequestException.class,
            () ->
                codec.decodeRequest(
                    utf8(
                        "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"FP32\","
                            + "\"data\":[1,2,3]}]}"),
                    OptionalInt.empty()));
    assertTrue(e.getMessage().contains("needs 4 values"), e.getMessage());
  }

  @Test
  void unsupportedDatatypeIsNamed() {
    MalformedRequestException e =
        assertThrows(
            MalformedRequestException.class,
            () ->
                codec.decodeRequest(
                    utf8(
                        "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"BYTES\","
                            + "\"data\":[\"a\"]}]}"),
                    OptionalInt.empty()));
    assertTrue(e.getMessage().contains("\"BYTES\" is not supported"), e.getMessage());
  }

  @Test
  void invalidJsonIsRefused() {
    assertThrows(
        MalformedRequestException.class,
        () -> codec.decodeRequest(utf8("{\"inputs\": [}"), OptionalInt.empty()));
  }
}
