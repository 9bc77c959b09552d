package io.smgov.cli;

import io.smgov.aws.AwsClients;
import io.smgov.catalog.AthenaQueries;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.RuleCatalog;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code smgov findings}: the governance findings of the newest snapshot. */
@Command(
    name = "findings",
    mixinStandardHelpOptions = true,
    header = "Print the governance findings of the newest snapshot.",
    description = {
      "Runs the governance views on a local warehouse with the embedded engine (DuckDB) and prints the findings of each account's newest snapshot, worst first: unapproved, stale and undocumented models in production, registry integrity problems (UNRESOLVED_DEPLOYMENT: what a serving endpoint runs can't be determined) and operational signals. --rules prints the rules themselves (sql/rules.yaml): what each means, what to do, and the NIST AI RMF, ISO/IEC 42001 and EU AI Act controls a finding evidences.",
      "jsonl and csv carry the view's own columns: snapshot_date, account_id, region, rule_id, category, severity, model_package_group_name, model_package_arn, model_package_version, endpoint_name, variant_name, owner, business_unit, detail. The table format shortens them.",
    },
    footer = {
      "",
      "Exit codes: 0 done, 2 bad options or no warehouse, 4 a finding at or above --fail-on."
    })
public final class FindingsCommand implements Callable<Integer> {
  static final List<String> SEVERITIES = RuleCatalog.SEVERITIES;
  private static final String ORDER =
      " ORDER BY CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END,"
          + " rule_id, account_id, region, endpoint_name, variant_name, model_package_arn";

  /**
   * Every column, for jsonl and csv, under the view's own names and in its order: one vocabulary
   * for the view, the files and the dashboard (only the table format shortens headers).
   */
  public static final String QUERY =
      "SELECT snapshot_date, account_id, region, rule_id, category, severity, model_package_group_name,"
          + " model_package_arn, model_package_version, endpoint_name, variant_name, owner, business_unit, detail"
          + " FROM governance_findings"
          + ORDER;

  /** What fits a terminal: where, what, who, why. */
  static final String TABLE_QUERY =
      "SELECT severity, rule_id, account_id || ' ' || region AS account_region,"
          + " coalesce(model_package_group_name || ' v' || CAST(model_package_version AS VARCHAR), '') AS version,"
          + " coalesce(endpoint_name || coalesce('/' || variant_name, ''), '') AS endpoint, coalesce(owner, '') AS owner,"
          + " detail FROM governance_findings"
          + ORDER;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin WarehouseOptions warehouse;

  @Option(
      names = "--format",
      paramLabel = "table|jsonl|csv",
      defaultValue = "table",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      description = "Exit 4 when a finding is this severe or worse: critical, high, medium or low.")
  String failOn;

  @Option(
      names = "--athena-database",
      paramLabel = "D",
      description =
          "Run the findings through Athena on this Glue database (smgov catalog apply) instead of a local warehouse.")
  String athenaDatabase;

  @Option(
      names = "--workgroup",
      paramLabel = "W",
      description = "Athena workgroup (with --athena-database).")
  String workgroup;

  @Option(
      names = "--output-location",
      paramLabel = "s3://…",
      description =
          "Athena result location (with --athena-database), unless the workgroup sets one.")
  String outputLocation;

  @Option(
      names = "--rules",
      description =
          "Print the rule catalog instead of findings: rule_id, category, severity, one_row_per,"
              + " fires_when (jsonl and csv add remedy, rationale and the controls). Needs no warehouse.")
  boolean rules;

  @Mixin AwsOptions aws;

