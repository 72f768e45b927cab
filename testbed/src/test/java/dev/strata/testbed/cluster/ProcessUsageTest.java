package dev.strata.testbed.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessUsageTest {

  @Test
  void readsUserPlusSystemTimeAndResidentMemory() {
    String stat =
        "4242 (java (stage) x) S 1 4242 4242 0 -1 4194560 12345 0 3 0 250 50 0 0 20 0 41 0"
            + " 987654 5000000000 30000 18446744073709551615 1 1 0 0 0 0 0 4096 17102 0 0 0 17 3"
            + " 0 0 0 0 0";
    String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  204800 kB\nThreads:\t41\n";
    assertEquals(
        Optional.of(new ProcessUsage(300 * 10_000_000L, 204_800L * 1024)),
        ProcessUsage.parse(stat, status));
  }

  @Test
  void thisProcessHasUsage() {
    Optional<ProcessUsage> self = ProcessUsage.of(ProcessHandle.current().pid());
    assertTrue(self.isPresent());
    assertTrue(self.get().rssBytes() > 0 && self.get().cpuNanos() > 0, self.get().toString());
  }

  @Test
  void goneProcessHasNone() {
    assertEquals(Optional.empty(), ProcessUsage.of(Long.MAX_VALUE));
  }
}
