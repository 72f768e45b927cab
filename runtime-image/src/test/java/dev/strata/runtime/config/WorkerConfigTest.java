package dev.strata.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.core.models.ModelUriPolicy;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

  @Test
  void defaultModelUriAllowlistIsTheCoreDefault() throws Exception {
    WithDefault allowlist =
        WorkerConfig.class.getMethod("allowedModelUris").getAnnotation(WithDefault.class);
    assertEquals(String.join(",", ModelUriPolicy.DEFAULT_PREFIXES), allowlist.value());
  }
}
