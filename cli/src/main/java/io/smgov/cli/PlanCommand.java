package io.smgov.cli;

import io.smgov.aws.AwsClients;
import io.smgov.config.ConfigException;
import io.smgov.config.ExportConfig;
import io.smgov.config.ExportConfigBuilder;
import io.smgov.config.Shard;
import io.smgov.run.AccountPlan;
import io.smgov.run.ProgressLog;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code smgov plan}: the accounts of a fanned-out export, discovered once, split into shards. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    header = "Plan a fanned-out export: discover the accounts once and split them into shards.",
    description = {
      "Discovers the accounts as export does (--accounts org walks the AWS Organization once), splits them into --shards shards by a stable hash of each id, and writes the plan: JSON with every account and each shard's accounts. Each shard task then runs 'smgov export --shard K/N --accounts-file <the plan>' and exports only its own accounts, so the organization is read once and the shards never overlap.",
      "With --warehouse and --regions it also reads the regions' SageMaker hosting prices into the warehouse (pricing:GetProducts) when the warehouse's are missing or older than 30 days: once for every shard, since export --shard never reads them.",
      "Prints one line per shard with its account count. The deployed fan-out (deploy/README.md) runs it as its first step."
    },
    footer = {
      "",
      "Example: smgov plan --accounts org --role-name smgov-reader --shards 8 --out s3://bucket/warehouse/_smgov-plan/plan.json --warehouse s3://bucket/warehouse --regions eu-west-1,us-east-1",
      "",
      "Exit codes: 0 written, 1 failed, 2 bad options (named)."
    })
public final class PlanCommand implements Callable<Integer> {
  @Option(
      names = "--accounts",
      paramLabel = "IDS",
      description =
          "Account ids, comma-separated; 'org' for every active account of the AWS Organization, 'org:ou-…' for those under one OU (default: the caller's own account).")
  String accounts;

  @Option(
      names = "--role-name",
      paramLabel = "NAME",
      description = "The role each shard assumes in each account (required).")
  String roleName;

  @Option(
      names = "--shards",
      paramLabel = "N",
      required = true,
      description = "How many shards (1 to " + Shard.MAX_COUNT + ").")
  int shards;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "Where the plan goes: s3://bucket/key.json or a local path.")
  String out;

  @Option(
      names = "--warehouse",
      paramLabel = "URI",
      description =
          "The warehouse the shards write (s3://bucket/prefix or a local folder): its prices are read now when stale.")
  String warehouse;

  @Option(
      names = "--regions",
      paramLabel = "R",
      description =
          "The regions the shards export, comma-separated (with --warehouse; default: the SDK's region).")
  String regions;

  @Option(
      names = "--snapshot-time",
      paramLabel = "T",
      description =
          "The shards' --snapshot-time (ISO-8601; default: now): the prices are stored for its date, where the shards look for them.")
  String snapshotTime;

  @Mixin AwsOptions aws;

  @Override
  public Integer call() {
    List<String> problems = new ArrayList<>();
    ExportConfigBuilder.AccountScope scope = ExportConfigBuilder.accountScope(accounts, problems);
    if (accounts != null && accounts.isBlank()) {
      problems.add("--accounts is empty: give account ids, org or org:ou-…, or leave it out");
    }
    if (roleName == null) {
      problems.add(
          "--role-name is required: each shard assumes it in each account of the plan"
              + " (export --accounts-file needs it too)");
    }
    if (shards < 1 || shards > Shard.MAX_COUNT) {
      problems.add("--shards must be from 1 to " + Shard.MAX_COUNT + ", got " + shards);
    }
    if (out.isBlank()) {
      problems.add("--out is empty: give s3://bucket/key.json or a local path");
    }
    List<String> regionNames = new ArrayList<>();
    if (regions != null && warehouse == null) {
      problems.add("--regions needs --warehouse: the regions' prices go into that warehouse");
    }
    regionNames.addAll(ExportConfigBuilder.regionList(regions, problems));
    Instant now = Instant.now();
    Instant snapshot = ExportConfigBuilder.snapshotTime(snapshotTime, now, problems).orElse(now);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    try (AwsClients clients = aws.clients()) {
      if (warehouse != null && regionNames.isEmpty()) {
        regionNames.add(aws.region().id()); // export's default: the SDK's region
      }
      List<String> found = AccountPlan.discover(clients, aws.region(), scope, true);
      AccountPlan plan = new AccountPlan(found, shards);
      AccountPlan.write(out, plan.toJson(), clients, aws.region());
      for (int i = 0; i < shards; i++) {
        System.out.println("shard " + i + "/" + shards + ": " + plan.shard(i).size() + " accounts");
      }
      System.out.println(
          "Wrote the plan of " + found.size() + " accounts in " + shards + " shards to " + out);
      if (warehouse != null) {
        Map<String, LocalDate> prices =
            AccountPlan.refreshPrices(
                clients,
                new ProgressLog(System.out, ExportConfig.LogFormat.TEXT),
                warehouse,
                aws.region(),
                snapshot,
                regionNames);
        prices.forEach(
            (region, date) ->
                System.out.println(
                    "prices of "
                        + region
                        + ": "
                        + (date == null ? "none (costs there stay unknown)" : "of " + date)));
      }
      return ExitCodes.OK;
    }
  }
}
