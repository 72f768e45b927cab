package dev.strata.testbed.cluster;

import dev.strata.testbed.link.LinkRelay;
import dev.strata.testbed.link.LinkSpec;
import dev.strata.testbed.link.ShapedLink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulated pod network on loopback. Each pod gets its own address {@code 127.0.<node>.<n>};
 * each node sees every other node's pods through a {@link LinkRelay} over the link between the two
 * nodes, at {@code 127.<100+from>.<node>.<n>}. Stages find each other by DNS name, and each node's
 * processes resolve names through their own hosts file ({@code jdk.net.hosts.file}), so the same
 * name leads through the right link from every node. The control plane resolves names to the pods
 * directly (the operator's control calls are not what the links emulate).
 */
public final class PodNetwork implements AutoCloseable {
  /** The stage port of the pod contract. */
  public static final int STAGE_PORT = 8080;

  private final Path dir;
  private final List<EmulatedNode> nodes;
  private final Map<String, ShapedLink> links;
  private final Map<String, Attached> pods = new LinkedHashMap<>();
  private final Map<String, Integer> nextHost = new HashMap<>();

  private record Attached(String dnsName, EmulatedNode node, int host, List<LinkRelay> relays) {
    String ip() {
      return "127.0." + node.index() + "." + host;
    }

    String relayIp(EmulatedNode from) {
      return "127." + (100 + from.index()) + "." + node.index() + "." + host;
    }
  }

  /**
   * @param links link between each pair of tiers, keyed "edge-fog" style in tier order
   */
  public PodNetwork(Path dir, List<EmulatedNode> nodes, Map<String, LinkSpec> links)
      throws IOException {
    this.dir = Files.createDirectories(dir);
    this.nodes = List.copyOf(nodes);
    this.links = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        String key = linkKey(nodes.get(i), nodes.get(j));
        LinkSpec spec = links.get(key);
        if (spec == null) {
          throw new IllegalArgumentException(
              "no link spec for " + key + "; known: " + links.keySet());
        }
        this.links.put(nodes.get(i).name() + "|" + nodes.get(j).name(), new ShapedLink(key, spec));
      }
    }
    writeHostsFiles();
  }

  /**
   * The default links: edge-fog 20 Mbit/s 10 ms, fog-cloud 50 Mbit/s 30 ms, edge-cloud 10 Mbit/s 40
   * ms.
   */
  public static Map<String, LinkSpec> defaultLinks() {
    Map<String, LinkSpec> links = new LinkedHashMap<>();
    links.put("edge-fog", LinkSpec.mbit(20, 10));
    links.put("fog-cloud", LinkSpec.mbit(50, 30));
    links.put("edge-cloud", LinkSpec.mbit(10, 40));
    return links;
  }

  private static String linkKey(EmulatedNode a, EmulatedNode b) {
    return a.index() < b.index() ? a.tier() + "-" + b.tier() : b.tier() + "-" + a.tier();
  }

  /** The link between two tiers ("edge", "fog"), in either order. */
  public ShapedLink link(String tierA, String tierB) {
    for (ShapedLink link : links.values()) {
      if (link.name().equals(tierA + "-" + tierB) || link.name().equals(tierB + "-" + tierA)) {
        return link;
      }
    }
    throw new IllegalArgumentException("no link between " + tierA + " and " + tierB);
  }

  public List<ShapedLink> links() {
    return List.copyOf(links.values());
  }

  /** Gives a pod its address and relays from every other node; returns the pod IP. */
  public synchronized String attach(String podKey, String dnsName, EmulatedNode node)
      throws IOException {
    int host = nextHost.merge(node.name(), 10, (a, b) -> a + 1);
    Attached pod = new Attached(dnsName, node, host, new ArrayList<>());
    InetSocketAddress target = new InetSocketAddress(pod.ip(), STAGE_PORT);
    for (EmulatedNode from : nodes) {
      if (from.equals(node)) {
        continue;
      }
      boolean fromFirst = from.index() < node.index();
      ShapedLink link =
          fromFirst
              ? links.get(from.name() + "|" + node.name())
              : links.get(node.name() + "|" + from.name());
      pod.relays.add(
          LinkRelay.start(
              new InetSocketAddress(pod.relayIp(from), STAGE_PORT), target, link, fromFirst));
    }
    pods.put(podKey, pod);
    writeHostsFiles();
    return pod.ip();
  }

  public synchronized void detach(String podKey) throws IOException {
    Attached pod = pods.remove(podKey);
    if (pod != null) {
      pod.relays.forEach(LinkRelay::close);
      writeHostsFiles();
    }
  }

  /** The hosts file the processes of {@code node} resolve stage names with. */
  public Path hostsFile(EmulatedNode node) {
    return dir.resolve("hosts-" + node.name());
  }

  /** The hosts file of the control plane (operator): names resolve straight to the pods. */
  public Path controlPlaneHosts() {
    return dir.resolve("hosts-control-plane");
  }

  /** Where a client on {@code node} connects to reach the pod named {@code dnsName}. */
  public synchronized InetSocketAddress addressFrom(EmulatedNode node, String dnsName) {
    for (Attached pod : pods.values()) {
      if (pod.dnsName.equals(dnsName)) {
        String ip = pod.node.equals(node) ? pod.ip() : pod.relayIp(node);
        return new InetSocketAddress(ip, STAGE_PORT);
      }
    }
    throw new IllegalArgumentException("no pod named " + dnsName + " on the emulated network");
  }

  private void writeHostsFiles() throws IOException {
    for (EmulatedNode node : nodes) {
      StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
      for (Attached pod : pods.values()) {
        hosts
            .append(pod.node.equals(node) ? pod.ip() : pod.relayIp(node))
            .append(' ')
            .append(pod.dnsName)
            .append('\n');
      }
      replace(hostsFile(node), hosts.toString());
    }
    StringBuilder control = new StringBuilder("127.0.0.1 localhost\n");
    for (Attached pod : pods.values()) {
      control.append(pod.ip()).append(' ').append(pod.dnsName).append('\n');
    }
    replace(controlPlaneHosts(), control.toString());
  }

  private static void replace(Path file, String content) throws IOException {
    Path tmp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public synchronized void close() {
    pods.values().forEach(p -> p.relays.forEach(LinkRelay::close));
    pods.clear();
  }
}
