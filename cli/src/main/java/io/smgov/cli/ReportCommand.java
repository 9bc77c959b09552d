package io.smgov.cli;

import io.smgov.report.GovernanceReport;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code smgov report}: the self-contained HTML governance report of a local warehouse. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "Write the HTML governance report of a local warehouse.",
    description = {
      "Writes one self-contained HTML file (no network, no CDN; open it in any browser or attach it to a ticket): portfolio KPIs, the findings with filters by category, severity and business unit, a drill-down per version (approval status, approver and note, evaluation metrics, training data, where it runs, its rollback target), the approval funnel, metric trends per group, deployment history and export health. It is the local stand-in for the QuickSight dashboard and reads the same views."
    },
    footer = {"", "Exit codes: 0 written, 2 bad options or no warehouse."})
final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin WarehouseOptions warehouse;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "report.html",
      description = "The HTML file to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    Policy policy = warehouse.policy();
    try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse.checkedWarehouse(), policy)) {
      GovernanceReport.Written written = GovernanceReport.write(engine, policy, out);
      WarehouseOptions.warnSkipped(engine, spec.commandLine().getErr());
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println("Wrote " + written.describe());
      stdout.flush();
      return ExitCodes.OK;
    } catch (EmbeddedEngine.WarehouseException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
