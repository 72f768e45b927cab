package dev.strata.deploy;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Kubernetes "restricted" Pod Security Standard (baseline and restricted controls, version
 * latest), checked on a pod spec the way the PodSecurity admission plugin would, so a manifest that
 * passes here is admitted by a namespace labelled {@code pod-security.kubernetes.io/enforce:
 * restricted}. Each violation names the workload, the container and the field.
 */
final class RestrictedPodSecurity {

  private static final Set<String> ALLOWED_VOLUME_TYPES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");

  private static final Set<String> ALLOWED_SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  private static final Set<String> SECCOMP_CONFINED = Set.of("RuntimeDefault", "Localhost");

  private RestrictedPodSecurity() {}

  /** A container of any kind (init, regular, ephemeral) as far as these controls look at it. */
  private record ContainerView(
      String name, SecurityContext securityContext, List<ContainerPort> ports) {}

  /**
   * Violations of the restricted standard in {@code spec}, empty when it passes.
   *
   * @param where names the workload in each message, e.g. {@code Deployment strata-system/x}
   */
  static List<String> violations(
      String where, PodSpec spec, Map<String, String> templateAnnotations) {
    List<String> out = new ArrayList<>();
    PodSecurityContext pod =
        spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
    hostNamespaces(where, spec, out);
    volumes(where, spec, out);
    podLevel(where, pod, out);
    appArmorAnnotations(where, templateAnnotations, out);
    for (ContainerView c : containers(spec)) {
      container(where, pod, c, out);
    }
    return out;
  }

