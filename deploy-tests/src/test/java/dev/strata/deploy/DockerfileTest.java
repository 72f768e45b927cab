package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dockerfiles against what the manifests demand: a numeric non-root USER (Kubernetes refuses
 * {@code runAsNonRoot} with a named user it cannot verify), the uid the Deployment runs as, the
 * port it probes, and a base image published for both amd64 and arm64.
 */
class DockerfileTest {

  private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)\\s*$");
  private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
  private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)");

  private static Optional<String> last(Pattern p, String text) {
    Matcher m = p.matcher(text);
    String found = null;
    while (m.find()) {
      found = m.group(1);
    }
    return Optional.ofNullable(found);
  }

  private static String dockerfile(String path) {
    assumeTrue(Files.exists(Repo.path(path)), path + " is not on this branch: skipped");
    return Repo.read(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator/Dockerfile", "runtime-image/Dockerfile"})
  void runsAsANumericNonRootUser(String path) {
    String user =
        last(USER, dockerfile(path))
            .orElseThrow(() -> new AssertionError(path + " has no USER: it would run as root"));
    String uid = user.split(":")[0];
    assertTrue(
        uid.matches("\\d+") && Long.parseLong(uid) > 0,
        path + ": USER " + user + " must be a numeric uid above 0 for runAsNonRoot");
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator/Dockerfile", "runtime-image/Dockerfile"})
  void baseImageIsMultiArchTemurinJre(String path) {
    String from = last(FROM, dockerfile(path)).orElseThrow();
    // eclipse-temurin JRE tags are published for linux/amd64 and linux/arm64 alike.
    assertTrue(from.startsWith("eclipse-temurin:17-jre"), path + ": FROM " + from);
  }

  @Test
  void operatorImageMatchesTheDeployment() {
    String text = dockerfile("operator/Dockerfile");
    Deployment d =
        Manifests.named(
                Manifests.parse(Repo.read("deploy/base/operator.yaml")),
                Deployment.class,
                "strata-operator")
            .orElseThrow();
    var pod = d.getSpec().getTemplate().getSpec();
    String uid = last(USER, text).orElseThrow().split(":")[0];
    assertEquals(
        pod.getSecurityContext().getRunAsUser(),
        Long.valueOf(uid),
        "runAsUser in deploy/base/operator.yaml differs from the image's USER");
    assertEquals(
        pod.getContainers().get(0).getPorts().get(0).getContainerPort(),
        Integer.valueOf(last(EXPOSE, text).orElseThrow()),
        "EXPOSE differs from the Deployment's containerPort");
  }

  @ParameterizedTest
  @ValueSource(strings = {"operator/.dockerignore", "runtime-image/.dockerignore"})
  void buildContextIsOnlyTheQuarkusApp(String path) {
    assumeTrue(Files.exists(Repo.path(path)), path + " is not on this branch: skipped");
    List<String> lines =
        Repo.read(path).lines().map(String::strip).filter(l -> !l.startsWith("#")).toList();
    assertTrue(
        lines.contains("*") && lines.contains("!target/quarkus-app/"),
        path + " should exclude everything but target/quarkus-app/");
  }
}
