package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The operator Deployment against the operator module it runs: the HTTP port and the health and
 * metrics endpoints the manifests probe and scrape must be what the Quarkus app serves. Skipped on
 * a branch without the operator module.
 */
class OperatorModuleTest {

  private static final String POM = "operator/pom.xml";
  private static final String PROPERTIES = "operator/src/main/resources/application.properties";

  private static void assumeOperatorModule() {
    assumeTrue(
        Files.exists(Repo.path(POM)) && Files.exists(Repo.path(PROPERTIES)),
        "the operator module is not on this branch: manifest/module cross-checks skipped");
  }

  private static Properties applicationProperties() {
    Properties p = new Properties();
    try {
      p.load(new StringReader(Repo.read(PROPERTIES)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return p;
  }

  private static int containerPort() {
    Deployment d =
        Manifests.named(
                Manifests.parse(Repo.read("deploy/base/operator.yaml")),
                Deployment.class,
                "strata-operator")
            .orElseThrow();
    return d.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getPorts()
        .get(0)
        .getContainerPort();
  }

  @Test
  void containerPortIsTheQuarkusHttpPort() {
    assumeOperatorModule();
    String port = applicationProperties().getProperty("quarkus.http.port", "8080");
    assertEquals(
        Integer.parseInt(port.trim()),
        containerPort(),
        "deploy/base/operator.yaml declares a port the operator does not listen on ("
            + PROPERTIES
            + ": quarkus.http.port)");
  }

  @Test
  void operatorServesTheProbedHealthEndpoints() {
    assumeOperatorModule();
    assertTrue(
        Repo.read(POM).contains("<artifactId>quarkus-smallrye-health</artifactId>"),
        "deploy/base/operator.yaml probes /q/health/live and /q/health/ready, but "
            + POM
            + " has no io.quarkus:quarkus-smallrye-health: the probes would answer 404 and the"
            + " kubelet would restart the operator. Add the extension to the operator module.");
  }

  @Test
  void operatorServesPrometheusMetricsAtQMetrics() {
    assumeOperatorModule();
    assertTrue(
        Repo.read(POM).contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>"),
        POM
            + " has no quarkus-micrometer-registry-prometheus, yet Service strata-operator-metrics"
            + " advertises /q/metrics");
    String path =
        applicationProperties()
            .getProperty("quarkus.micrometer.export.prometheus.path", "/q/metrics")
            .trim();
    assertEquals("/q/metrics", path, PROPERTIES + ": quarkus.micrometer.export.prometheus.path");
  }
}