  private static void hostNamespaces(String where, PodSpec spec, List<String> out) {
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      out.add(where + ": spec.hostNetwork must not be true");
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      out.add(where + ": spec.hostPID must not be true");
    }
    if (Boolean.TRUE.equals(spec.getHostIPC())) {
      out.add(where + ": spec.hostIPC must not be true");
    }
  }

  private static void volumes(String where, PodSpec spec, List<String> out) {
    for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
      String type = volumeType(v);
      if (!ALLOWED_VOLUME_TYPES.contains(type)) {
        out.add(
            where
                + ": volume "
                + v.getName()
                + " is of type "
                + type
                + "; restricted allows only "
                + ALLOWED_VOLUME_TYPES.stream().sorted().toList());
      }
    }
  }

  private static String volumeType(Volume v) {
    // A volume carries exactly one source; any source not in the allowed list is a violation.
    if (v.getHostPath() != null) return "hostPath";
    if (v.getConfigMap() != null) return "configMap";
    if (v.getCsi() != null) return "csi";
    if (v.getDownwardAPI() != null) return "downwardAPI";
    if (v.getEmptyDir() != null) return "emptyDir";
    if (v.getEphemeral() != null) return "ephemeral";
    if (v.getPersistentVolumeClaim() != null) return "persistentVolumeClaim";
    if (v.getProjected() != null) return "projected";
    if (v.getSecret() != null) return "secret";
    if (v.getAdditionalProperties() != null && !v.getAdditionalProperties().isEmpty()) {
      return v.getAdditionalProperties().keySet().iterator().next();
    }
    return "other (nfs, iscsi, gitRepo, ...)";
  }

  private static void podLevel(String where, PodSecurityContext pod, List<String> out) {
    if (Long.valueOf(0).equals(pod.getRunAsUser())) {
      out.add(where + ": spec.securityContext.runAsUser must not be 0");
    }
    if (pod.getWindowsOptions() != null
        && Boolean.TRUE.equals(pod.getWindowsOptions().getHostProcess())) {
      out.add(where + ": spec.securityContext.windowsOptions.hostProcess must not be true");
    }
    seLinux(where, "spec.securityContext", pod.getSeLinuxOptions(), out);
    SeccompProfile seccomp = pod.getSeccompProfile();
    if (seccomp != null && !SECCOMP_CONFINED.contains(seccomp.getType())) {
      out.add(
          where
              + ": spec.securityContext.seccompProfile.type is "
              + seccomp.getType()
              + "; use RuntimeDefault or Localhost");
    }
    if (pod.getAppArmorProfile() != null
        && "Unconfined".equals(pod.getAppArmorProfile().getType())) {
      out.add(where + ": spec.securityContext.appArmorProfile.type must not be Unconfined");
    }
    for (Sysctl s : pod.getSysctls() == null ? List.<Sysctl>of() : pod.getSysctls()) {
      if (!SAFE_SYSCTLS.contains(s.getName())) {
        out.add(where + ": spec.securityContext.sysctls " + s.getName() + " is not a safe sysctl");
      }
    }
  }

  private static void appArmorAnnotations(
      String where, Map<String, String> annotations, List<String> out) {
    if (annotations == null) {
      return;
    }
    annotations.forEach(
        (key, value) -> {
          if (key.startsWith("container.apparmor.security.beta.kubernetes.io/")
              && !value.equals("runtime/default")
              && !value.startsWith("localhost/")) {
            out.add(where + ": annotation " + key + "=" + value + " is not an allowed profile");
          }
        });
  }

  private static void container(
      String where, PodSecurityContext pod, ContainerView c, List<String> out) {
    String at = where + ": container " + c.name() + " securityContext.";
    SecurityContext sc = c.securityContext() == null ? new SecurityContext() : c.securityContext();
    if (Boolean.TRUE.equals(sc.getPrivileged())) {
      out.add(at + "privileged must not be true");
    }
    if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
      out.add(at + "allowPrivilegeEscalation must be false");
    }
    boolean nonRoot =
        Boolean.TRUE.equals(sc.getRunAsNonRoot())
            || (sc.getRunAsNonRoot() == null && Boolean.TRUE.equals(pod.getRunAsNonRoot()));
    if (!nonRoot) {
      out.add(at + "runAsNonRoot must be true (here or in spec.securityContext)");
    }
    if (Long.valueOf(0).equals(sc.getRunAsUser())) {
      out.add(at + "runAsUser must not be 0");
    }
    SeccompProfile seccomp =
        sc.getSeccompProfile() != null ? sc.getSeccompProfile() : pod.getSeccompProfile();
    if (seccomp == null || !SECCOMP_CONFINED.contains(seccomp.getType())) {
      out.add(
          at
              + "seccompProfile.type must be RuntimeDefault or Localhost (here or in"
              + " spec.securityContext)");
    }
    Capabilities caps = sc.getCapabilities();
    List<String> drop = caps == null || caps.getDrop() == null ? List.of() : caps.getDrop();
    if (!drop.contains("ALL")) {
      out.add(at + "capabilities.drop must contain ALL");
    }
    List<String> add = caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
    for (String a : add) {
      if (!a.equals("NET_BIND_SERVICE")) {
        out.add(at + "capabilities.add " + a + " is not allowed (only NET_BIND_SERVICE)");
      }
    }
    if (sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
      out.add(at + "procMount must be Default");
    }
    if (sc.getWindowsOptions() != null
        && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
      out.add(at + "windowsOptions.hostProcess must not be true");
    }
    if (sc.getAppArmorProfile() != null && "Unconfined".equals(sc.getAppArmorProfile().getType())) {
      out.add(at + "appArmorProfile.type must not be Unconfined");
    }
    seLinux(where, "container " + c.name() + " securityContext", sc.getSeLinuxOptions(), out);
    for (ContainerPort p : c.ports() == null ? List.<ContainerPort>of() : c.ports()) {
      if (p.getHostPort() != null && p.getHostPort() != 0) {
        out.add(
            where + ": container " + c.name() + " port " + p.getContainerPort() + " sets hostPort");
      }
    }
  }

  private static void seLinux(String where, String field, SELinuxOptions se, List<String> out) {
    if (se == null) {
      return;
    }
    if (se.getType() != null && !ALLOWED_SELINUX_TYPES.contains(se.getType())) {
      out.add(where + ": " + field + ".seLinuxOptions.type " + se.getType() + " is not allowed");
    }
    if (se.getUser() != null && !se.getUser().isEmpty()) {
      out.add(where + ": " + field + ".seLinuxOptions.user must not be set");
    }
    if (se.getRole() != null && !se.getRole().isEmpty()) {
      out.add(where + ": " + field + ".seLinuxOptions.role must not be set");
    }
  }

  private static List<ContainerView> containers(PodSpec spec) {
    Stream<ContainerView> regular =
        Stream.concat(
                spec.getInitContainers() == null ? Stream.of() : spec.getInitContainers().stream(),
                spec.getContainers() == null ? Stream.of() : spec.getContainers().stream())
            .map(RestrictedPodSecurity::view);
    Stream<ContainerView> ephemeral =
        (spec.getEphemeralContainers() == null
                ? Stream.<EphemeralContainer>of()
                : spec.getEphemeralContainers().stream())
            .map(e -> new ContainerView(e.getName(), e.getSecurityContext(), e.getPorts()));
    return Stream.concat(regular, ephemeral).toList();
  }

  private static ContainerView view(Container c) {
    return new ContainerView(c.getName(), c.getSecurityContext(), c.getPorts());
  }
}
