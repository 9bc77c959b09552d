package io.smgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.simulator.GeneratedEstate;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.SampleFindings;
import io.smgov.views.RuleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smgov demo} in-process: the sample's export, its findings summary and the report. */
class DemoCommandTest {
  /** Every rule of the catalog: the demo's sample shows each of them off. */
  private static final List<String> RULES = RuleCatalog.load().ids();

  /**
   * The versions of the sample's hand-written real-world cases: 12 in 111111111111 and 3 in
   * 333333333333.
   */
  private static final int REAL_WORLD_VERSIONS = 15;

  /**
   * What the views must find in {@code spec}'s estate at its own snapshot time, under the demo
   * policy.
   */
  private static List<GeneratedEstate.Finding> planted(PortfolioGenerator.Spec spec) {
    return SampleFindings.planted(PortfolioGenerator.generate(spec).estate(), spec.asOf());
  }

  @Test
  void theSamplePlantsEveryRuleTheDemoShowsOff() {
    PortfolioGenerator.Spec sample = PortfolioGenerator.Spec.sample();
    List<GeneratedEstate.Finding> planted = planted(sample);
    assertThat(planted.stream().map(GeneratedEstate.Finding::ruleId).distinct())
        .containsExactlyInAnyOrderElementsOf(RULES);
    assertThat(planted).anyMatch(f -> f.severity().equals("critical"));
  }

  @Test
  void theDemoExportsTheSamplePrintsItsFindingsAndWritesTheReport(@TempDir Path dir)
      throws Exception {
    PortfolioGenerator.Spec sample = PortfolioGenerator.Spec.sample();
    List<GeneratedEstate.Finding> planted = planted(sample);
    Path warehouse = dir.resolve("demo/warehouse");

    CliTest.Run run = CliTest.run("demo", "--warehouse", warehouse.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    // Between its snapshots the demo approves one unapproved version in production (it says
    // which) and takes an endpoint out of service and back: the newest snapshot holds the planted
    // findings but that version's UNAPPROVED_IN_PRODUCTION.
    Matcher approvedLine =
        Pattern.compile("Between snapshots: approved (\\S+) \\(UNAPPROVED_IN_PRODUCTION\\)")
            .matcher(run.out());
    assertThat(approvedLine.find()).as(run.out()).isTrue();
    String approved = approvedLine.group(1);
    assertThat(planted)
        .filteredOn(
            f ->
                f.ruleId().equals("UNAPPROVED_IN_PRODUCTION")
                    && approved.equals(f.modelPackageArn()))
        .hasSize(1);
    planted =
        planted.stream()
            .filter(
                f ->
                    !(f.ruleId().equals("UNAPPROVED_IN_PRODUCTION")
                        && approved.equals(f.modelPackageArn())))
            .toList();
    assertThat(run.out())
        .contains(
            "the bundled sample portfolio, "
                + (sample.totalVersions() + REAL_WORLD_VERSIONS)
                + " model package versions in 3 accounts and 2 regions")
        .contains("3 accounts x 2 regions: 6 written")
        .contains("Findings: " + planted.size() + "\n");
    Map<String, Long> bySeverity =
        planted.stream()
            .collect(
                Collectors.groupingBy(GeneratedEstate.Finding::severity, Collectors.counting()));
    long[] columnTotals = new long[4];
    Matcher row =
        Pattern.compile(
                "(?m)^  (unapproved|stale|undocumented|integrity|operational) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+)$")
            .matcher(run.out());
    int categories = 0;
    while (row.find()) {
      categories++;
      for (int i = 0; i < 4; i++) {
        columnTotals[i] += Long.parseLong(row.group(i + 2));
      }
    }
    assertThat(categories).isEqualTo(5);
    assertThat(columnTotals)
        .containsExactly(
            bySeverity.getOrDefault("critical", 0L), bySeverity.getOrDefault("high", 0L),
            bySeverity.getOrDefault("medium", 0L), bySeverity.getOrDefault("low", 0L));
    assertThat(run.out()).containsPattern("(?m)^critical +UNAPPROVED_IN_PRODUCTION");

    Path report = dir.resolve("demo/report.html");
    assertThat(run.out())
        .contains(
            "Report:    "
                + report
                + " ("
                + planted.size()
                + " findings, "
                + (sample.totalVersions() + REAL_WORLD_VERSIONS)
                + " versions");
    assertThat(Files.readString(report)).contains("\"rule_id\":\"UNAPPROVED_IN_PRODUCTION\"");
    assertThat(
            warehouse.resolve(
                "model_packages/snapshot_date=2026-11-01/region=us-east-1/222222222222.parquet"))
        .isRegularFile();
    assertThat(run.out()).contains("./smgov findings --warehouse " + warehouse);
  }

  @Test
  void aPortfolioWithoutSharedRolesExportsTheCallerAccountOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.json");
    assertThat(
            CliTest.run(
                    "generate-portfolio",
                    "--accounts",
                    "2",
                    "--groups",
                    "1",
                    "--versions",
                    "2",
                    "--out",
                    file.toString())
                .exitCode())
        .isZero();
    ObjectMapper json = new ObjectMapper();
    ObjectNode document = (ObjectNode) json.readTree(file.toFile());
    document.remove("roles");
    json.writeValue(file.toFile(), document);
    String caller = document.path("callerAccount").asText();

    CliTest.Run run =
        CliTest.run(
            "demo",
            "--portfolio",
            file.toString(),
            "--warehouse",
            dir.resolve("w").toString(),
            "--snapshot-time",
            "2026-11-02T00:00:00Z");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("have no role in common", "only the caller account " + caller + " is exported")
        .contains("1 account x 1 region: 1 written");
    assertThat(
            dir.resolve(
                "w/model_packages/snapshot_date=2026-11-02/region=eu-west-1/"
                    + caller
                    + ".parquet"))
        .isRegularFile();
  }

  @Test
  void aMissingPortfolioExitsTwoNamingTheFile(@TempDir Path dir) {
    CliTest.Run run =
        CliTest.run(
            "demo",
            "--portfolio",
            dir.resolve("nope.json").toString(),
            "--warehouse",
            dir.resolve("w").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("nope.json");
  }
}
