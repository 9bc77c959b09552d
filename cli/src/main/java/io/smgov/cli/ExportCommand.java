package io.smgov.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import io.smgov.aws.AwsClients;
import io.smgov.aws.AwsEndpoints;
import io.smgov.config.ConfigException;
import io.smgov.config.ExportConfig;
import io.smgov.config.ExportConfigBuilder;
import io.smgov.run.ExportJob;
import io.smgov.run.ProgressLog;
import io.smgov.sink.WarehouseLocation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** {@code smgov export}: the scheduled job. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    header =
        "Export the registry, reports, lineage and deployments into the warehouse (the scheduled job).",
    description = {
      "Pages through every model package group and version of every account and region, the endpoints that serve them (inference components included), their metric reports in S3 (with each feature of their data-quality statistics and constraints), their lineage and the training jobs it names, the standalone model cards, the CloudWatch alarms on endpoint metrics and CloudTrail's approval events, and writes one snapshot: one Parquet object per table, snapshot date, region and account under --warehouse. Reports, lineage, endpoint configs, inference components and model cards the previous snapshot already holds are carried forward, not read again.",
      "What cannot be read (a denied call, a deleted endpoint config or model) is recorded as a warning in export_runs, never as absent.",
      "Prices: a full export first reads each region's SageMaker hosting prices (pricing:GetProducts, the AWS Price List API) when the warehouse's are missing or older than 30 days, into the prices table, and stamps every endpoint variant with its price; event refreshes use the stored prices. A caller that may not read prices gets a warning, and costs stay unknown (never zero).",
      "The standard AWS settings apply: the credential chain, AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_<SERVICE>."
    },
    footer = {
      "",
      "Exit codes: 0 written, 1 nothing could be written, 2 bad options or a warehouse that cannot be",
      "written (checked before the estate is read),",
      "3 partial: some account/region failed (recorded in export_runs), the rest was written."
    })
