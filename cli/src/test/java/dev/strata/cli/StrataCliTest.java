package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI contract that other tools rely on, run in-process. */
class StrataCliTest {
  @TempDir static Path dir;
  static Path model;

  record Run(int exit, String out, String err) {}

  static Run strata(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void buildModel() {
    model = dir.resolve("resnet18.onnx");
    Run run = strata("model", "build", "resnet18", "--seed", "3", "--out", model.toString());
    assertEquals(0, run.exit(), run.err());
  }

  @Test
  void inspectJsonCarriesTheContractFields() throws Exception {
    Run run = strata("inspect", model.toString(), "--json");
    assertEquals(0, run.exit(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals("input", json.get("inputs").get(0).get("name").asText());
    assertEquals(4, json.get("inputs").get(0).get("shape").size());
    assertEquals(1000, json.get("outputs").get(0).get("shape").get(1).asInt());
    assertEquals(22, json.get("cuts").size());
    JsonNode cut = json.get("cuts").get(0);
    assertTrue(cut.has("tensor") && cut.has("shape") && cut.has("bytes"));
    assertEquals(23, json.get("segments").size());
    assertTrue(json.get("segments").get(0).get("macs").asLong() > 0);
    assertEquals(11_689_512, json.get("params").asLong());
  }

  @Test
  void inspectTableListsEverySegment() {
    Run run = strata("inspect", model.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("model resnet18.onnx: 69 nodes"), run.out());
    assertTrue(run.out().contains("(output logits)"));
  }

  @Test
  void splitWritesEveryPartAndAManifest() throws Exception {
    Path out = dir.resolve("split");
    Run run = strata("split", model.toString(), "--out", out.toString(), "--cuts", "all");
    assertEquals(0, run.exit(), run.err());
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertEquals(23, manifest.get("parts").size());
    for (JsonNode part : manifest.get("parts")) {
      assertTrue(Files.size(out.resolve(part.get("file").asText())) > 0);
    }
  }

  @Test
  void splitRunMatchesTheWholeModel() {
    Path in = dir.resolve("in.f32");
    assertEquals(
        0, strata("input", model.toString(), "--seed", "4", "--out", in.toString()).exit());
    Path whole = dir.resolve("whole.f32");
    Path chained = dir.resolve("chained.f32");
    Run first =
        strata(
            "infer",
            model.toString(),
            "--input",
            in.toString(),
            "--output",
            whole.toString(),
            "--exact");
    Run second =
        strata(
            "infer",
            model.toString(),
            "--input",
            in.toString(),
            "--output",
            chained.toString(),
            "--split",
            "all",
            "--exact");
    assertEquals(0, first.exit(), first.err());
    assertEquals(0, second.exit(), second.err());
    Run compare = strata("compare", chained.toString(), whole.toString(), "--rtol", "1e-5");
    assertEquals(0, compare.exit(), compare.out());
  }

  @Test
  void compareFailsOnDifferentOutputs() throws Exception {
    Path a = Files.write(dir.resolve("a.f32"), new byte[] {0, 0, -128, 63}); // 1.0f
    Path b = Files.write(dir.resolve("b.f32"), new byte[] {0, 0, 0, 64}); // 2.0f
    Run run = strata("compare", a.toString(), b.toString());
    assertEquals(1, run.exit());
    assertTrue(run.out().startsWith("DIFFERENT"), run.out());
  }

  @Test
  void missingFileIsOneClearLine() {
    assertUserError(
        strata("inspect", dir.resolve("absent.onnx").toString()), "absent.onnx: no such file");
  }

  @Test
  void nonOnnxFileIsOneClearLine() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.onnx"), "these are notes, not a model\n");
    assertUserError(strata("inspect", text.toString()), "notes.onnx: not an ONNX model");
  }

  @Test
  void truncatedModelIsOneClearLine() throws Exception {
    byte[] bytes = Files.readAllBytes(model);
    Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(bytes, bytes.length / 3));
    assertUserError(strata("inspect", cut.toString()), "cut.onnx: the file is truncated");
  }

  @Test
  void unknownCutTensorIsOneClearLine() {
    assertUserError(
        strata("split", model.toString(), "--out", dir.resolve("x").toString(), "--cuts", "nope"),
        "unknown cut tensor \"nope\"");
  }

  @Test
  void inputOfTheWrongSizeIsOneClearLine() throws Exception {
    Path small = Files.write(dir.resolve("small.f32"), new byte[16]);
    assertUserError(
        strata(
            "infer",
            model.toString(),
            "--input",
            small.toString(),
            "--output",
            dir.resolve("o.f32").toString()),
        "small.f32 holds 16 bytes, but input input [1, 3, 224, 224] needs 602112 bytes");
  }

  @Test
  void unknownBuiltinModelIsOneClearLine() {
    assertUserError(
        strata("model", "build", "vgg19", "--out", dir.resolve("v.onnx").toString()),
        "Unknown built-in model \"vgg19\"");
  }

  private static void assertUserError(Run run, String expected) {
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().startsWith("strata: "), run.err());
    assertTrue(run.err().contains(expected), run.err());
    assertEquals(1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err());
    assertFalse(run.err().contains("\tat "));
  }
}
