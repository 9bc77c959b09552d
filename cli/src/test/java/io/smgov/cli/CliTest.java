package io.smgov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.simulator.PortfolioLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and messages of the command line, as a user sees them. */
class CliTest {
  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aWarehouseThatCannotBeWrittenIsABadOptionFoundFirst(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("warehouse"), "a file");
    Run demo = run("demo", "--warehouse", file.toString());
    assertThat(demo.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(demo.err())
        .contains("smgov: Cannot write the warehouse at " + file + ": it is a file, not a folder")
        .doesNotContain("Exception");
  }

  @Test
  void helpListsTheCommandsAndVersionPrints() {
    Run help = run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains(
            "demo",
            "export",
            "report",
            "dashboard",
            "simulate",
            "generate-portfolio",
            "Exit codes");
    assertThat(run("--version").out()).startsWith("smgov ");
    assertThat(run("export", "--help").out())
        .contains("--warehouse", "--strategy", "--event", "AWS_ENDPOINT_URL");
  }

  @Test
  void badExportOptionsExitTwoNamingTheOption() {
    Run bad = run("export", "--warehouse", "ftp://x", "--regions", "narnia-1");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err())
        .contains("--warehouse: unsupported warehouse URI ftp://x")
        .contains("--regions: 'narnia-1'");
    Run unknown = run("export", "--warehous", "/w");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err())
        .contains("Unknown options: '--warehous'")
        .contains("Possible solutions: --warehouse");
  }

  @Test
  void aBrokenPortfolioExitsTwoNamingTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"accounts\": 3}");
    Run run = run("simulate", "--portfolio", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains(file.toString())
        .contains("$.accounts: required, an object keyed by 12-digit account id");
  }

  @Test
  void catalogRenderWritesTablesAndViewsInApplyOrder(@TempDir Path dir) throws Exception {
    Run run =
        run(
            "catalog",
            "render",
            "--out",
            dir.toString(),
            "--warehouse",
            "s3://bucket/smgov",
            "--database",
            "governance",
            "--regions",
            "eu-west-1,us-east-1",
            "--first-snapshot-date",
            "2026-01-01");
    assertThat(run.exitCode()).isZero();
    String packages = Files.readString(dir.resolve("tables/model_packages.json"));
    assertThat(packages)
        .contains("\"s3://bucket/smgov/model_packages/\"", "eu-west-1,us-east-1", "2026-01-01,NOW");
    assertThat(Files.readString(dir.resolve("views/01_latest_snapshot.sql")))
        .contains("\"governance\".\"latest_snapshot\"");
    assertThat(Files.readString(dir.resolve("views/05_governance_findings.sql")))
        .doesNotContain("${");
    // The same view as a Glue TableInput: a Trino view, its query without the DDL around it.
    JsonNode view =
        new ObjectMapper().readTree(dir.resolve("views/01_latest_snapshot.json").toFile());
    assertThat(view.path("TableType").asText()).isEqualTo("VIRTUAL_VIEW");
    assertThat(view.path("Parameters").path("presto_view").asText()).isEqualTo("true");
    String text = view.path("ViewOriginalText").asText();
    assertThat(text).startsWith("/* Presto View: ").endsWith(" */");
    JsonNode definition =
        new ObjectMapper()
            .readTree(
                Base64.getDecoder()
                    .decode(text.substring("/* Presto View: ".length(), text.length() - 3)));
    assertThat(definition.path("schema").asText()).isEqualTo("governance");
    assertThat(definition.path("originalSql").asText())
        .startsWith("SELECT")
        .contains("FROM \"governance\".export_runs")
        .doesNotContain("CREATE", "--");
    assertThat(definition.path("columns").toString())
        .isEqualTo(
            "[{\"name\":\"account_id\",\"type\":\"varchar\"},"
                + "{\"name\":\"region\",\"type\":\"varchar\"},"
                + "{\"name\":\"snapshot_date\",\"type\":\"date\"},"
                + "{\"name\":\"snapshot_time\",\"type\":\"timestamp(3)\"}]");
    // 21 tables; 16 views, each as SQL and as a Glue TableInput.
    assertThat(run.out()).contains("Wrote " + (25 + 2 * 24) + " files");
    Run bad =
        run(
            "catalog",
            "apply",
            "--warehouse",
            "/local/folder",
            "--database",
            "governance",
            "--region",
            "eu-west-1");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--warehouse must be s3://bucket/prefix");
    Run readerWithoutMode =
        run(
            "catalog",
            "apply",
            "--warehouse",
            "s3://bucket/smgov",
            "--database",
            "governance",
            "--reader",
            "arn:aws:iam::111111111111:role/analysts");
    assertThat(readerWithoutMode.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(readerWithoutMode.err())
        .contains("--reader grants Lake Formation permissions: add --lake-formation");
    Run badReader =
        run(
            "catalog",
            "apply",
            "--warehouse",
            "s3://bucket/smgov",
            "--database",
            "governance",
            "--lake-formation",
            "--reader",
            "arn:aws:iam::111111111111:role/analysts,analysts");
    assertThat(badReader.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badReader.err())
        .contains("--reader analysts: not a principal Lake Formation grants to")
        .doesNotContain("role/analysts:");
    Run badDatabase =
        run("catalog", "render", "--out", dir.toString(), "--database", "Governance-DB");
    assertThat(badDatabase.err()).contains("--database: 'Governance-DB' must be lower-case");
  }

  @Test
  void dashboardRenderWritesEveryRequestAndRefusesBadTargetsNamingTheOptions(@TempDir Path dir)
      throws Exception {
    Run run =
        run(
            "dashboard",
            "render",
            "--out",
            dir.toString(),
            "--aws-account-id",
            "111111111111",
            "--region",
            "eu-west-1",
            "--database",
            "governance",
            "--principal",
            "arn:aws:quicksight:eu-west-1:111111111111:group/default/ml-platform",
            "--import-mode",
            "direct_query");
    assertThat(run.exitCode()).as(run.err()).isZero();
    // The data source, the sixteen data sets of quicksight/manifest.yaml, the analysis and the
    // dashboard.
    assertThat(run.out()).contains("Wrote 19 QuickSight requests");
    assertThat(Files.readString(dir.resolve("data-sets/smgov-findings.json")))
        .contains(
            "\"ImportMode\" : \"DIRECT_QUERY\"",
            "\"Schema\" : \"governance\"",
            "\"Name\" : \"governance_findings\"");
    assertThat(dir.resolve("refresh-schedules")).doesNotExist();
    assertThat(Files.readString(dir.resolve("dashboard.json")))
        .doesNotContain("${")
        .contains("arn:aws:quicksight:eu-west-1:111111111111:dataset/");

    Run bad =
        run(
            "dashboard",
            "apply",
            "--aws-account-id",
            "11",
            "--region",
            "eu-west-1",
            "--database",
            "governance",
            "--principal",
            "arn:aws:iam::111111111111:user/x",
            "--import-mode",
            "sometimes");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--import-mode must be SPICE or DIRECT_QUERY, got 'sometimes'");
    Run badTarget =
        run(
            "dashboard",
            "apply",
            "--aws-account-id",
            "11",
            "--region",
            "eu-west-1",
            "--database",
            "governance",
            "--principal",
            "arn:aws:iam::111111111111:user/x");
    assertThat(badTarget.err())
        .contains("--aws-account-id must be a 12-digit account id, got '11'")
        .contains("--principal must be a QuickSight user or group ARN");
  }

  @Test
  void generatePortfolioWritesALoadableFile(@TempDir Path dir) {
    Path file = dir.resolve("p.json");
    Run run =
        run(
            "generate-portfolio",
            "--accounts",
            "2",
            "--groups",
            "2",
            "--versions",
            "3",
            "--out",
            file.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("12 versions");
    assertThat(PortfolioLoader.load(file).versionCount()).isEqualTo(12);
  }
}
