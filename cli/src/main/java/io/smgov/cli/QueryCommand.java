package io.smgov.cli;

import io.smgov.views.EmbeddedEngine;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code smgov query}: any SQL over the warehouse's tables and views. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    header = "Run SQL over the warehouse's tables and views (embedded engine).",
    description = {
      "Runs one SELECT with DuckDB over a local warehouse, read-only: the engine reads the warehouse folder and no other file, and COPY, ATTACH, INSTALL, LOAD, SET and several statements at once are refused. Every table (model_packages, endpoint_deployments, …, all snapshots) and every view (model_versions, deployments, governance_findings, rollback_targets, …, the newest snapshot) is there by name, as in Athena.",
      "Example: smgov query --warehouse ./warehouse \"SELECT model_package_group_name, approval_status, count(*) FROM model_versions GROUP BY ALL\""
    },
    footer = {
      "",
      "Exit codes: 0 done, 2 bad options, no warehouse or an SQL error (the engine's message)."
    })
final class QueryCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin WarehouseOptions warehouse;

  @Option(
      names = "--format",
      paramLabel = "table|jsonl|csv",
      defaultValue = "table",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String format;

  @Parameters(
      paramLabel = "SQL",
      description = "The SELECT to run (WITH, FROM-first, DESCRIBE and SUMMARIZE too).")
  String sql;

  @Override
  public Integer call() {
    ResultWriter.Format output = ResultWriter.Format.parse(format);
    try (EmbeddedEngine engine =
        EmbeddedEngine.open(warehouse.checkedWarehouse(), warehouse.policy())) {
      ResultWriter.write(engine.select(sql), output, spec.commandLine().getOut());
      WarehouseOptions.warnSkipped(engine, spec.commandLine().getErr());
      return ExitCodes.OK;
    } catch (EmbeddedEngine.WarehouseException e) {
      throw new UsageException(e.getMessage());
    } catch (EmbeddedEngine.QueryException e) {
      throw new UsageException("the query failed: " + e.getMessage());
    }
  }
}
