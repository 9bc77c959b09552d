package io.smgov.cli;

import io.smgov.views.EmbeddedEngine;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
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
      "Runs the governance views on a local warehouse with the embedded engine (DuckDB) and prints the findings of each account's newest snapshot, worst first: unapproved, stale and undocumented models in production, and registry integrity problems. The rules and their ids are in the README.",
    },
    footer = {"", "Exit codes: 0 done, 2 bad options or no warehouse, 4 a finding at or above --fail-on."})
final class FindingsCommand implements Callable<Integer> {
  static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");
  private static final String ORDER =
      " ORDER BY CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END,"
          + " rule_id, account_id, region, endpoint_name, variant_name, model_package_arn";
  /** Every column, for jsonl and csv. */
  static final String QUERY =
      "SELECT severity, rule_id, category, account_id, region, model_package_group_name AS model_group,"
          + " model_package_version AS version, endpoint_name AS endpoint, variant_name AS variant, owner, business_unit,"
          + " detail, model_package_arn, snapshot_date FROM governance_findings" + ORDER;
  /** What fits a terminal: where, what, who, why. */
  static final String TABLE_QUERY =
      "SELECT severity, rule_id, account_id || ' ' || region AS account_region,"
          + " coalesce(model_package_group_name || ' v' || CAST(model_package_version AS VARCHAR), '') AS version,"
          + " coalesce(endpoint_name || coalesce('/' || variant_name, ''), '') AS endpoint, coalesce(owner, '') AS owner,"
          + " detail FROM governance_findings" + ORDER;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin WarehouseOptions warehouse;

  @Option(names = "--format", paramLabel = "table|jsonl|csv", defaultValue = "table", description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "Exit 4 when a finding is this severe or worse: critical, high, medium or low.")
  String failOn;

  @Override
  public Integer call() {
    ResultWriter.Format output = ResultWriter.Format.parse(format);
    int threshold = failOn == null ? -1 : SEVERITIES.indexOf(failOn.toLowerCase(Locale.ROOT));
    if (failOn != null && threshold < 0) {
      throw new UsageException("--fail-on must be one of " + String.join(", ", SEVERITIES) + ", got '" + failOn + "'");
    }
    EmbeddedEngine.QueryResult findings;
    try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse.localWarehouse(), warehouse.policy())) {
      findings = engine.query(output == ResultWriter.Format.TABLE ? TABLE_QUERY : QUERY);
    } catch (EmbeddedEngine.WarehouseException e) {
      throw new UsageException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    ResultWriter.write(findings, output, out);
    int[] bySeverity = new int[SEVERITIES.size()];
    for (List<Object> row : findings.rows()) {
      bySeverity[SEVERITIES.indexOf((String) row.get(0))]++;
    }
    if (output == ResultWriter.Format.TABLE) {
      out.printf("%d findings: %d critical, %d high, %d medium, %d low%n",
          findings.rows().size(), bySeverity[0], bySeverity[1], bySeverity[2], bySeverity[3]);
      out.flush();
    }
    if (threshold >= 0) {
      int atOrAbove = 0;
      for (int i = 0; i <= threshold; i++) {
        atOrAbove += bySeverity[i];
      }
      if (atOrAbove > 0) {
        spec.commandLine().getErr().printf("smgov: %d findings at or above %s (--fail-on)%n", atOrAbove, SEVERITIES.get(threshold));
        return ExitCodes.THRESHOLD;
      }
    }
    return ExitCodes.OK;
  }
}
