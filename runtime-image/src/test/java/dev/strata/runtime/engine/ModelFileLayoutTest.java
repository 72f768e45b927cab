package dev.strata.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.strata.core.models.BuiltinModels;
import dev.strata.core.onnx.OnnxProto.ModelProto;
import dev.strata.core.onnx.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelFileLayoutTest {

  @Test
  void everyInitializersRawDataIsFoundAtItsSpan() throws Exception {
    ModelProto model = BuiltinModels.build("mobilenet_v2", 7);
    byte[] bytes = model.toByteArray();
    Map<String, ModelFileLayout.Span> spans = ModelFileLayout.spansOf(ByteBuffer.wrap(bytes));
    int withRawData = 0;
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (t.getRawData().isEmpty()) {
        continue;
      }
      withRawData++;
      ModelFileLayout.Span span = spans.get(t.getName());
      byte[] at =
          Arrays.copyOfRange(bytes, (int) span.offset(), (int) (span.offset() + span.length()));
      assertEquals(t.getRawData().size(), span.length(), t.getName());
      assertEquals(t.getRawData(), ByteString.copyFrom(at), t.getName());
    }
    assertEquals(withRawData, spans.size());
  }

  @Test
  void aTruncatedModelIsAnError() {
    byte[] bytes = BuiltinModels.build("alexnet", 1).toByteArray();
    ByteBuffer cut = ByteBuffer.wrap(bytes, 0, bytes.length / 2).slice();
    assertThrows(IOException.class, () -> ModelFileLayout.spansOf(cut));
  }
}
