package dev.strata.runtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void anotherProcessIsReadFromItsOwnStatus() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/self/status")), "no /proc here");
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      ProcessMemory other = ProcessMemory.of(sleeper.pid());
      long anonymous = other.anonymous().orElseThrow();
      long resident = other.resident().orElseThrow();
      assertTrue(anonymous > 0 && anonymous <= resident, anonymous + " of " + resident);
      // A small program's resident memory is far below this JVM's.
      assertTrue(resident < new ProcessMemory().resident().orElseThrow() / 4, "read this JVM");
    } finally {
      sleeper.destroy();
    }
  }

  @Test
  void aProcessThatIsGoneHasNoReading() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    assertEquals(OptionalLong.empty(), ProcessMemory.of(done.pid()).resident());
  }
}
