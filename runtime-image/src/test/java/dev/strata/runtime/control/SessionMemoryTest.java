package dev.strata.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SessionMemoryTest {

  /** Resident memory set by the test; empty where /proc cannot be read. */
  private static final class FakeMemory extends ProcessMemory {
    OptionalLong resident;

    FakeMemory(OptionalLong resident) {
      this.resident = resident;
    }

    @Override
    public OptionalLong resident() {
      return resident;
    }
  }

  @Test
  void sessionsTakeWhatIsResidentAboveTheLevelAtLoad() {
    FakeMemory memory = new FakeMemory(OptionalLong.of(150));
    SessionMemory sessions = new SessionMemory(memory);
    memory.resident = OptionalLong.of(390);
    assertEquals(OptionalLong.of(240), sessions.sessionBytes());
    memory.resident = OptionalLong.of(120);
    assertEquals(OptionalLong.of(0), sessions.sessionBytes(), "never below 0");
  }

  @Test
  void memoryThatCannotBeReadIsNotReported() {
    assertEquals(
        OptionalLong.empty(),
        new SessionMemory(new FakeMemory(OptionalLong.empty())).sessionBytes());
    FakeMemory memory = new FakeMemory(OptionalLong.of(150));
    SessionMemory sessions = new SessionMemory(memory);
    memory.resident = OptionalLong.empty();
    assertEquals(OptionalLong.empty(), sessions.sessionBytes());
  }
}
