package io.smgov.cli;

import io.smgov.aws.AwsClients;
import io.smgov.findings.EventBridgeTarget;
import io.smgov.findings.FindingChange;
import io.smgov.findings.Notifier;
import io.smgov.findings.SecurityHubTarget;
import io.smgov.views.Policy;
import io.smgov.views.RuleCatalog;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code smgov notify}: the newest snapshots' new findings, to EventBridge and Security Hub. */
@Command(
    name = "notify",
    mixinStandardHelpOptions = true,
    header =
        "Send the findings opened in the newest recorded snapshots to EventBridge and Security Hub.",
    description = {
      "Reads the finding_changes view (what smgov findings record stored: the findings opened, and resolved, in each account and region's newest recorded snapshot against the one before) and sends those at or above --min-severity:",
      "  --event-bus NAME  as EventBridge events (PutEvents, 10 a call): source smgov, detail-type 'smgov Governance Finding', the finding as the detail (change, finding_id, rule_id, category, severity, account_id, region, snapshot_date, previous_snapshot_date, resource_arn, model_package_group_name, model_package_arn, model_package_version, endpoint_name, variant_name, owner, business_unit, detail), its resource ARN as the event's resource;",
      "  --security-hub    as Security Hub findings in ASFF (BatchImportFindings, 100 a call) in the caller's account and --region: Id smgov/<finding_id>, product/<account>/default, a resolved finding re-imported ARCHIVED.",
      "Entries a call could not take are sent again (up to 5 tries); what was taken is remembered in the warehouse (_smgov-notified/), so a rerun sends nothing twice.",
    },
    footer = {
      "",
      "Exit codes: 0 every chosen change sent (or sent before), 2 bad options, 3 some changes refused (each named on stderr; the rest sent and remembered), 1 a call failed outright."
    })
final class NotifyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR|s3://…",
      required = true,
      description =
          "The warehouse smgov export wrote and smgov findings record recorded: a folder, or s3://bucket/prefix with --athena-database.")
  String warehouse;

  @Option(
      names = "--min-severity",
      paramLabel = "SEVERITY",
      defaultValue = "high",
      description =
          "Send changes this severe or worse: critical, high, medium or low (default: ${DEFAULT-VALUE}).")
  String minSeverity;

  @Option(
      names = "--event-bus",
      paramLabel = "NAME",
      description =
          "Send each change as an event to this EventBridge bus (name or ARN; 'default' is the account's default bus).")
  String eventBus;

  @Option(
      names = "--security-hub",
      description = "Import each change into Security Hub (ASFF) in --region.")
  boolean securityHub;

  @Option(
      names = "--include-resolved",
      description =
          "Send resolved findings too (Security Hub archives them; the event says change=resolved).")
  boolean includeResolved;

  @Mixin AthenaOptions athena;
  @Mixin AwsOptions aws;

  @Override
  public Integer call() throws Exception {
    String minimum = minSeverity.toLowerCase(Locale.ROOT);
    if (!RuleCatalog.SEVERITIES.contains(minimum)) {
      throw new UsageException(
          "--min-severity must be one of "
              + String.join(", ", RuleCatalog.SEVERITIES)
              + ", got '"
              + minSeverity
              + "'");
    }
    if (eventBus == null && !securityHub) {
      throw new UsageException(
          "name where to send: --event-bus NAME (EventBridge) and/or --security-hub");
    }
    if (eventBus != null && eventBus.isBlank()) {
      throw new UsageException("--event-bus: a bus name or ARN, e.g. default");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int refused = 0;
    try (AwsClients clients = aws.clients();
        WarehouseViews views =
            WarehouseViews.open(warehouse, Policy.defaults(), athena, aws, clients)) {
      List<FindingChange> findings =
          FindingChange.from(
              views
                  .engine()
                  .query(
                      "SELECT "
                          + FindingChange.COLUMNS
                          + " FROM finding_history ORDER BY account_id, region, finding_id"));
      Notifier notifier = new Notifier(views.store(), Duration.ofMillis(200));
      List<Notifier.Target> targets = new ArrayList<>();
      if (eventBus != null) {
        targets.add(
            new EventBridgeTarget(
                clients.eventBridge(aws.region(), null), eventBus, includeResolved));
      }
      if (securityHub) {
        String account =
            clients
                .sts(aws.region(), clients.callerCredentials(), null)
                .getCallerIdentity()
                .account();
        targets.add(
            new SecurityHubTarget(
                clients.securityHub(aws.region(), null),
                account,
                aws.region().id(),
                Clock.systemUTC()));
      }
      for (Notifier.Target target : targets) {
        Notifier.Delivery d = notifier.deliver(target, findings, minimum);
        out.printf(
            "%s: %d sent (%d opened, %d closed), %d sent before, %d refused%n",
            d.target(), d.sent(), d.opened(), d.closed(), d.alreadySent(), d.refused().size());
        for (String r : d.refused()) {
          err.println("smgov: " + d.target() + " refused " + r);
        }
        refused += d.refused().size();
      }
    }
    out.flush();
    err.flush();
    return refused == 0 ? ExitCodes.OK : ExitCodes.PARTIAL;
  }
}
