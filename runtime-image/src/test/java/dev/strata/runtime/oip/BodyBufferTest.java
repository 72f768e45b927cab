package dev.strata.runtime.oip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class BodyBufferTest {

  private static byte[] bytes(int from, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (from + i);
    }
    return b;
  }

  @Test
  void declaredLengthIsFilledInOneArrayThatIsReturnedAsItIs() {
    BodyBuffer body = BodyBuffer.expecting(10, 100);
    body.append(Buffer.buffer(bytes(0, 4)));
    body.append(Buffer.buffer(bytes(4, 6)));
    byte[] first = body.bytes();
    assertArrayEquals(bytes(0, 10), first);
    assertSame(first, body.bytes());
    assertFalse(body.overLimit());
  }

  @Test
  void bodyWithoutLengthGrowsInOrder() {
    BodyBuffer body = BodyBuffer.expecting(-1, 1 << 20);
    for (int i = 0; i < 5; i++) {
      body.append(Buffer.buffer(bytes(i * 40_000, 40_000)));
    }
    assertArrayEquals(bytes(0, 200_000), body.bytes());
  }

  @Test
  void bytesPastTheLimitAreCountedNotKept() {
    BodyBuffer body = BodyBuffer.expecting(-1, 100);
    body.append(Buffer.buffer(bytes(0, 60)));
    assertFalse(body.overLimit());
    body.append(Buffer.buffer(bytes(60, 60)));
    body.append(Buffer.buffer(bytes(120, 30)));
    assertTrue(body.overLimit());
    assertEquals(150, body.offered());
  }

  @Test
  void bodyShorterThanTheArrayIsTrimmed() {
    BodyBuffer body = BodyBuffer.expecting(-1, 1000);
    body.append(Buffer.buffer(bytes(0, 3)));
    assertArrayEquals(bytes(0, 3), body.bytes());
  }
}
