package dev.strata.operator.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.operator.testing.Pipelines;
import org.junit.jupiter.api.Test;

class StageNamesTest {

  @Test
  void stageIsAddressedByHostnameSubdomainAndNamespace() {
    assertEquals(
        "http://cam-rpi-1.cam-stages.vision.svc:8080",
        StageNames.address(Pipelines.of("cam", "edge"), "rpi-1").toString());
  }

  @Test
  void longNamesAreTruncatedToADnsLabelWithAStableHash() {
    String node = "a-very-long-node-name-from-a-cloud-provider-with-a-zone-suffix";
    String name = StageNames.pod("gate-camera-pipeline", node);
    assertTrue(name.length() <= 63, name);
    assertTrue(name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), name);
    assertEquals(name, StageNames.pod("gate-camera-pipeline", node));
    assertNotEquals(name, StageNames.pod("gate-camera-pipeline", node + "x"));
  }

  @Test
  void shortNamesStayReadable() {
    assertEquals("cam-edge-1", StageNames.pod("cam", "edge-1"));
    assertEquals("cam-stage-token", StageNames.tokenSecret("cam"));
    assertEquals("cam-profiles", StageNames.profileConfigMap("cam"));
  }
}
