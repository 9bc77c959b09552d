package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.config.ExportConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLogTest {
  @Test
  void jsonLinesCarryTheEventTheAccountTheRegionAndTheFields() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ProgressLog log =
        new ProgressLog(
            new PrintStream(buffer, true, StandardCharsets.UTF_8), ExportConfig.LogFormat.JSON);
    log.info(
        "reports",
        "111111111111",
        "eu-west-1",
        "12 reports",
        ProgressLog.fields("fetched", 10, "reused", 2));
    log.warn("lineage_denied", "111111111111", "eu-west-1", "denied", ProgressLog.fields());
    String[] lines = buffer.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.path("level").asText()).isEqualTo("INFO");
    assertThat(first.path("event").asText()).isEqualTo("reports");
    assertThat(first.path("account").asText()).isEqualTo("111111111111");
    assertThat(first.path("region").asText()).isEqualTo("eu-west-1");
    assertThat(first.path("fetched").asInt()).isEqualTo(10);
    assertThat(first.path("message").asText()).isEqualTo("12 reports");
    assertThat(first.path("time").asText()).endsWith("Z");
    assertThat(new ObjectMapper().readTree(lines[1]).path("level").asText()).isEqualTo("WARN");
  }

  @Test
  void textLinesAreReadable() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ProgressLog log =
        new ProgressLog(
            new PrintStream(buffer, true, StandardCharsets.UTF_8), ExportConfig.LogFormat.TEXT);
    log.info("reports", "111111111111", "eu-west-1", "12 reports", ProgressLog.fields());
    assertThat(buffer.toString(StandardCharsets.UTF_8))
        .matches("\\d\\d:\\d\\d:\\d\\d 111111111111 eu-west-1 +12 reports\\n");
  }
}
