package dev.strata.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker itself: a compliant spec passes, each broken control is reported by name. */
class RestrictedPodSecurityTest {

  private static SecurityContextBuilder restrictedContainer() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities();
  }

  private static PodSpecBuilder restrictedPod() {
    return new PodSpecBuilder()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(
            new ContainerBuilder()
                .withName("app")
                .withSecurityContext(restrictedContainer().build())
                .build());
  }

  private static List<String> check(PodSpec spec) {
    return RestrictedPodSecurity.violations("Pod t", spec, Map.of());
  }

  private static void assertOneViolationMentioning(PodSpec spec, String field) {
    List<String> v = check(spec);
    assertEquals(1, v.size(), () -> "expected one violation about " + field + ", got " + v);
    assertTrue(v.get(0).contains(field), () -> v.get(0) + " does not name " + field);
  }

  @Test
  void compliantSpecHasNoViolations() {
    assertEquals(List.of(), check(restrictedPod().build()));
  }

  @Test
  void hostPathVolumeIsReported() {
    PodSpec spec =
        restrictedPod().addNewVolume().withName("h").withNewHostPath("/", null).endVolume().build();
    assertOneViolationMentioning(spec, "hostPath");
  }

  @Test
  void hostNetworkIsReported() {
    assertOneViolationMentioning(restrictedPod().withHostNetwork(true).build(), "hostNetwork");
  }

  @Test
  void hostPidIsReported() {
    assertOneViolationMentioning(restrictedPod().withHostPID(true).build(), "hostPID");
  }

  @Test
  void unsetAllowPrivilegeEscalationIsReported() {
    PodSpec spec = restrictedPod().build();
    spec.getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(null);
    assertOneViolationMentioning(spec, "allowPrivilegeEscalation");
  }

  @Test
  void capabilitiesWithoutDropAllAreReported() {
    PodSpec spec = restrictedPod().build();
    spec.getContainers().get(0).getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW"));
    assertOneViolationMentioning(spec, "capabilities.drop");
  }

  @Test
  void addedCapabilityOtherThanNetBindServiceIsReported() {
    PodSpec spec = restrictedPod().build();
    spec.getContainers().get(0).getSecurityContext().getCapabilities().setAdd(List.of("SYS_ADMIN"));
    assertOneViolationMentioning(spec, "SYS_ADMIN");
  }

  @Test
  void missingSeccompProfileIsReported() {
    PodSpec spec = restrictedPod().build();
    spec.getSecurityContext().setSeccompProfile(null);
    assertOneViolationMentioning(spec, "seccompProfile");
  }

  @Test
  void unconfinedSeccompIsReportedAtPodAndContainer() {
    PodSpec spec = restrictedPod().build();
    spec.getSecurityContext().getSeccompProfile().setType("Unconfined");
    assertEquals(2, check(spec).size(), () -> check(spec).toString());
  }

  @Test
  void containerRunAsNonRootFalseOverridesThePod() {
    PodSpec spec = restrictedPod().build();
    spec.getContainers().get(0).getSecurityContext().setRunAsNonRoot(false);
    assertOneViolationMentioning(spec, "runAsNonRoot");
  }

  @Test
  void runAsUserZeroIsReported() {
    PodSpec spec = restrictedPod().build();
    spec.getContainers().get(0).getSecurityContext().setRunAsUser(0L);
    assertOneViolationMentioning(spec, "runAsUser");
  }

  @Test
  void privilegedContainerIsReported() {
    PodSpec spec = restrictedPod().build();
    spec.getContainers().get(0).getSecurityContext().setPrivileged(true);
    assertOneViolationMentioning(spec, "privileged");
  }

  @Test
  void hostPortIsReported() {
    PodSpec spec = restrictedPod().build();
    spec.getContainers()
        .get(0)
        .setPorts(
            List.of(
                new io.fabric8.kubernetes.api.model.ContainerPort(
                    8080, null, 8080, "http", "TCP")));
    assertOneViolationMentioning(spec, "hostPort");
  }

  @Test
  void initContainersAreCheckedToo() {
    PodSpec spec =
        restrictedPod().addNewInitContainer().withName("init").endInitContainer().build();
    List<String> v = check(spec);
    assertTrue(
        v.stream().allMatch(m -> m.contains("container init ")) && v.size() == 2,
        () -> "expected allowPrivilegeEscalation and capabilities.drop on init, got " + v);
  }
}
