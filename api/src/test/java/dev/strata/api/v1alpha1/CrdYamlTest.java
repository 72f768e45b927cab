package dev.strata.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD YAML checked into crds/ must be what the Java classes generate. Run {@code make crds} (or
 * {@code mvn -B -ntp -pl api test -Dstrata.crds.write=true}) to regenerate it.
 */
class CrdYamlTest {

  private static final String FILE = InferencePipeline.CRD_NAME + "-v1.yml";

  @Test
  void checkedInCrdMatchesTheJavaClasses() throws IOException {
    Path out = Files.createTempDirectory("crds");
    new CRDGenerator()
        .inOutputDir(out.toFile())
        .forCRDVersions("v1")
        .customResourceClasses(InferencePipeline.class)
        .generate();
    String generated = Files.readString(out.resolve(FILE), StandardCharsets.UTF_8);
    Path checkedIn = Path.of(System.getProperty("strata.crds.dir", "../crds")).resolve(FILE);
    if (Boolean.getBoolean("strata.crds.write")) {
      Files.createDirectories(checkedIn.getParent());
      Files.writeString(checkedIn, generated, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(checkedIn), checkedIn + " is missing; run `make crds` to generate it");
    assertEquals(
        Files.readString(checkedIn, StandardCharsets.UTF_8),
        generated,
        checkedIn + " is stale: the CR classes changed; run `make crds` and commit crds/");
  }
}
