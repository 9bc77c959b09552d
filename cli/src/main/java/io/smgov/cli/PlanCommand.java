package io.smgov.cli;

import io.smgov.aws.AwsClients;
import io.smgov.config.ConfigException;
import io.smgov.config.ExportConfigBuilder;
import io.smgov.config.Shard;
import io.smgov.run.AccountPlan;
import java.util.ArrayList;
import java.util.List;
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
      "Prints one line per shard with its account count. The deployed fan-out (deploy/README.md) runs it as its first step."
    },
    footer = {
      "",
      "Example: smgov plan --accounts org --role-name smgov-reader --shards 8 --out s3://bucket/warehouse/_smgov-plan/plan.json",
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
      description =
          "The role each shard assumes in each account (listed ids without it must be the caller's own).")
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

  @Mixin AwsOptions aws;

  @Override
  public Integer call() {
    List<String> problems = new ArrayList<>();
    ExportConfigBuilder.AccountScope scope = ExportConfigBuilder.accountScope(accounts, problems);
    if (accounts != null && accounts.isBlank()) {
      problems.add("--accounts is empty: give account ids, org or org:ou-…, or leave it out");
    }
    if (scope.organization() && roleName == null) {
      problems.add("--accounts org needs --role-name: the role each shard assumes in each account");
    }
    if (shards < 1 || shards > Shard.MAX_COUNT) {
      problems.add("--shards must be from 1 to " + Shard.MAX_COUNT + ", got " + shards);
    }
    if (out.isBlank()) {
      problems.add("--out is empty: give s3://bucket/key.json or a local path");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    try (AwsClients clients = aws.clients()) {
      List<String> found = AccountPlan.discover(clients, aws.region(), scope, roleName != null);
      AccountPlan plan = new AccountPlan(found, shards);
      AccountPlan.write(out, plan.toJson(), clients, aws.region());
      for (int i = 0; i < shards; i++) {
        System.out.println("shard " + i + "/" + shards + ": " + plan.shard(i).size() + " accounts");
      }
      System.out.println(
          "Wrote the plan of " + found.size() + " accounts in " + shards + " shards to " + out);
      return ExitCodes.OK;
    }
  }
}
