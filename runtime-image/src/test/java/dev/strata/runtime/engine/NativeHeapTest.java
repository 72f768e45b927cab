package dev.strata.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeHeapTest {

  @Test
  void trimsWhereTheCLibraryIsGlibc() throws Exception {
    assumeTrue(
        Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6"))
            || Files.exists(Path.of("/lib/aarch64-linux-gnu/libc.so.6")),
        "not a glibc system");
    assertTrue(NativeHeap.trim(), "malloc_trim was not found in glibc");
  }
}
