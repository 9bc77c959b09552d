package io.smgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.aws.AwsEndpoints;
import io.smgov.config.ExportConfig;
import io.smgov.config.ExportConfigBuilder;
import io.smgov.findings.FindingRecorder;
import io.smgov.report.GovernanceReport;
import io.smgov.report.Summary;
import io.smgov.run.ExportJob;
import io.smgov.run.ProgressLog;
import io.smgov.simulator.Portfolio;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.simulator.PortfolioLoader;
import io.smgov.simulator.Simulator;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code smgov demo}: the embedded default. The simulator serves a portfolio on loopback, the real
 * export runs against it through the real SDK clients, then the findings and the HTML report are
 * computed from the warehouse it wrote: the whole product without an AWS account.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header =
        "Run the whole job on a simulated estate: export, findings and the HTML report, no AWS account needed.",
    description = {
      "Starts the SageMaker/STS/S3 simulator on 127.0.0.1 with the bundled sample portfolio (3 accounts, 2 regions, 144 model package versions with planted governance problems) or the one given, runs the real export against it (AssumeRole into each account, Search, metric reports, lineage, endpoints), prints the estate's coverage and findings, and writes the HTML report.",
      "The bundled sample is exported on three days (the two before --snapshot-time, then that time), changed between them - a version approved, an idle endpoint taken out of service and back - and each day's findings are recorded (smgov findings record), so the report's findings over time, smgov findings --changes and the history views have something to show. A --portfolio is exported once."
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 the export failed, 2 bad options or portfolio, 3 some account/region failed."
    })
