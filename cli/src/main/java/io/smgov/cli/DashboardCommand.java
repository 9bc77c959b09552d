package io.smgov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.dashboard.DashboardApply;
import io.smgov.dashboard.DashboardException;
import io.smgov.dashboard.DashboardTarget;
import io.smgov.dashboard.QuickSightManifest;
import io.smgov.dashboard.QuickSightRequests;
import io.smgov.dashboard.RlsRules;
import io.smgov.views.ViewCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code smgov dashboard apply|render}: the QuickSight dashboard as code. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    header =
        "Create or update the QuickSight dashboard over the Athena views (or render its requests to files).",
    description = {
      "An Athena data source, one data set per view (SPICE refreshed daily, or DIRECT_QUERY), optional row-level security by business unit, and an analysis and a dashboard with seven sheets: portfolio overview, findings (click a finding to open its version), approval funnel, metric trends, version detail (approver and note, metrics, training data, where it runs, rollback target), endpoint operations (traffic, latency, idle and drifting endpoints) and export health. The definitions are quicksight/ in this repository.",
    },
    subcommands = {DashboardCommand.Apply.class, DashboardCommand.Render.class})
final class DashboardCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What both subcommands need to render the requests. */
  static final class TargetOptions {
    @Option(
        names = "--aws-account-id",
        paramLabel = "ID",
        required = true,
        description = "The AWS account QuickSight runs in.")
    String accountId;

    @Option(
        names = "--database",
        paramLabel = "D",
        required = true,
        description = "The Glue database of 'smgov catalog apply'.")
    String database;

    @Option(
        names = "--principal",
        paramLabel = "ARN",
        required = true,
        description =
            "QuickSight user or group granted the resources, e.g. arn:aws:quicksight:eu-west-1:111111111111:group/default/ml-platform.")
    String principal;

    @Option(
        names = "--import-mode",
        paramLabel = "SPICE|DIRECT_QUERY",
        defaultValue = "SPICE",
        description =
            "SPICE (default): QuickSight's copy, refreshed daily after the export; DIRECT_QUERY: every visual queries Athena.")
    String importMode;

    @Option(
        names = "--workgroup",
        paramLabel = "W",
        defaultValue = "smgov",
        description =
            "Athena workgroup of the data source (default: ${DEFAULT-VALUE}, the job stack's"
                + " AthenaWorkGroup output).")
    String workgroup;

    @Option(
        names = "--data-source-role",
        paramLabel = "ARN",
        description =
            "IAM role QuickSight assumes to query Athena for smgov's data source (the job stack's"
                + " QuickSightDataSourceRoleArn output): without it QuickSight uses its account-wide"
                + " role, which must then read the warehouse, its KMS key and the catalog.")
    String dataSourceRole;

    @Option(
        names = "--data-source-arn",
        paramLabel = "ARN",
        description = "Use this existing Athena data source instead of creating smgov's own.")
    String dataSourceArn;

    @Option(
        names = "--rls-rules",
        paramLabel = "FILE",
        description =
            "Row-level security: YAML 'rules: [{group: G, business_unit: B}, {group: admins}]'; a group sees only its business units' rows.")
    Path rlsRules;

    DashboardTarget target(String region) {
      DashboardTarget.ImportMode mode;
      try {
        mode = DashboardTarget.ImportMode.valueOf(importMode.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--import-mode must be SPICE or DIRECT_QUERY, got '" + importMode + "'");
      }
      return new DashboardTarget(
          accountId,
          region,
          database,
          principal,
          Optional.ofNullable(dataSourceArn),
          mode,
          workgroup,
          Optional.ofNullable(rlsRules).map(RlsRules::load),
          Optional.ofNullable(dataSourceRole));
    }
  }

  /** {@code smgov dashboard apply}. */
  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      header =
          "Create or update the QuickSight data source, data sets, refresh schedules, analysis and dashboard.",
      description = {
        "Checks every request against the AWS SDK's QuickSight model and every column against the views before sending anything, then creates what is missing and updates what differs, waits for QuickSight's asynchronous work and grants the principal. Running it twice changes nothing.",
        "Edits made in the QuickSight console are kept: when the analysis or dashboard holds something smgov did not send, apply keeps it and reports a conflict listing what differs; --force overwrites it.",
      },
      footer = {
        "",
        "Exit codes: 0 done, 1 QuickSight refused or failed (its error is shown), 2 bad options,",
        "3 done except an analysis or dashboard edited in QuickSight (not overwritten without --force)."
      })
  static final class Apply implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin TargetOptions options;
    @Mixin AwsOptions aws;

    @Option(
        names = "--force",
        description =
            "Overwrite an analysis or dashboard that was edited in QuickSight since smgov applied it.")
    boolean force;

    @Override
    public Integer call() throws InterruptedException {
      DashboardTarget target = target(options, aws);
      QuickSightManifest manifest = QuickSightManifest.load();
      QuickSightRequests.Rendered rendered = render(manifest, target);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "Applying the QuickSight dashboard in %s %s (database %s, %s)%n",
          target.accountId(), target.region(), target.database(), target.importMode());
      out.flush();
      try (AwsClients clients = aws.clients()) {
        DashboardApply apply =
            new DashboardApply(
                clients.quickSight(aws.region()),
                manifest,
                target,
                DashboardApply.Options.defaults().withForce(force),
                line -> {
                  out.println(line);
                  out.flush();
                });
        DashboardApply.Outcome outcome;
        try {
          outcome = apply.apply(rendered);
        } catch (DashboardException e) {
          spec.commandLine().getErr().println("smgov: " + e.getMessage());
          return ExitCodes.FATAL;
        }
        out.println(outcome.summary());
        out.println(
            "Dashboard: https://"
                + target.region()
                + ".quicksight.aws.amazon.com/sn/dashboards/"
                + manifest.dashboard().id());
        out.flush();
        if (outcome.conflicts()) {
          spec.commandLine()
              .getErr()
              .println(
                  "smgov: not overwritten: edited in QuickSight (see above); --force overwrites");
          return ExitCodes.PARTIAL;
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code smgov dashboard render}. */
  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      header = "Write the QuickSight requests apply would send, as JSON files.",
      description = {
        "Writes data-source.json, data-sets/<id>.json, refresh-schedules/<id>.json, analysis.json and dashboard.json: the exact request bodies of CreateDataSource, CreateDataSet, CreateRefreshSchedule, CreateAnalysis and CreateDashboard, checked like apply checks them. For review, or for teams that deploy with CloudFormation or the AWS CLI.",
      },
      footer = {"", "Exit codes: 0 written, 2 bad options or a definition problem (each named)."})
  static final class Render implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin TargetOptions options;
    @Mixin AwsOptions aws;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        required = true,
        description = "Folder to write to.")
    Path out;

    @Override
    public Integer call() {
      DashboardTarget target = target(options, aws);
      QuickSightRequests.Rendered rendered = render(QuickSightManifest.load(), target);
      ObjectMapper json = new ObjectMapper();
      int files = 0;
      try {
        Files.createDirectories(out.resolve("data-sets"));
        if (rendered.dataSource().isPresent()) {
          write(json, out.resolve("data-source.json"), rendered.dataSource().get());
          files++;
        }
        for (ObjectNode dataSet : rendered.dataSets()) {
          write(
              json,
              out.resolve("data-sets").resolve(dataSet.path("DataSetId").asText() + ".json"),
              dataSet);
          files++;
        }
        if (!rendered.refreshSchedules().isEmpty()) {
          Files.createDirectories(out.resolve("refresh-schedules"));
        }
        for (var schedule : rendered.refreshSchedules().entrySet()) {
          write(
              json,
              out.resolve("refresh-schedules").resolve(schedule.getKey() + ".json"),
              schedule.getValue());
          files++;
        }
        write(json, out.resolve("analysis.json"), rendered.analysis());
        write(json, out.resolve("dashboard.json"), rendered.dashboard());
        files += 2;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write to " + out + ": " + e.getMessage(), e);
      }
      spec.commandLine().getOut().printf("Wrote %d QuickSight requests to %s%n", files, out);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }

    private static void write(ObjectMapper json, Path file, ObjectNode body) throws IOException {
      Files.writeString(
          file, json.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
    }
  }

  static DashboardTarget target(TargetOptions options, AwsOptions aws) {
    try {
      return options.target(aws.region().id());
    } catch (DashboardException e) {
      throw new UsageException(String.join("\nsmgov: ", e.problems()));
    }
  }

  static QuickSightRequests.Rendered render(QuickSightManifest manifest, DashboardTarget target) {
    try {
      return QuickSightRequests.render(manifest, target, ViewCatalog.load());
    } catch (DashboardException e) {
      throw new UsageException(String.join("\nsmgov: ", e.problems()));
    }
  }
}
