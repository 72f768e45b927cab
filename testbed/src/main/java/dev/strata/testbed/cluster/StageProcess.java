package dev.strata.testbed.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What kubelet would do with one stage pod, as a local process: volumes become folders (Secrets
 * written out, emptyDirs created per pod, a PersistentVolumeClaim one folder per claim that every
 * pod mounting it shares; read-only mounts are not enforced), environment values that point into a
 * mount are rewritten to the folder, and the stage image becomes the runtime jar started with the
 * node's hosts file, bound to the pod's loopback address, inside the node's cgroups.
 */
final class StageProcess {
  private final Path dir;
  private final List<String> command;
  private final Map<String, String> environment;

  private StageProcess(Path dir, List<String> command, Map<String, String> environment) {
    this.dir = dir;
    this.command = command;
    this.environment = environment;
  }

  /** Everything the launch needs besides the pod: where things are on this machine. */
  record Host(Path runtimeJar, Path javaHome, Path hostsFile, NodeCgroups cgroups) {}

  /**
   * Lays out the pod's folder and prepares its command line.
   *
   * @param secrets reads a Secret of the pod's namespace by name (null when absent)
   * @param claims the folder of a PersistentVolumeClaim of the pod's namespace by name (null when
   *     the claim does not exist)
   */
  static StageProcess prepare(
      Pod pod,
      String podIp,
      Path dir,
      Host host,
      Function<String, Secret> secrets,
      Function<String, Path> claims)
      throws IOException {
    Container container = pod.getSpec().getContainers().get(0);
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume =
          pod.getSpec().getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IOException(
                          "volume " + mount.getName() + " is mounted but not declared"));
      Path folder;
      if (volume.getPersistentVolumeClaim() != null) {
        String name = volume.getPersistentVolumeClaim().getClaimName();
        Path claim = claims.apply(name);
        if (claim == null) {
          throw new IOException("persistentvolumeclaim \"" + name + "\" not found");
        }
        folder = Files.createDirectories(claim);
      } else {
        folder = Files.createDirectories(dir.resolve("volumes").resolve(volume.getName()));
      }
      if (volume.getSecret() != null) {
        Secret secret = secrets.apply(volume.getSecret().getSecretName());
        if (secret == null) {
          throw new IOException(
              "secret " + volume.getSecret().getSecretName() + " does not exist yet");
        }
        writeSecret(secret, folder);
      }
      mounts.put(mount.getMountPath(), folder);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DJL_OFFLINE", "true");
    env.put("OPT_OUT_TRACKING", "true");
    for (EnvVar var : container.getEnv()) {
      String value = var.getValue();
      if (value == null && var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
        value = fieldRef(pod, podIp, var.getValueFrom().getFieldRef().getFieldPath());
      }
      if (value != null) {
        env.put(var.getName(), rewrite(value, mounts));
      }
    }
    List<String> java = new ArrayList<>();
    java.add(host.javaHome().resolve("bin/java").toString());
    // A quarter of the node's memory for the heap, the JVM's own default: a stage's memory is
    // mostly ONNX Runtime's, outside the heap. At 70% the edge worker's heap could take 358 of its
    // 512 MiB; one that had relayed requests for a while was killed at the limit while it built
    // VGG16's [0,31) (anon-rss 522 MB, 2026-11-27 05:42).
    java.add("-XX:MaxRAMPercentage=25");
    java.add("-XX:+ExitOnOutOfMemoryError");
    java.add("-Djdk.net.hosts.file=" + host.hostsFile());
    java.add("-Dsun.net.inetaddr.ttl=0");
    java.add("-Dsun.net.inetaddr.negative.ttl=0");
    java.add("-Dai.djl.offline=true");
    java.add("-Dquarkus.http.host=" + podIp);
    java.add("-Dquarkus.http.port=" + PodNetwork.STAGE_PORT);
    java.add("-jar");
    java.add(host.runtimeJar().toString());
    return new StageProcess(dir, host.cgroups().wrap(java), env);
  }

  private static void writeSecret(Secret secret, Path folder) throws IOException {
    if (secret.getData() != null) {
      for (Map.Entry<String, String> e : secret.getData().entrySet()) {
        Files.write(folder.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
      }
    }
    if (secret.getStringData() != null) {
      for (Map.Entry<String, String> e : secret.getStringData().entrySet()) {
        Files.writeString(folder.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
      }
    }
  }

  private static String fieldRef(Pod pod, String podIp, String path) {
    return switch (path) {
      case "status.podIP" -> podIp;
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      default -> null;
    };
  }

  private static String rewrite(String value, Map<String, Path> mounts) {
    for (Map.Entry<String, Path> m : mounts.entrySet()) {
      if (value.equals(m.getKey()) || value.startsWith(m.getKey() + "/")) {
        return m.getValue() + value.substring(m.getKey().length());
      }
    }
    return value;
  }

  /** Deletes the pod's own volume folders (emptyDirs, Secrets), as kubelet does with the pod. */
  void removeVolumes() throws IOException {
    Path volumes = dir.resolve("volumes");
    if (!Files.exists(volumes)) {
      return;
    }
    try (var paths = Files.walk(volumes)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  Process start() throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stage.log").toFile()));
    return builder.start();
  }

  Map<String, String> environment() {
    return Map.copyOf(environment);
  }
}