public final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--warehouse",
      paramLabel = "URI",
      description = "s3://bucket/prefix or a local folder (required, here or in --config).")
  String warehouse;

  @Option(
      names = "--accounts",
      paramLabel = "IDS",
      description =
          "Account ids, comma-separated; 'org' for every active account of the AWS Organization, 'org:ou-…' for those under one OU (default: the caller's own account).")
  String accounts;

  @Option(
      names = "--accounts-file",
      paramLabel = "FILE",
      description =
          "The accounts from this file instead of --accounts: an smgov plan output (s3://bucket/key or a local path), or account ids one per line. Needs --role-name.")
  String accountsFile;

  @Option(
      names = "--shard",
      paramLabel = "K/N",
      description =
          "Export only the accounts of shard K (0-based) of N: those whose stable hash (SHA-256 of the id) falls in K. Every shard computes the same split, so N tasks with 0/N .. N-1/N export every account once, into disjoint objects; a shard's rerun is idempotent. export_runs rows carry K/N.")
  String shard;

  @Option(
      names = "--regions",
      paramLabel = "R",
      description = "Regions, comma-separated (default: the SDK's region, AWS_REGION).")
  String regions;

  @Option(
      names = "--role-name",
      paramLabel = "NAME",
      description = "Role to assume in each account: arn:aws:iam::<account>:role/<NAME>.")
  String roleName;

  @Option(
      names = "--external-id",
      paramLabel = "X",
      description = "ExternalId the role's trust policy requires.")
  String externalId;

  @Option(
      names = "--snapshot-time",
      paramLabel = "ISO-8601",
      description =
          "The snapshot's time (default: now). Every age in the views is computed against it.")
  String snapshotTime;

  @Option(
      names = "--group",
      paramLabel = "NAME",
      description =
          "Refresh only this group (repeatable), reading it authoritatively, and carry the rest of each account/region forward.")
  List<String> groups;

  @Option(
      names = "--event",
      paramLabel = "FILE|s3://B/K|-",
      description =
          "EventBridge events to refresh from: a 'SageMaker Model Package State Change' refreshes the version it names (DescribeModelPackage and ListTags; its group when it names no version), an endpoint state change the endpoint it names (DescribeEndpoint, its config if new, its models); everything else is carried forward. One event, a JSON array of events, JSON lines, or SQS records whose body is an event (a batch): each version is read once, duplicates and out-of-order events are harmless. A file, an S3 object (s3://bucket/key: the batch the deployed event pipeline saves), or '-' for stdin, else the SMGOV_EVENT variable when stdin is empty.")
  String event;

  @Option(
      names = "--include-shared",
      description =
          "Also export model package groups other accounts share with each account through AWS RAM.")
  Boolean includeShared;

  @Option(
      names = "--strategy",
      paramLabel = "search|list",
      description =
          "search (default): Search pages of 100 with tags; list: List + Describe + ListTags per item, where Search is denied.")
  String strategy;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description = "Progress as readable text (default) or JSON lines for CloudWatch.")
  String logFormat;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file with the same options (warehouse, accounts, regions, role-name, …); the command line wins.")
  Path configFile;

  @Option(
      names = "--account-concurrency",
      paramLabel = "N",
      description =
          "Accounts exported at once (default: " + ExportConfig.Defaults.ACCOUNT_CONCURRENCY + ").")
  Integer accountConcurrency;

  @Option(
      names = "--requests-per-second",
      paramLabel = "N",
      description = "SageMaker requests per second per account and region (default: 10).")
  Double requestsPerSecond;

  @Option(
      names = "--report-concurrency",
      paramLabel = "N",
      description =
          "S3 report reads in flight per account and region (default: "
              + ExportConfig.Defaults.REPORT_CONCURRENCY
              + ").")
  Integer reportConcurrency;

  @Option(
      names = "--max-report-bytes",
      paramLabel = "N",
      description = "Reports larger than this are recorded as too_large (default: 4 MiB).")
  Long maxReportBytes;

  @Option(
      names = "--full-refresh",
      description =
          "Read everything again: no reports, lineage or endpoint configs carried forward.")
  Boolean fullRefresh;

  @Option(
      names = "--metrics-days",
      paramLabel = "N",
      description =
          "Days of CloudWatch endpoint metrics (traffic, latency, errors, CPU) read per snapshot, ending at the snapshot date (default: "
              + ExportConfig.Defaults.METRICS_DAYS
              + "; 0 reads none).")
  Integer metricsDays;

  @Option(
      names = "--glue-database",
      paramLabel = "D",
      description =
          "Keep this Glue database's region enum in step when the run writes a region it does not list (tables from smgov catalog apply).")
  String glueDatabase;

  @Option(
      names = "--warehouse-endpoint-url",
      paramLabel = "URL",
      description =
          "S3-compatible endpoint of the warehouse bucket (MinIO, S3Proxy); also SMGOV_WAREHOUSE_ENDPOINT_URL. Report reads keep AWS_ENDPOINT_URL_S3.")
  URI warehouseEndpoint;

  @Override
  public Integer call() throws InterruptedException {
    Optional<URI> warehouseUrl =
        Optional.ofNullable(warehouseEndpoint)
            .or(
                () ->
                    Optional.ofNullable(System.getenv("SMGOV_WAREHOUSE_ENDPOINT_URL"))
                        .filter(s -> !s.isBlank())
                        .map(URI::create));
    try (AwsClients clients =
        AwsClients.create(
            new AwsClients.Settings(
                defaultRegion(),
                DefaultCredentialsProvider.builder().build(),
                AwsEndpoints.fromEnvironment(System.getenv()),
                warehouseUrl,
                AwsClients.DEFAULT_MAX_ATTEMPTS))) {
      ExportConfig config =
          config(
              location ->
                  clients
                      .warehouseS3(defaultRegion().orElse(Region.US_EAST_1), null)
                      .getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.prefix()))
                      .asUtf8String());
      ExportJob.Outcome outcome =
          new ExportJob(config, clients, new ProgressLog(System.out, config.logFormat())).run();
      return exitCode(outcome);
    }
  }

  /** 0 all written; 3 some account/region failed and the rest was written; 1 nothing was. */
  public static int exitCode(ExportJob.Outcome outcome) {
    if (outcome.allFailed()) {
      return ExitCodes.FATAL;
    }
    return outcome.anyFailed() ? ExitCodes.PARTIAL : ExitCodes.OK;
  }

  private ExportConfig config(Function<WarehouseLocation, String> s3) {
    ExportConfigBuilder builder =
        new ExportConfigBuilder()
            .warehouse(warehouse)
            .accounts(accounts)
            .regions(regions)
            .roleName(roleName)
            .externalId(externalId)
            .snapshotTime(snapshotTime)
            .groups(groups)
            .includeShared(includeShared)
            .strategy(strategy)
            .logFormat(logFormat)
            .accountConcurrency(accountConcurrency)
            .requestsPerSecond(requestsPerSecond)
            .reportConcurrency(reportConcurrency)
            .maxReportBytes(maxReportBytes)
            .fullRefresh(fullRefresh)
            .glueDatabase(glueDatabase)
            .metricsDays(metricsDays)
            .shard(shard)
            .accountsFile(accountsFile);
    if (event != null) {
      builder.events(readEvent(event, s3));
    }
    if (configFile != null) {
      builder.configFile(configFile);
    }
    return builder.build();
  }

  /**
   * The event from a file, an S3 object ({@code s3://bucket/key}: the batch the event pipeline
   * saved), or stdin ('-'), falling back to SMGOV_EVENT when stdin is empty.
   */
  static List<JsonNode> readEvent(String source, Function<WarehouseLocation, String> s3) {
    ObjectMapper json = new ObjectMapper();
    try {
      String text;
      if (source.startsWith("s3://")) {
        try {
          text = s3.apply(WarehouseLocation.parse(source));
        } catch (IllegalArgumentException | SdkException e) {
          throw new ConfigException(
              List.of("--event " + source + ": cannot read the object: " + e.getMessage()));
        }
      } else if (source.equals("-")) {
        try (InputStream in = System.in) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (text.isBlank()) {
          text = Optional.ofNullable(System.getenv("SMGOV_EVENT")).orElse("");
        }
      } else {
        text = Files.readString(Path.of(source));
      }
      if (text.isBlank()) {
        throw new ConfigException(
            List.of("--event " + source + ": no event (empty input and no SMGOV_EVENT)"));
      }
      // One event, an array of events, or one event per line (JSON lines): every document.
      List<JsonNode> documents = new ArrayList<>();
      try (MappingIterator<JsonNode> values = json.readerFor(JsonNode.class).readValues(text)) {
        while (values.hasNextValue()) {
          documents.add(values.nextValue());
        }
      }
      return documents;
    } catch (IOException | RuntimeJsonMappingException e) {
      throw new ConfigException(
          List.of("--event " + source + ": cannot read a JSON event: " + e.getMessage()));
    }
  }

  private static Optional<Region> defaultRegion() {
    try {
      return Optional.of(new DefaultAwsRegionProviderChain().getRegion());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
