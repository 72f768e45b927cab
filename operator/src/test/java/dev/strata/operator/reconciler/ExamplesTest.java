package dev.strata.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.api.v1alpha1.InferencePipeline;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** examples/ holds a valid InferencePipeline for each built-in model. */
class ExamplesTest {

  private static final Path EXAMPLES =
      Path.of(System.getProperty("strata.repo.dir", ".."), "examples");

  @Test
  void everyBuiltinModelHasAValidExample() throws IOException {
    for (String model : List.of("vgg16", "alexnet", "mobilenet_v2", "resnet18")) {
      Path file = EXAMPLES.resolve(model + ".yaml");
      InferencePipeline cr =
          Serialization.unmarshal(Files.readString(file), InferencePipeline.class);
      cr.getMetadata().setNamespace("default");
      assertEquals(
          "builtin:" + model + "?seed=7", cr.getSpec().getModel().getUri(), file.toString());
      List<Finding> findings =
          SpecValidator.validate(
              cr,
              dev.strata.core.models.ModelUriPolicy.allowing(
                  dev.strata.core.models.ModelUriPolicy.DEFAULT_PREFIXES));
      assertTrue(findings.isEmpty(), file + ": " + findings);
      assertEquals(3, cr.getSpec().getTiers().size());
    }
  }
}
