package io.smgov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.dashboard.DashboardApply;
import io.smgov.dashboard.DashboardException;
import io.smgov.dashboard.DashboardRefresh;
import io.smgov.dashboard.DashboardTarget;
import io.smgov.dashboard.QuickSightManifest;
import io.smgov.dashboard.QuickSightRequests;
import io.smgov.dashboard.RlsRules;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.S3Warehouse;
import io.smgov.sink.Warehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.views.ViewCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code smgov dashboard apply|render|refresh}: the QuickSight dashboard as code, and its SPICE
 * data kept fresh.
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    header =
        "Create or update the QuickSight dashboard over the Athena views (or render its requests to files).",
    description = {
      "An Athena data source, one data set per view (SPICE refreshed daily, or DIRECT_QUERY), optional row-level security by business unit, and an analysis and a dashboard with seven sheets: portfolio overview, findings (click a finding to open its version), approval funnel, metric trends, version detail (approver and note, metrics, training data, how it was trained, feature distributions, where it runs, rollback target), endpoint operations (traffic, latency, idle and drifting endpoints) and export health. The definitions are quicksight/ in this repository.",
    },
    subcommands = {
      DashboardCommand.Apply.class,
      DashboardCommand.Render.class,
      DashboardCommand.Refresh.class
    })
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

  /** {@code smgov dashboard refresh}. */
  @Command(
      name = "refresh",
      mixinStandardHelpOptions = true,
      header =
          "Ingest the SPICE data sets whose views read a table changed since their last ingestion, within QuickSight's refresh quota.",
      description = {
        "Every export marks the tables it changed in the warehouse (_smgov-changes/<table>: an event refresh the tables whose rows differ, a full export all of them). refresh compares each mark with the newest ingestion of every SPICE data set whose view reads that table (ListIngestions) and starts one (CreateIngestion) where the data set is behind: after an approval, the dashboard shows it within minutes.",
        "QuickSight allows a data set 32 manual refreshes in any 24 hours in an Enterprise edition account, 8 in Standard (--quota). Every ingestion of the last 24 hours counts, and the refreshes the data set's schedules run in a day are kept back, so the daily schedule still fits. A data set over the quota is deferred, and the log says from when a refresh is free; nothing is remembered, so the next refresh (or the schedule) picks it up. DIRECT_QUERY data sets query Athena and are never ingested.",
      },
      footer = {
        "",
        "Exit codes: 0 done (deferrals included), 1 QuickSight or the warehouse refused or failed, 2 bad options."
      })
  static final class Refresh implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin AwsOptions aws;

    @Option(
        names = "--warehouse",
        paramLabel = "W",
        required = true,
        description = "The warehouse smgov export writes: s3://bucket/prefix or a local folder.")
    String warehouse;

    @Option(
        names = "--aws-account-id",
        paramLabel = "ID",
        required = true,
        description = "The AWS account QuickSight runs in.")
    String accountId;

    @Option(
        names = "--quota",
        paramLabel = "N",
        defaultValue = "32",
        description =
            "Manual refreshes QuickSight allows a data set in 24 hours: 32 (default) in an Enterprise edition account, 8 in Standard.")
    int quota;

    @Override
    public Integer call() {
      if (!accountId.matches("\\d{12}")) {
        throw new UsageException(
            "--aws-account-id must be a 12-digit account id, got '" + accountId + "'");
      }
      if (quota < 1) {
        throw new UsageException(
            "--quota must be at least 1 (32 in an Enterprise edition account, 8 in Standard), got "
                + quota);
      }
      WarehouseLocation location;
      try {
        location = WarehouseLocation.parse(warehouse);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--warehouse: " + e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      try (AwsClients clients = aws.clients()) {
        Warehouse store =
            location.isS3()
                ? new S3Warehouse(location, clients.warehouseS3(aws.region(), null))
                : new LocalWarehouse(location);
        Map<String, Instant> changes = store.changes();
        List<DashboardRefresh.Decision> decisions =
            new DashboardRefresh(
                    clients.quickSight(aws.region()),
                    accountId,
                    QuickSightManifest.load(),
                    ViewCatalog.load(),
                    quota)
                .refresh(changes, Instant.now());
        decisions.forEach(out::println);
        Map<DashboardRefresh.State, Long> counts = new EnumMap<>(DashboardRefresh.State.class);
        decisions.forEach(d -> counts.merge(d.state(), 1L, Long::sum));
        out.printf(
            "%d data sets: %d ingested, %d deferred, %d current, %d direct query, %d not applied%n",
            decisions.size(),
            counts.getOrDefault(DashboardRefresh.State.INGESTED, 0L),
            counts.getOrDefault(DashboardRefresh.State.DEFERRED, 0L),
            counts.getOrDefault(DashboardRefresh.State.CURRENT, 0L),
            counts.getOrDefault(DashboardRefresh.State.DIRECT_QUERY, 0L),
            counts.getOrDefault(DashboardRefresh.State.NOT_APPLIED, 0L));
        out.flush();
        return ExitCodes.OK;
      } catch (SdkException | UncheckedIOException e) {
        spec.commandLine().getErr().println("smgov: dashboard refresh failed: " + e.getMessage());
        return ExitCodes.FATAL;
      }
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
