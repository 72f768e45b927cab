package dev.strata.testbed.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mock server's CRUD store plus the discovery endpoints kubectl needs ({@code /version}, {@code
 * /api}, {@code /apis} and the per-version resource lists), answered with JSON content types.
 * Custom resources are discovered from the CRDs stored in the server, as on a real API.
 */
final class DiscoveryDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Core kinds the emulation serves: name, kind, namespaced, short names. */
  private static final List<String[]> CORE =
      List.of(
          new String[] {"pods", "Pod", "true", "po"},
          new String[] {"services", "Service", "true", "svc"},
          new String[] {"secrets", "Secret", "true", ""},
          new String[] {"configmaps", "ConfigMap", "true", "cm"},
          new String[] {"events", "Event", "true", "ev"},
          new String[] {"endpoints", "Endpoints", "true", "ep"},
          new String[] {"serviceaccounts", "ServiceAccount", "true", "sa"},
          new String[] {"nodes", "Node", "false", "no"},
          new String[] {"namespaces", "Namespace", "false", "ns"});

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    if (request.getMethod().equals("GET")) {
      JsonNode discovery = discovery(bare);
      if (discovery != null) {
        return json(200, discovery);
      }
    }
    MockResponse response = super.dispatch(request);
    if (response.header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  private JsonNode discovery(String path) {
    return switch (path) {
      case "/version" -> version();
      case "/api" -> apiVersions();
      case "/api/v1" -> coreResources();
      case "/apis" -> apiGroups();
      default ->
          path.startsWith("/apis/") && path.split("/").length == 4 ? groupResources(path) : null;
    };
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  private static JsonNode version() {
    ObjectNode v = JSON.createObjectNode();
    v.put("major", "1");
    v.put("minor", "30");
    v.put("gitVersion", "v1.30.0-strata-testbed");
    v.put("platform", "linux/amd64");
    return v;
  }

  private static JsonNode apiVersions() {
    ObjectNode v = JSON.createObjectNode();
    v.put("kind", "APIVersions");
    v.putArray("versions").add("v1");
    v.putArray("serverAddressByClientCIDRs");
    return v;
  }

  private static JsonNode coreResources() {
    ObjectNode list = resourceList("v1");
    ArrayNode resources = (ArrayNode) list.get("resources");
    for (String[] r : CORE) {
      resources.add(resource(r[0], r[1], Boolean.parseBoolean(r[2]), r[3]));
      if (r[0].equals("pods")) {
        ObjectNode status = resource("pods/status", "Pod", true, "");
        resources.add(status);
      }
    }
    return list;
  }

  /** Group name to (version to resources), from the built-in groups and the stored CRDs. */
  private Map<String, Map<String, ArrayNode>> groups() {
    Map<String, Map<String, ArrayNode>> groups = new LinkedHashMap<>();
    ArrayNode metrics = JSON.createArrayNode();
    metrics.add(resource("nodes", "NodeMetrics", false, ""));
    metrics.add(resource("pods", "PodMetrics", true, ""));
    groups.computeIfAbsent("metrics.k8s.io", g -> new LinkedHashMap<>()).put("v1beta1", metrics);
    ArrayNode crds = JSON.createArrayNode();
    crds.add(resource("customresourcedefinitions", "CustomResourceDefinition", false, "crd"));
    groups.computeIfAbsent("apiextensions.k8s.io", g -> new LinkedHashMap<>()).put("v1", crds);
    for (JsonNode crd : storedCrds()) {
      JsonNode spec = crd.path("spec");
      JsonNode names = spec.path("names");
      boolean namespaced = spec.path("scope").asText().equals("Namespaced");
      String shortName = names.path("shortNames").path(0).asText("");
      for (JsonNode version : spec.path("versions")) {
        ArrayNode resources =
            groups
                .computeIfAbsent(spec.path("group").asText(), g -> new LinkedHashMap<>())
                .computeIfAbsent(version.path("name").asText(), v -> JSON.createArrayNode());
        resources.add(
            resource(
                names.path("plural").asText(), names.path("kind").asText(), namespaced, shortName));
        resources.add(
            resource(
                names.path("plural").asText() + "/status",
                names.path("kind").asText(),
                namespaced,
                ""));
      }
    }
    return groups;
  }

  private List<JsonNode> storedCrds() {
    MockResponse stored = handleGet("/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    try {
      JsonNode list = JSON.readTree(stored.getBody().readUtf8());
      return list.path("items").isArray() ? List.copyOf(toList(list.path("items"))) : List.of();
    } catch (Exception e) {
      return List.of();
    }
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> items = new java.util.ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  private JsonNode apiGroups() {
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    groups()
        .forEach(
            (name, versions) -> {
              ObjectNode group = groups.addObject();
              group.put("name", name);
              ArrayNode vs = group.putArray("versions");
              versions
                  .keySet()
                  .forEach(
                      v -> vs.addObject().put("groupVersion", name + "/" + v).put("version", v));
              String preferred = versions.keySet().iterator().next();
              group
                  .putObject("preferredVersion")
                  .put("groupVersion", name + "/" + preferred)
                  .put("version", preferred);
            });
    return list;
  }

  private JsonNode groupResources(String path) {
    String[] parts = path.split("/");
    Map<String, ArrayNode> versions = groups().get(parts[2]);
    if (versions == null || !versions.containsKey(parts[3])) {
      return null;
    }
    ObjectNode list = resourceList(parts[2] + "/" + parts[3]);
    list.set("resources", versions.get(parts[3]));
    return list;
  }

  private static ObjectNode resourceList(String groupVersion) {
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", groupVersion);
    list.putArray("resources");
    return list;
  }

  private static ObjectNode resource(
      String name, String kind, boolean namespaced, String shortName) {
    ObjectNode r = JSON.createObjectNode();
    r.put("name", name);
    r.put("singularName", "");
    r.put("namespaced", namespaced);
    r.put("kind", kind);
    ArrayNode verbs = r.putArray("verbs");
    for (String verb : List.of("create", "delete", "get", "list", "patch", "update", "watch")) {
      verbs.add(verb);
    }
    if (!shortName.isEmpty()) {
      r.putArray("shortNames").add(shortName);
    }
    return r;
  }
}
