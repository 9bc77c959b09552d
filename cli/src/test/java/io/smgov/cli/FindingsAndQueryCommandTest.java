package io.smgov.cli;

import static io.smgov.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.ExportFixture;
import io.smgov.views.RuleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
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
              "detail",
              "resource_arn",
              "finding_id");
      int rank = FindingsCommand.SEVERITIES.indexOf(finding.path("severity").asText());
      assertThat(rank).isGreaterThanOrEqualTo(previous);
      previous = rank;
    }
    CliTest.Run csv = run("findings", "--warehouse", warehouse.toString(), "--format", "csv");
    assertThat(csv.out().lines().findFirst().orElseThrow())
        .isEqualTo(
            "snapshot_date,account_id,region,rule_id,category,severity,"
                + "model_package_group_name,model_package_arn,model_package_version,endpoint_name,variant_name,owner,business_unit,detail,"
                + "resource_arn,finding_id");
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

  @Test
  void rulesPrintsTheCatalogWithoutAWarehouse() throws Exception {
    CliTest.Run csv = run("findings", "--rules", "--format", "csv");
    assertThat(csv.exitCode()).isZero();
    List<String> lines = csv.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "rule_id,category,severity,one_row_per,fires_when,remedy,nist_ai_rmf,iso_42001,"
                + "eu_ai_act,rationale");
    CliTest.Run jsonl = run("findings", "--rules", "--format", "jsonl");
    assertThat(jsonl.out().lines()).hasSize(RuleCatalog.load().ids().size());
    // By hand, from the README's rule table.
    assertThat(lines.get(1))
        .startsWith(
            "UNAPPROVED_IN_PRODUCTION,unapproved,\"critical if Rejected, else high\","
                + "endpoint variant,the version in production is not Approved,");
    CliTest.Run table = run("findings", "--rules");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).contains("NO_MONITORING", "one_row_per").doesNotContain("remedy");
    CliTest.Run mixed = run("findings", "--rules", "--fail-on", "high");
    assertThat(mixed.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(mixed.err()).contains("--rules prints the rule catalog and reads no warehouse");
  }

  @Test
  void controlCharactersFromTheDataAreShownNotInterpreted() {
    // An ANSI escape (as a tag value could hold) would recolour or rewrite the user's terminal.
    CliTest.Run table =
        run(
            "query",
            "--warehouse",
            warehouse.toString(),
            "SELECT chr(27) || '[2J' || 'cleared' || chr(13) || chr(155) AS note");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).contains("\\x1b[2Jcleared\\x0d\\x9b").doesNotContain("\u001b", "\r");
  }

  @Test
  void queryIsReadOnlyAndReadsOnlyTheWarehouse(@TempDir Path outside) throws Exception {
    Path target = outside.resolve("copied.csv");
    CliTest.Run copy =
        run(
            "query",
            "--warehouse",
            warehouse.toString(),
            "COPY (SELECT * FROM model_versions) TO '" + target + "'");
    assertThat(copy.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(copy.err())
        .contains("only a SELECT runs here (the warehouse is read-only)")
        .contains("COPY, ATTACH, INSTALL, LOAD");
    assertThat(target).doesNotExist();

    CliTest.Run two = run("query", "--warehouse", warehouse.toString(), "SELECT 1; SELECT 2");
    assertThat(two.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(two.err()).contains("one statement at a time: this text holds 2 statements");

    Path secret = Files.writeString(outside.resolve("secret.csv"), "a,b\n1,2\n");
    CliTest.Run read =
        run(
            "query",
            "--warehouse",
            warehouse.toString(),
            "SELECT * FROM read_csv('" + secret + "')");
    assertThat(read.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(read.err()).contains("the query failed").contains(secret.toString());
    assertThat(read.out()).doesNotContain("1,2");

    CliTest.Run setting =
        run(
            "query",
            "--warehouse",
            warehouse.toString(),
            "--format",
            "csv",
            "SELECT current_setting('enable_external_access') AS external,"
                + " current_setting('lock_configuration') AS locked");
    assertThat(setting.out()).isEqualTo("external,locked\nfalse,true\n");
  }

  @Test
  void aWarehousePathWithGlobCharactersOrSpacesIsReadLiterally(@TempDir Path dir) throws Exception {
    // wh[0] as a glob is "wh0": a sibling wh0 that holds only the run log must not be what it
    // reads.
    Path bracketed = dir.resolve("wh[0]");
    copy(warehouse, bracketed);
    copy(warehouse.resolve("export_runs"), dir.resolve("wh0").resolve("export_runs"));
    Path spaced = dir.resolve("my warehouse {v2}");
    copy(warehouse, spaced);
    for (Path path : List.of(bracketed, spaced)) {
      CliTest.Run count =
          run(
              "query",
              "--warehouse",
              path.toString(),
              "--format",
              "csv",
              "SELECT count(*) AS versions FROM model_versions");
      assertThat(count.err()).as(path.toString()).isEmpty();
      assertThat(count.out()).as(path.toString()).isEqualTo("versions\n40\n");
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path copy = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
  }

  @Test
  void aDamagedWarehouseStopsFindingsAndVerifyListsEveryProblem(@TempDir Path dir)
      throws Exception {
    Path damaged = dir.resolve("warehouse");
    copy(warehouse, damaged);
    String day = "snapshot_date=2026-11-01/region=eu-west-1/111111111111.parquet";
    Files.delete(damaged.resolve("model_metrics/" + day));
    CliTest.Run findings =
        run("findings", "--warehouse", damaged.toString(), "--fail-on", "critical");
    // Exit 1, not "no critical finding": --fail-on cannot pass on an incomplete warehouse.
    assertThat(findings.exitCode()).isEqualTo(ExitCodes.FATAL);
    assertThat(findings.err())
        .contains("is not what its export_runs say was written (1 object)")
        .contains("  model_metrics/" + day + ": missing; export_runs (run ");
    assertThat(findings.out()).isEmpty();

    CliTest.Run whole = run("verify", "--warehouse", warehouse.toString());
    assertThat(whole.exitCode()).isZero();
    // Two accounts, one region, one day; twenty data tables each.
    assertThat(whole.out())
        .endsWith(": 2 snapshots, 40 objects checked, every object present and whole\n");
    CliTest.Run verify = run("verify", "--warehouse", damaged.toString());
    assertThat(verify.exitCode()).isEqualTo(ExitCodes.FATAL);
    assertThat(verify.out())
        .startsWith("model_metrics/" + day + ": missing; export_runs (run ")
        .endsWith(": 2 snapshots, 40 objects checked, 1 problem\n");
  }

  @Test
  void aDamagedOlderSnapshotIsSetAsideNamedAndNeverBlocksTheNewest(@TempDir Path dir)
      throws Exception {
    // An older day: the fixture's day copied to 2026-10-31, then one of its objects cut short.
    Path two = dir.resolve("warehouse");
    copy(warehouse, two);
    try (Stream<Path> days = Files.walk(two)) {
      for (Path day :
          days.filter(p -> p.getFileName().toString().equals("snapshot_date=2026-11-01"))
              .toList()) {
        copy(day, day.resolveSibling("snapshot_date=2026-10-31"));
      }
    }
    // Both accounts' objects of one table on that day: the second is set aside in turn.
    for (String account : List.of("111111111111", "222222222222")) {
      Path old =
          two.resolve(
              "model_packages/snapshot_date=2026-10-31/region=eu-west-1/" + account + ".parquet");
      Files.write(old, Arrays.copyOf(Files.readAllBytes(old), 100));
    }

    CliTest.Run newest =
        run(
            "query",
            "--warehouse",
            two.toString(),
            "--format",
            "csv",
            "SELECT count(*) AS versions FROM model_versions");
    assertThat(newest.exitCode()).isZero();
    assertThat(newest.out()).isEqualTo("versions\n40\n");
    // Every snapshot: the 40 versions of 11-01; 10-31's two objects are set aside.
    CliTest.Run all =
        run(
            "query",
            "--warehouse",
            two.toString(),
            "--format",
            "csv",
            "SELECT count(*) AS rows FROM model_packages");
    assertThat(all.exitCode()).isZero();
    assertThat(all.out()).isEqualTo("rows\n40\n");
    assertThat(all.err())
        .contains("2 damaged objects of older snapshots set aside")
        .contains("model_packages/snapshot_date=2026-10-31/region=eu-west-1/111111111111.parquet")
        .contains("model_packages/snapshot_date=2026-10-31/region=eu-west-1/222222222222.parquet");
    CliTest.Run verify = run("verify", "--warehouse", two.toString());
    assertThat(verify.exitCode()).isEqualTo(ExitCodes.FATAL);
    assertThat(verify.out())
        .startsWith(
            "model_packages/snapshot_date=2026-10-31/region=eu-west-1/111111111111.parquet:"
                + " cannot be read: not a whole Parquet file");
  }
}