  /** The rule catalog as rows: the table format keeps what fits a terminal. */
  static EmbeddedEngine.QueryResult ruleTable(ResultWriter.Format output) {
    boolean all = output != ResultWriter.Format.TABLE;
    List<String> columns =
        new ArrayList<>(List.of("rule_id", "category", "severity", "one_row_per", "fires_when"));
    if (all) {
      columns.addAll(List.of("remedy", "nist_ai_rmf", "iso_42001", "eu_ai_act", "rationale"));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (RuleCatalog.Rule rule : RuleCatalog.load().rules()) {
      List<Object> row =
          new ArrayList<>(
              List.of(
                  rule.id(),
                  rule.category(),
                  rule.severityText(),
                  rule.perText(),
                  rule.description()));
      if (all) {
        row.addAll(
            List.of(
                rule.remedy(),
                String.join(", ", rule.controls().nistAiRmf()),
                String.join(", ", rule.controls().iso42001()),
                String.join(", ", rule.controls().euAiAct()),
                rule.rationale()));
      }
      rows.add(row);
    }
    return new EmbeddedEngine.QueryResult(columns, rows);
  }

  @Override
  public Integer call() throws InterruptedException {
    ResultWriter.Format output = ResultWriter.Format.parse(format);
    if (rules) {
      if (failOn != null || athenaDatabase != null || warehouse.warehouse != null) {
        throw new UsageException(
            "--rules prints the rule catalog and reads no warehouse: drop --warehouse,"
                + " --athena-database and --fail-on");
      }
      ResultWriter.write(ruleTable(output), output, spec.commandLine().getOut());
      return ExitCodes.OK;
    }
    int threshold = failOn == null ? -1 : SEVERITIES.indexOf(failOn.toLowerCase(Locale.ROOT));
    if (failOn != null && threshold < 0) {
      throw new UsageException(
          "--fail-on must be one of " + String.join(", ", SEVERITIES) + ", got '" + failOn + "'");
    }
    EmbeddedEngine.QueryResult findings;
    String sql = output == ResultWriter.Format.TABLE ? TABLE_QUERY : QUERY;
    if (athenaDatabase != null) {
      if (warehouse.warehouse != null) {
        throw new UsageException(
            "give either --warehouse (a local warehouse) or --athena-database, not both");
      }
      findings = throughAthena(sql);
    } else {
      try (EmbeddedEngine engine =
          EmbeddedEngine.open(warehouse.checkedWarehouse(), warehouse.policy())) {
        findings = engine.query(sql);
        WarehouseOptions.warnSkipped(engine, spec.commandLine().getErr());
      } catch (EmbeddedEngine.WarehouseException e) {
        throw new UsageException(e.getMessage());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    ResultWriter.write(findings, output, out);
    int[] bySeverity = new int[SEVERITIES.size()];
    int severity = findings.columns().indexOf("severity");
    for (List<Object> row : findings.rows()) {
      bySeverity[SEVERITIES.indexOf(String.valueOf(row.get(severity)))]++;
    }
    if (output == ResultWriter.Format.TABLE) {
      out.printf(
          "%d findings: %d critical, %d high, %d medium, %d low%n",
          findings.rows().size(), bySeverity[0], bySeverity[1], bySeverity[2], bySeverity[3]);
      out.flush();
    }
    if (threshold >= 0) {
      int atOrAbove = 0;
      for (int i = 0; i <= threshold; i++) {
        atOrAbove += bySeverity[i];
      }
      if (atOrAbove > 0) {
        spec.commandLine()
            .getErr()
            .printf(
                "smgov: %d findings at or above %s (--fail-on)%n",
                atOrAbove, SEVERITIES.get(threshold));
        return ExitCodes.THRESHOLD;
      }
    }
    return ExitCodes.OK;
  }

  /** The same query through the Athena API; values come back as text. */
  private EmbeddedEngine.QueryResult throughAthena(String sql) throws InterruptedException {
    try (AwsClients clients = aws.clients()) {
      AthenaQueries athena =
          new AthenaQueries(
              clients.athena(aws.region()),
              athenaDatabase,
              Optional.ofNullable(workgroup),
              Optional.ofNullable(outputLocation));
      AthenaQueries.Result result;
      try {
        result = athena.query(sql);
      } catch (AthenaQueries.QueryFailedException e) {
        throw new UsageException(
            "Athena could not run the findings on "
                + athenaDatabase
                + ": "
                + e.getMessage()
                + " (has 'smgov catalog apply' created it?)");
      }
      List<List<Object>> rows = new ArrayList<>();
      result.rows().forEach(r -> rows.add(new ArrayList<>(r)));
      return new EmbeddedEngine.QueryResult(result.columns(), rows);
    }
  }
}
