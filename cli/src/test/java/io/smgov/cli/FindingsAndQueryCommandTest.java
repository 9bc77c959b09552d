package io.smgov.cli;

import static io.smgov.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.ExportFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsAndQueryCommandTest {
  @TempDir static Path warehouse;

  @BeforeAll
  static void export() throws Exception {
    try (ExportFixture fixture =
        ExportFixture.start(
            new PortfolioGenerator.Spec(
                2, List.of("eu-west-1"), 4, 5, 9L, PortfolioGenerator.DEFAULT_AS_OF))) {
      fixture.export(warehouse, PortfolioGenerator.DEFAULT_AS_OF.toString());
    }
  }

  @Test
  void findingsPrintWorstFirstInEveryFormat() throws Exception {
    CliTest.Run table = run("findings", "--warehouse", warehouse.toString());
    assertThat(table.exitCode()).isZero();
    assertThat(table.out())
        .contains("severity", "rule_id")
        .containsPattern("\\d+ findings: \\d+ critical, \\d+ high, \\d+ medium, \\d+ low");
    CliTest.Run jsonl = run("findings", "--warehouse", warehouse.toString(), "--format", "jsonl");
    List<String> lines = jsonl.out().lines().toList();
    assertThat(lines).isNotEmpty();
    ObjectMapper json = new ObjectMapper();
    int previous = 0;
    for (String line : lines) {
      JsonNode finding = json.readTree(line);
      // One vocabulary: the view's own column names, in its order (only the table format shortens).
      List<String> keys = new ArrayList<>();
      finding.fieldNames().forEachRemaining(keys::add);
      assertThat(keys)
          .containsExactly(
              "snapshot_date",
              "account_id",
              "region",
              "rule_id",
              "category",
              "severity",
              "model_package_group_name",
              "model_package_arn",
              "model_package_version",
              "endpoint_name",
              "variant_name",
              "owner",
              "business_unit",
              "detail");
      int rank = FindingsCommand.SEVERITIES.indexOf(finding.path("severity").asText());
      assertThat(rank).isGreaterThanOrEqualTo(previous);
      previous = rank;
    }
    CliTest.Run csv = run("findings", "--warehouse", warehouse.toString(), "--format", "csv");
    assertThat(csv.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "snapshot_date,account_id,region,rule_id,category,severity,"
                + "model_package_group_name,model_package_arn,model_package_version,endpoint_name,variant_name,owner,business_unit,detail");
    assertThat(csv.out().lines().count()).isEqualTo(lines.size() + 1);
  }

  @Test
  void failOnExitsFourAtOrAboveTheThreshold() throws Exception {
    CliTest.Run low =
        run(
            "findings",
            "--warehouse",
            warehouse.toString(),
            "--fail-on",
            "low",
            "--format",
            "jsonl");
    assertThat(low.exitCode()).isEqualTo(ExitCodes.THRESHOLD);
    assertThat(low.err()).contains("at or above low (--fail-on)");
    CliTest.Run bad = run("findings", "--warehouse", warehouse.toString(), "--fail-on", "worst");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--fail-on must be one of critical, high, medium, low");
  }

  @Test
  void queryRunsSqlAndReportsTheEnginesErrors() {
    CliTest.Run ok =
        run(
            "query",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT count(*) AS versions FROM model_versions");
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out()).isEqualTo("versions\n40\n");
    CliTest.Run wrong =
        run("query", "--warehouse", warehouse.toString(), "SELECT nope FROM model_versions");
    assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(wrong.err()).contains("the query failed").contains("nope");
  }

  @Test
  void aMissingOrEmptyWarehouseIsNamed(@TempDir Path empty) {
    CliTest.Run missing = run("findings", "--warehouse", empty.resolve("nowhere").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("There is no warehouse at").contains("smgov export");
    CliTest.Run nothing = run("query", "--warehouse", empty.toString(), "SELECT 1");
    assertThat(nothing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(nothing.err()).contains("holds no snapshot yet");
    CliTest.Run s3 = run("findings", "--warehouse", "s3://bucket/prefix");
    assertThat(s3.err()).contains("--athena-database");
  }
}