final class DemoCommand implements Callable<Integer> {
  static final String DEFAULT_WAREHOUSE = "smgov-demo/warehouse";
  private static final int WORST = 12;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--portfolio",
      paramLabel = "FILE",
      description = "Portfolio to simulate (default: the bundled sample; see generate-portfolio).")
  Path portfolio;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      defaultValue = DEFAULT_WAREHOUSE,
      description = "Folder the export writes (default: ${DEFAULT-VALUE}).")
  Path warehouse;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "The HTML report to write (default: report.html beside the warehouse folder).")
  Path report;

  @Option(
      names = "--snapshot-time",
      paramLabel = "ISO-8601",
      description =
          "The snapshot's time (default: the sample's date, "
              + "2026-11-01T00:00:00Z, so its ages and findings are the same on every run; now for --portfolio).")
  String snapshotTime;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "Governance policy YAML (see the README's Policy section). Default: policy.yaml beside the warehouse folder, written with the demo's example policy (default thresholds, approver_roles, a business unit's required_evidence) when it does not exist.")
  Path policyFile;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Path policyPath = policyFile != null ? policyFile : demoPolicy();
    Policy policy = Policy.load(policyPath);
    long started = System.nanoTime();
    ObjectNode sampleJson = null;
    Portfolio estate;
    String described;
    String snapshot = snapshotTime;
    if (portfolio == null) {
      PortfolioGenerator.Spec sample = PortfolioGenerator.Spec.sample();
      sampleJson = PortfolioGenerator.generate(sample).portfolio();
      estate = PortfolioLoader.fromJson(sampleJson, "the bundled sample");
      described = "the bundled sample portfolio";
      snapshot = snapshot == null ? sample.asOf().toString() : snapshot;
    } else {
      estate = PortfolioLoader.load(portfolio);
      described = portfolio.toString();
    }
    List<String> accounts = new ArrayList<>(estate.accountIds());
    Optional<Portfolio.SharedRole> role = estate.sharedRole();
    if (role.isEmpty() && accounts.size() > 1) {
      out.printf(
          "Note: the accounts of %s have no role in common (\"roles\"), so only the caller account %s is exported.%n",
          described, estate.callerAccount());
      accounts = List.of(estate.callerAccount());
    }
    List<String> regions = estate.regions();
    if (regions.isEmpty()) {
      throw new UsageException(described + " holds no account with a region: nothing to export");
    }
    ExportConfigBuilder options =
        new ExportConfigBuilder()
            .warehouse(warehouse.toString())
            .accounts(String.join(",", accounts))
            .regions(String.join(",", regions))
            .roleName(role.map(Portfolio.SharedRole::name).orElse(null))
            .externalId(role.flatMap(Portfolio.SharedRole::externalId).orElse(null))
            .snapshotTime(snapshot)
            // Groups other accounts share through AWS RAM too: the demo shows everything.
            .includeShared(true)
            // The simulator runs on loopback; the default 10 requests per second protects real
            // accounts.
            .requestsPerSecond(200.0);
    ExportConfig last = options.build();
    // The bundled sample is exported on three days, changed between them, so that the findings'
    // history has something to show: the two days before the snapshot time, then that time.
    List<Instant> days =
        sampleJson == null
            ? List.of(last.snapshotTime())
            : List.of(
                last.snapshotTime().minus(Duration.ofDays(2)),
                last.snapshotTime().minus(Duration.ofDays(1)),
                last.snapshotTime());

    out.printf(
        "smgov demo: %s, %d model package versions in %d accounts and %d regions (%s)%n",
        described,
        estate.versionCount(),
        estate.accountIds().size(),
        regions.size(),
        String.join(", ", regions));
    ExportJob.Outcome outcome = null;
    SampleChanges changes = new SampleChanges();
    for (int day = 0; day < days.size(); day++) {
      if (day > 0) {
        out.println();
        for (String change : changes.apply(sampleJson, warehouse, policy, day)) {
          out.println("Between snapshots: " + change);
        }
        estate = PortfolioLoader.fromJson(sampleJson, "the bundled sample");
      }
      ExportConfig config = options.snapshotTime(days.get(day).toString()).build();
      try (Simulator simulator = Simulator.start(estate, Simulator.Options.defaults());
          AwsClients clients = clients(simulator, regions.get(0))) {
        if (day == 0) {
          out.printf(
              "Simulator: SageMaker, STS and S3 on %s (the real AWS wire protocols)%n",
              simulator.endpoint());
        }
        out.printf(
            "Exporting snapshot %s into %s%s%n%n",
            config.snapshotTime(),
            warehouse,
            role.map(r -> " through role " + r.name() + " in each account").orElse(""));
        out.flush();
        outcome =
            new ExportJob(config, clients, new ProgressLog(System.out, config.logFormat())).run();
        System.out.flush();
      }
      if (outcome.allFailed()) {
        spec.commandLine()
            .getErr()
            .println("smgov: the export failed in every account and region; see the log above");
        return ExitCodes.FATAL;
      }
      recordFindings(out, policy, policyPath);
    }
    Path reportFile =
        report != null
            ? report
            : warehouse.toAbsolutePath().normalize().resolveSibling("report.html");
    GovernanceReport.Written written;
    try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse, policy)) {
      List<String> waived = FindingRecorder.waived(FindingRecorder.Engine.duckdb(engine), policy);
      Summary.of(engine, FindingsCommand.sql(false, ResultWriter.Format.TABLE, waived), WORST)
          .print(out, worst -> ResultWriter.write(worst, ResultWriter.Format.TABLE, out));
      printChanges(out, engine);
      written = GovernanceReport.write(engine, policy, reportFile);
      WarehouseOptions.warnSkipped(engine, spec.commandLine().getErr());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    printNextSteps(out, written, seconds, accounts, regions, role, policyPath);
    return ExportCommand.exitCode(outcome);
  }

  /** smgov findings record on the demo's warehouse, with a line on what it stored. */
  private void recordFindings(PrintWriter out, Policy policy, Path policyPath)
      throws InterruptedException {
    FindingRecorder.Outcome recorded;
    try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse, policy)) {
      FindingRecorder.Engine local = FindingRecorder.Engine.duckdb(engine);
      recorded =
          FindingRecorder.record(
              local,
              new LocalWarehouse(WarehouseLocation.parse(warehouse.toString())),
              policy,
              FindingsCommand.Record.policyDigest(policyPath),
              Clock.systemUTC());
    }
    recorded.expiredWaivers().forEach(e -> spec.commandLine().getErr().println("smgov: " + e));
    int findings = recorded.recorded().stream().mapToInt(FindingRecorder.Recorded::findings).sum();
    int waived = recorded.recorded().stream().mapToInt(FindingRecorder.Recorded::waived).sum();
    out.printf(
        "%nRecorded the findings of %d snapshots: %d findings, %d waived (smgov findings record)%n",
        recorded.recorded().size(), findings, waived);
    out.flush();
  }

  /** What opened and what was resolved on the newest day, by rule. */
  private static void printChanges(PrintWriter out, EmbeddedEngine engine) {
    EmbeddedEngine.QueryResult changes =
        engine.query(
            "SELECT change, rule_id, count(*) AS findings FROM finding_changes"
                + " GROUP BY change, rule_id ORDER BY change, rule_id");
    if (changes.rows().isEmpty()) {
      return;
    }
    out.println();
    out.println("Since the snapshot before (smgov findings --changes):");
    for (List<Object> row : changes.rows()) {
      out.printf("  %-8s %3s  %s%n", row.get(0), row.get(2), row.get(1));
    }
    out.flush();
  }

  /**
   * The changes the demo makes to the bundled sample between its snapshots, chosen from what the
   * first snapshot found: before the second, the version of a high UNAPPROVED_IN_PRODUCTION finding
   * is approved (that finding is resolved) and an idle endpoint is taken out of service (its
   * findings are resolved); before the third, the endpoint serves again (its findings reopen).
   */
  static final class SampleChanges {
    private String approved;
    private String[] paused;

    List<String> apply(ObjectNode sample, Path warehouse, Policy policy, int day) {
      List<String> done = new ArrayList<>();
      if (day == 1) {
        try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse, policy)) {
          List<List<Object>> unapproved =
              engine
                  .query(
                      "SELECT model_package_arn FROM governance_findings WHERE rule_id = 'UNAPPROVED_IN_PRODUCTION'"
                          + " AND severity = 'high' AND model_package_arn IS NOT NULL ORDER BY finding_id LIMIT 1")
                  .rows();
          List<List<Object>> idle =
              engine
                  .query(
                      "SELECT account_id, region, endpoint_name FROM governance_findings WHERE rule_id = 'IDLE_ENDPOINT'"
                          + " ORDER BY finding_id LIMIT 1")
                  .rows();
          if (!unapproved.isEmpty()) {
            approved = unapproved.get(0).get(0).toString();
            for (ObjectNode pkg : entries(sample, "modelPackages")) {
              if (approved.equals(pkg.path("ModelPackageArn").asText())) {
                // Approved by a reviewer of the demo policy's approver role, with a note: the
                // approval resolves the finding and raises no other.
                String account = approved.split(":")[4];
                pkg.put("ModelApprovalStatus", "Approved");
                pkg.put("ApprovalDescription", "Reviewed and approved after the finding (demo)");
                pkg.putObject("LastModifiedBy")
                    .putObject("IamIdentity")
                    .put(
                        "Arn",
                        "arn:aws:sts::" + account + ":assumed-role/ModelApprover/demo-reviewer")
                    .put("PrincipalId", "AROADEMOREVIEWER0000001");
              }
            }
            done.add("approved " + approved + " (UNAPPROVED_IN_PRODUCTION)");
          }
          if (!idle.isEmpty()) {
            paused =
                new String[] {
                  idle.get(0).get(0).toString(),
                  idle.get(0).get(1).toString(),
                  idle.get(0).get(2).toString()
                };
            status(sample, paused, "OutOfService");
            done.add(
                "endpoint "
                    + paused[2]
                    + " in "
                    + paused[0]
                    + " "
                    + paused[1]
                    + " taken out of service (IDLE_ENDPOINT)");
          }
        }
      } else if (day == 2 && paused != null) {
        status(sample, paused, "InService");
        done.add("endpoint " + paused[2] + " serves again (its findings reopen)");
      }
      return done;
    }

    private static void status(ObjectNode sample, String[] endpoint, String status) {
      JsonNode endpoints =
          sample.path("accounts").path(endpoint[0]).path(endpoint[1]).path("endpoints");
      for (JsonNode e : endpoints) {
        if (endpoint[2].equals(e.path("EndpointName").asText())) {
          ((ObjectNode) e).put("EndpointStatus", status);
        }
      }
    }

    private static List<ObjectNode> entries(ObjectNode sample, String collection) {
      List<ObjectNode> out = new ArrayList<>();
      sample
          .path("accounts")
          .forEach(
              account ->
                  account.forEach(
                      region -> region.path(collection).forEach(e -> out.add((ObjectNode) e))));
      return out;
    }
  }

  /**
   * policy.yaml beside the warehouse folder; written with the demo's example policy when missing,
   * kept otherwise.
   */
  private Path demoPolicy() {
    Path file = warehouse.normalize().resolveSibling("policy.yaml");
    if (!Files.exists(file)) {
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(file, Policy.demoText());
      } catch (IOException e) {
        throw new UsageException(
            "cannot write the demo policy "
                + file
                + ": "
                + e.getMessage()
                + " (give one with --policy FILE)");
      }
    }
    return file;
  }

  private void printNextSteps(
      PrintWriter out,
      GovernanceReport.Written written,
      double seconds,
      List<String> accounts,
      List<String> regions,
      Optional<Portfolio.SharedRole> role,
      Path policyPath) {
    String wh = quote(warehouse.toString());
    String policyOption = " --policy " + quote(policyPath.toString());
    out.println();
    out.printf("Done in %.1f s.%n", seconds);
    out.println("  Report:    " + written.describe() + " - open it in a browser");
    out.println(
        "  Warehouse: "
            + warehouse
            + " - Parquet, <table>/snapshot_date=<date>/region=<region>/<account>.parquet");
    out.println(
        "  Policy:    "
            + policyPath
            + " - who may approve, required evidence, thresholds; edit it and run again");
    out.println();
    out.println("Try next:");
    out.println("  ./smgov findings --warehouse " + wh + policyOption + " --fail-on high");
    out.println(
        "  ./smgov query --warehouse "
            + wh
            + policyOption
            + " \"SELECT model_package_group_name, registered_by, approved_by, approver_in_policy, event_time, event_actor, event_note,"
            + " artifact_status, required_evidence_missing FROM approval_audit\"");
    out.println(
        "  ./smgov query --warehouse "
            + wh
            + " \"SELECT endpoint_name, deployed_version, rollback_version, rollback_approved_by FROM rollback_targets\"");
    out.println(
        "  ./smgov query --warehouse "
            + wh
            + " \"SELECT model_package_group_name, model_package_version, approval_status, approved_by, approved_by_kind, approval_description"
            + " FROM model_versions WHERE is_in_production\"");
    out.println(
        "  ./smgov query --warehouse "
            + wh
            + " \"SELECT model_package_group_name, model_package_version, dataset_uri FROM training_data_lineage\"");
    out.println();
    out.println("The same job against your AWS accounts (read-only role in each, see deploy/):");
    out.println(
        "  ./smgov export --warehouse s3://BUCKET/smgov --accounts "
            + String.join(",", accounts.subList(0, Math.min(2, accounts.size())))
            + " --regions "
            + String.join(",", regions)
            + " --role-name "
            + role.map(Portfolio.SharedRole::name).orElse("smgov-reader")
            + " --external-id EXTERNAL_ID");
    out.println(
        "  ./smgov catalog apply --warehouse s3://BUCKET/smgov --database smgov    # Glue tables + Athena views");
    out.println("  ./smgov findings --athena-database smgov --fail-on critical");
    out.flush();
  }

  private static String quote(String path) {
    return path.matches("[A-Za-z0-9_./:-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
  }

  /** SDK clients pointed at the simulator, with credentials only it accepts. */
  private static AwsClients clients(Simulator simulator, String region) {
    return AwsClients.create(
        new AwsClients.Settings(
            Optional.of(Region.of(region)),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDSMGOVDEMO", "simulated")),
            AwsEndpoints.all(simulator.endpoint()),
            Optional.empty(),
            AwsClients.DEFAULT_MAX_ATTEMPTS));
  }
}
