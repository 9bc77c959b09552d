package io.smgov.cli;

import io.smgov.aws.AwsClients;
import io.smgov.findings.FindingRecorder;
import io.smgov.model.Waiver;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import io.smgov.views.RuleCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
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
      "Runs the governance views on a local warehouse with the embedded engine (DuckDB) and prints the findings of each account's newest snapshot, worst first: unapproved, stale and undocumented models in production, registry integrity problems (UNRESOLVED_DEPLOYMENT: what a serving endpoint runs can't be determined) and operational signals. --rules prints the rules themselves (sql/rules.yaml): what each means, what to do, and the NIST AI RMF, ISO/IEC 42001 and EU AI Act controls a finding evidences.",
      "jsonl and csv carry the view's own columns: snapshot_date, account_id, region, rule_id, category, severity, model_package_group_name, model_package_arn, model_package_version, endpoint_name, variant_name, owner, business_unit, detail, resource_arn (what a waiver names), finding_id (the same finding in every snapshot). The table format shortens them.",
      "History: after each export, 'smgov findings record' stores each account and region's findings with the policy's waivers applied; --changes then prints what opened and what was resolved since the snapshot recorded before, and the views finding_history, remediation_summary and finding_trends show the lifecycle.",
    },
    footer = {
      "",
      "Exit codes: 0 done, 2 bad options or no warehouse, 4 a finding at or above --fail-on (with --changes: an opened one)."
    },
    subcommands = {FindingsCommand.Record.class})
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
          + " model_package_arn, model_package_version, endpoint_name, variant_name, owner, business_unit, detail,"
          + " resource_arn, finding_id FROM governance_findings";

  /** What fits a terminal: where, what, who, why. */
  static final String TABLE_QUERY =
      "SELECT severity, rule_id, account_id || ' ' || region AS account_region,"
          + " coalesce(model_package_group_name || ' v' || CAST(model_package_version AS VARCHAR), '') AS version,"
          + " coalesce(endpoint_name || coalesce('/' || variant_name, ''), '') AS endpoint, coalesce(owner, '') AS owner,"
          + " detail FROM governance_findings";

  /** The changes of the newest recorded snapshots, every column, opened first. */
  public static final String CHANGES_QUERY =
      "SELECT snapshot_date, previous_snapshot_date, account_id, region, rule_id, category, severity,"
          + " model_package_group_name, model_package_arn, model_package_version, endpoint_name, variant_name,"
          + " owner, business_unit, detail, resource_arn, finding_id, change FROM finding_changes"
          + " ORDER BY change, CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END,"
          + " rule_id, account_id, region, endpoint_name, variant_name, model_package_arn";

  static final String CHANGES_TABLE_QUERY =
      "SELECT change, severity, rule_id, account_id || ' ' || region AS account_region,"
          + " coalesce(model_package_group_name || ' v' || CAST(model_package_version AS VARCHAR), '') AS version,"
          + " coalesce(endpoint_name || coalesce('/' || variant_name, ''), '') AS endpoint, coalesce(owner, '') AS owner,"
          + " detail FROM finding_changes"
          + " ORDER BY change, CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END,"
          + " rule_id, account_id, region, endpoint_name, variant_name, model_package_arn";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin WarehouseOptions warehouse;

  @Option(
      names = "--include-waived",
      description =
          "List the findings the policy's waivers accept too (by default they are left out, and --fail-on ignores them).")
  boolean includeWaived;

  /** The query for the format, without the findings in {@code waived} (hex ids: safe inline). */
  private String sql(ResultWriter.Format output, List<String> waived) {
    return sql(changes, output, waived);
  }

  /** The findings (or, with {@code changes}, the changes) query for a format. */
  static String sql(boolean changes, ResultWriter.Format output, List<String> waived) {
    if (changes) {
      return output == ResultWriter.Format.TABLE ? CHANGES_TABLE_QUERY : CHANGES_QUERY;
    }
    String where =
        waived.isEmpty()
            ? ""
            : " WHERE finding_id NOT IN ("
                + String.join(
                    ", ",
                    waived.stream().map(id -> "'" + id.replaceAll("[^0-9a-f]", "") + "'").toList())
                + ")";
    return (output == ResultWriter.Format.TABLE ? TABLE_QUERY : QUERY) + where + ORDER;
  }

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

  @Mixin AthenaOptions athena;

  @Option(
      names = "--changes",
      description =
          "Print what changed instead: the findings opened (new, reopened, or no longer waived) and resolved in each account and region's newest recorded snapshot against the one recorded before it (the finding_changes view: the view's columns plus previous_snapshot_date, resource_arn, finding_id and change). Needs snapshots recorded by smgov findings record.")
  boolean changes;

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
      if (failOn != null || athena.given() || warehouse.warehouse != null || changes) {
        throw new UsageException(
            "--rules prints the rule catalog and reads no warehouse: drop --warehouse,"
                + " --athena-database, --changes and --fail-on");
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
    Policy policy = warehouse.policy();
    List<String> waived;
    if (athena.given()) {
      if (warehouse.warehouse != null) {
        throw new UsageException(
            "give either --warehouse (a local warehouse) or --athena-database, not both");
      }
      try (AwsClients clients = aws.clients()) {
        FindingRecorder.Engine engine =
            FindingRecorder.Engine.of("athena", sql -> athena.query(clients, aws, sql));
        waived = changes || includeWaived ? List.of() : FindingRecorder.waived(engine, policy);
        findings = engine.query(sql(output, waived));
      }
    } else {
      try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse.checkedWarehouse(), policy)) {
        FindingRecorder.Engine local = FindingRecorder.Engine.duckdb(engine);
        waived = changes || includeWaived ? List.of() : FindingRecorder.waived(local, policy);
        findings = engine.query(sql(output, waived));
        WarehouseOptions.warnSkipped(engine, spec.commandLine().getErr());
      } catch (EmbeddedEngine.WarehouseException e) {
        throw new UsageException(e.getMessage());
      }
    }
    if (!waived.isEmpty()) {
      spec.commandLine()
          .getErr()
          .printf(
              "smgov: %d findings accepted by the policy's waivers are left out (--include-waived shows them; finding_history has their reasons and expiry)%n",
              waived.size());
    }
    PrintWriter out = spec.commandLine().getOut();
    ResultWriter.write(findings, output, out);
    int[] bySeverity = new int[SEVERITIES.size()];
    int severity = findings.columns().indexOf("severity");
    int change = findings.columns().indexOf("change");
    int opened = 0;
    for (List<Object> row : findings.rows()) {
      // With --changes, only what opened counts against --fail-on: a resolved finding is good news.
      if (change < 0 || "opened".equals(row.get(change))) {
        bySeverity[SEVERITIES.indexOf(String.valueOf(row.get(severity)))]++;
        opened++;
      }
    }
    if (output == ResultWriter.Format.TABLE && changes) {
      out.printf(
          "%d changes: %d opened, %d resolved%n",
          findings.rows().size(), opened, findings.rows().size() - opened);
      out.flush();
    } else if (output == ResultWriter.Format.TABLE) {
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
                changes
                    ? "smgov: %d findings opened at or above %s (--fail-on)%n"
                    : "smgov: %d findings at or above %s (--fail-on)%n",
                atOrAbove,
                SEVERITIES.get(threshold));
        return ExitCodes.THRESHOLD;
      }
    }
    return ExitCodes.OK;
  }

  /** {@code smgov findings record}: the newest snapshots' findings, stored for their history. */
  @Command(
      name = "record",
      mixinStandardHelpOptions = true,
      header = "Store the findings of each account and region's newest snapshot in the warehouse.",
      description = {
        "Runs the governance rules (the governance_findings view) on the warehouse - with the embedded engine on a local one, through Athena (--athena-database) on s3:// - applies the policy's waivers, and writes the tables findings, waivers and finding_runs for each account and region whose newest snapshot is not recorded yet (or was refreshed since: an event run). Run it after every export; a snapshot recorded once is never judged again. finding_history, finding_changes, remediation_summary and finding_trends read what it wrote.",
        "Waivers (the policy's waivers: list): each needs rule_id, resource (a SageMaker ARN or ARN glob that writes out its account: * any run of characters, ? one; case-insensitive), reason, approved_by and expires (YYYY-MM-DD, the last day it applies). A waived finding keeps its row, with the waiver; the day after expiry it is open again. Each account and region's day is recorded once: what a later refresh of the same day changes shows the next day.",
      },
      footer = {
        "",
        "Exit codes: 0 done (a waiver that accepts no finding is a warning), 2 bad options or a waiver with a missing field, an unknown rule or a resource that names no account (nothing is written), or a waiver that expired before the newest snapshot (the day is recorded with its findings open; renew or remove the waiver), 1 the warehouse or Athena could not be read or written."
      })
  static final class Record implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--warehouse",
        paramLabel = "DIR|s3://…",
        required = true,
        description =
            "The warehouse smgov export wrote: a folder (the rules run on the embedded engine) or s3://bucket/prefix (the rules run on Athena: give --athena-database).")
    String warehouse;

    @Option(
        names = "--policy",
        paramLabel = "FILE",
        description =
            "Governance policy YAML, as for smgov findings, with its waivers: list (see the README's Waivers section).")
    Path policyFile;

    @Mixin AthenaOptions athena;
    @Mixin AwsOptions aws;

    @Override
    public Integer call() throws Exception {
      Policy policy = policyFile == null ? Policy.defaults() : Policy.load(policyFile);
      String digest = policyDigest(policyFile);
      FindingRecorder.Outcome outcome;
      try (AwsClients clients = athena.given() ? aws.clients() : null;
          WarehouseViews views = WarehouseViews.open(warehouse, policy, athena, aws, clients)) {
        outcome =
            FindingRecorder.record(
                views.engine(), views.store(), policy, digest, Clock.systemUTC());
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      for (Waiver w : outcome.unmatchedWaivers()) {
        err.printf(
            "smgov: warning: the waiver of %s on %s accepts no finding of any account's newest snapshot (a typo in the resource, or the risk is gone: remove it)%n",
            w.ruleId(), w.resource());
      }
      int findings = 0;
      int waived = 0;
      for (FindingRecorder.Recorded r : outcome.recorded()) {
        findings += r.findings();
        waived += r.waived();
      }
      out.printf(
          "Recorded %d snapshots (%d findings, %d waived); %d already recorded as they are.%n",
          outcome.recorded().size(), findings, waived, outcome.unchanged());
      out.flush();
      for (String expired : outcome.expiredWaivers()) {
        err.println("smgov: " + expired);
      }
      err.flush();
      // Recorded with the expired waivers' findings open; the policy still needs a decision.
      return outcome.expiredWaivers().isEmpty() ? ExitCodes.OK : ExitCodes.USAGE;
    }

    /** SHA-256 of the policy file's bytes, or of "defaults" when none is given. */
    static String policyDigest(Path file) {
      try {
        byte[] bytes =
            file == null ? "defaults".getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(file);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (IOException e) {
        throw new UsageException("--policy " + file + ": " + e.getMessage());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
