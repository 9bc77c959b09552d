package io.smgov.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.smgov.model.Labelled;
import io.smgov.model.ReadStrategy;
import io.smgov.sink.WarehouseLocation;
import io.smgov.wire.SdkJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * Collects export options from the command line and an optional YAML file (same names, command line
 * wins), validates them all at once and reports every problem with the option to fix.
 */
public final class ExportConfigBuilder {
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern OU = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
  private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

  /** The keys a --config file may hold: the export options without their dashes. */
  public static final Set<String> FILE_KEYS =
      Set.of(
          "warehouse",
          "accounts",
          "regions",
          "role-name",
          "external-id",
          "snapshot-time",
          "group",
          "include-shared",
          "strategy",
          "log-format",
          "account-concurrency",
          "requests-per-second",
          "report-concurrency",
          "max-report-bytes",
          "full-refresh",
          "glue-database",
          "metrics-days");

  private String warehouse;
  private String accounts;
  private String regions;
  private String roleName;
  private String externalId;
  private String snapshotTime;
  private final List<String> groups = new ArrayList<>();
  private final List<JsonNode> events = new ArrayList<>();
  private Boolean includeShared;
  private String strategy;
  private String logFormat;
  private Integer accountConcurrency;
  private Double requestsPerSecond;
  private Integer reportConcurrency;
  private Long maxReportBytes;
  private Integer metricsDays;
  private Boolean fullRefresh;
  private String glueDatabase;
  private String shard;
  private String accountsFile;
  private Instant now = Instant.now();

  /** {@code K/N}: export only the accounts of shard K (0-based) of N. */
  public ExportConfigBuilder shard(String value) {
    if (value != null) shard = value;
    return this;
  }

  /** The accounts from this file (an {@code smgov plan} output or ids one per line). */
  public ExportConfigBuilder accountsFile(String value) {
    if (value != null) accountsFile = value;
    return this;
  }

  public ExportConfigBuilder warehouse(String value) {
    if (value != null) warehouse = value;
    return this;
  }

  public ExportConfigBuilder accounts(String value) {
    if (value != null) accounts = value;
    return this;
  }

  public ExportConfigBuilder regions(String value) {
    if (value != null) regions = value;
    return this;
  }

  public ExportConfigBuilder roleName(String value) {
    if (value != null) roleName = value;
    return this;
  }

  public ExportConfigBuilder externalId(String value) {
    if (value != null) externalId = value;
    return this;
  }

  public ExportConfigBuilder snapshotTime(String value) {
    if (value != null) snapshotTime = value;
    return this;
  }

  public ExportConfigBuilder groups(List<String> values) {
    if (values != null && !values.isEmpty()) {
      groups.clear();
      groups.addAll(values);
    }
    return this;
  }

  /** One delivery of events: an event, an array of events, or SQS records holding events. */
  public ExportConfigBuilder event(JsonNode value) {
    if (value != null) events.add(value);
    return this;
  }

  /** Several documents of events (JSON lines). */
  public ExportConfigBuilder events(List<JsonNode> values) {
    if (values != null) events.addAll(values);
    return this;
  }

  public ExportConfigBuilder includeShared(Boolean value) {
    if (value != null) includeShared = value;
    return this;
  }

  public ExportConfigBuilder strategy(String value) {
    if (value != null) strategy = value;
    return this;
  }

  public ExportConfigBuilder logFormat(String value) {
    if (value != null) logFormat = value;
    return this;
  }

  public ExportConfigBuilder accountConcurrency(Integer value) {
    if (value != null) accountConcurrency = value;
    return this;
  }

  public ExportConfigBuilder requestsPerSecond(Double value) {
    if (value != null) requestsPerSecond = value;
    return this;
  }

  public ExportConfigBuilder reportConcurrency(Integer value) {
    if (value != null) reportConcurrency = value;
    return this;
  }

  public ExportConfigBuilder metricsDays(Integer value) {
    if (value != null) metricsDays = value;
    return this;
  }

  public ExportConfigBuilder maxReportBytes(Long value) {
    if (value != null) maxReportBytes = value;
    return this;
  }

  public ExportConfigBuilder fullRefresh(Boolean value) {
    if (value != null) fullRefresh = value;
    return this;
  }

  public ExportConfigBuilder glueDatabase(String value) {
    if (value != null) glueDatabase = value;
    return this;
  }

  /** The clock for the default snapshot time (tests fix it). */
  public ExportConfigBuilder now(Instant value) {
    now = value;
    return this;
  }

  /** The range of a whole-number option, declared once for the command line and the file. */
  record Bounds(String option, long min, long max, String unit, String note) {
    boolean holds(long value) {
      return value >= min && value <= max;
    }

    String problem() {
      return option + " must be between " + min + " and " + max + " " + unit + note;
    }
  }

  static final Bounds ACCOUNT_CONCURRENCY =
      new Bounds("--account-concurrency", 1, 64, "accounts", "");
  static final Bounds REPORT_CONCURRENCY = new Bounds("--report-concurrency", 1, 128, "reads", "");
  static final Bounds MAX_REPORT_BYTES =
      new Bounds("--max-report-bytes", 1024, Integer.MAX_VALUE, "bytes", "");
  static final Bounds METRICS_DAYS =
      new Bounds(
          "--metrics-days",
          0,
          455,
          "days",
          " (0: no CloudWatch metrics; CloudWatch keeps daily data 455 days)");
  static final double MAX_REQUESTS_PER_SECOND = 1000;

  /** How far ahead of the clock --snapshot-time may be (clock skew), and no further. */
  static final Duration SNAPSHOT_TIME_AHEAD = Duration.ofHours(1);

  /**
   * Applies a YAML file with the same option names; values already set (from the command line) are
   * kept. Unknown keys, a key given twice, and a value of the wrong type or out of range are
   * refused, each with the file, line and key.
   */
  public ExportConfigBuilder configFile(Path file) {
    YamlFile yaml = YamlFile.read("--config", file);
    List<String> problems = new ArrayList<>();
    for (YamlFile.Entry e : yaml.entries()) {
      String key = e.key();
      if (!FILE_KEYS.contains(key)) {
        problems.add(
            yaml.where(e)
                + " is not an option (known: "
                + String.join(", ", FILE_KEYS.stream().sorted().toList())
                + ")");
        continue;
      }
      switch (key) {
        case "warehouse" ->
            yaml.text(e, problems)
                .ifPresent(
                    v -> {
                      if (warehouse == null) warehouse = v;
                    });
        case "accounts" ->
            yaml.text(e, problems)
                .ifPresent(
                    v -> {
                      if (accounts == null) accounts = v;
                    });
        case "regions" ->
            yaml.text(e, problems)
                .ifPresent(
                    v -> {
                      if (regions == null) regions = v;
                    });
        case "role-name" ->
            yaml.text(e, problems)
                .ifPresent(
                    v -> {
                      if (roleName == null) roleName = v;
                    });
        case "external-id" ->
            yaml.text(e, problems)
                .ifPresent(
                    v -> {
                      if (externalId == null) externalId = v;
                    });
        case "snapshot-time" ->
            yaml.text(e, problems)
                .ifPresent(
                    v -> {
                      if (snapshotTime == null) snapshotTime = v;
                    });
        case "include-shared" ->
            yaml.bool(e, problems)
                .ifPresent(
                    v -> {
                      if (includeShared == null) includeShared = v;
                    });
        case "strategy" ->
            yaml.text(e, problems)
                .ifPresent(
                    v -> {
                      if (strategy == null) strategy = v;
                    });
        case "log-format" ->
            yaml.text(e, problems)
                .ifPresent(
                    v -> {
                      if (logFormat == null) logFormat = v;
                    });
        case "account-concurrency" ->
            whole(yaml, e, ACCOUNT_CONCURRENCY, problems)
                .ifPresent(
                    v -> {
                      if (accountConcurrency == null) accountConcurrency = v.intValue();
                    });
        case "report-concurrency" ->
            whole(yaml, e, REPORT_CONCURRENCY, problems)
                .ifPresent(
                    v -> {
                      if (reportConcurrency == null) reportConcurrency = v.intValue();
                    });
        case "max-report-bytes" ->
            whole(yaml, e, MAX_REPORT_BYTES, problems)
                .ifPresent(
                    v -> {
                      if (maxReportBytes == null) maxReportBytes = v;
                    });
        case "metrics-days" ->
            whole(yaml, e, METRICS_DAYS, problems)
                .ifPresent(
                    v -> {
                      if (metricsDays == null) metricsDays = v.intValue();
                    });
        case "full-refresh" ->
            yaml.bool(e, problems)
                .ifPresent(
                    v -> {
                      if (fullRefresh == null) fullRefresh = v;
                    });
        case "glue-database" ->
            yaml.text(e, problems)
                .ifPresent(
                    v -> {
                      if (glueDatabase == null) glueDatabase = v;
                    });
        case "requests-per-second" ->
            yaml.number(e, 0, MAX_REQUESTS_PER_SECOND, "requests a second", problems)
                .ifPresent(
                    v -> {
                      if (requestsPerSecond == null) requestsPerSecond = v;
                    });
        case "group" ->
            yaml.text(e, problems)
                .ifPresent(
                    v -> {
                      if (groups.isEmpty()) groups.addAll(List.of(v.split(",")));
                    });
        default -> throw new IllegalStateException(key);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return this;
  }

  private static Optional<Long> whole(
      YamlFile yaml, YamlFile.Entry e, Bounds bounds, List<String> problems) {
    return yaml.whole(e, bounds.min(), bounds.max(), bounds.unit(), problems);
  }

  /**
   * What {@code --accounts} names: explicit ids, or the organization (with an optional OU). Null or
   * blank text (already reported) is the caller's own account.
   */
  public record AccountScope(
      List<String> ids, boolean organization, Optional<String> organizationUnit) {
    public AccountScope {
      ids = List.copyOf(ids);
    }
  }

  /** {@code --accounts} parsed, each problem added to {@code problems}. */
  public static AccountScope accountScope(String accounts, List<String> problems) {
    List<String> accountIds = new ArrayList<>();
    boolean organization = false;
    Optional<String> unit = Optional.empty();
    if (accounts != null && !accounts.isBlank()) {
      String text = accounts.trim();
      if (text.equals("org") || text.startsWith("org:")) {
        organization = true;
        if (text.startsWith("org:")) {
          String ou = text.substring(4);
          if (!OU.matcher(ou).matches()) {
            problems.add(
                "--accounts: '" + ou + "' is not an organizational unit id (ou-xxxx-xxxxxxxx)");
          }
          unit = Optional.of(ou);
        }
      } else {
        for (String id : text.split(",")) {
          String trimmed = id.trim();
          if (!ACCOUNT.matcher(trimmed).matches()) {
            problems.add(
                "--accounts: '"
                    + trimmed
                    + "' is not a 12-digit account id (or use org / org:ou-…)");
          } else if (!accountIds.contains(trimmed)) {
            accountIds.add(trimmed);
          }
        }
      }
    }
    return new AccountScope(accountIds, organization, unit);
  }

  /** Whether {@code text} is a 12-digit account id. */
  public static boolean isAccountId(String text) {
    return ACCOUNT.matcher(text).matches();
  }

  /** {@code --regions} parsed (each an AWS region, duplicates dropped), each problem added. */
  public static List<String> regionList(String regions, List<String> problems) {
    List<String> regionNames = new ArrayList<>();
    if (regions != null && !regions.isBlank()) {
      for (String region : regions.split(",")) {
        String trimmed = region.trim();
        if (!Region.regions().contains(Region.of(trimmed))) {
          problems.add(
              "--regions: '" + trimmed + "' is not an AWS region (e.g. eu-west-1, us-east-1)");
        } else if (!regionNames.contains(trimmed)) {
          regionNames.add(trimmed);
        }
      }
    }
    return regionNames;
  }

  /**
   * {@code --snapshot-time} parsed: ISO-8601, and not more than an hour after {@code now} (a future
   * snapshot would stay the newest of its account and region until then). Empty when not given or
   * refused (the problem added).
   */
  public static Optional<Instant> snapshotTime(String text, Instant now, List<String> problems) {
    if (text == null) {
      return Optional.empty();
    }
    Optional<Instant> parsed = SdkJson.parseTimestamp(text);
    if (parsed.isEmpty()) {
      problems.add(
          "--snapshot-time: '" + text + "' is not an ISO-8601 time such as 2026-11-01T06:00:00Z");
      return Optional.empty();
    }
    if (parsed.get().isAfter(now.plus(SNAPSHOT_TIME_AHEAD))) {
      problems.add(
          "--snapshot-time: "
              + text
              + " is in the future (now is "
              + now.truncatedTo(ChronoUnit.SECONDS)
              + "): a future snapshot would stay the newest of its account and region until"
              + " then, hiding every later export");
      return Optional.empty();
    }
    return parsed;
  }

  public ExportConfig build() {
    List<String> problems = new ArrayList<>();
    WarehouseLocation location = null;
    if (warehouse == null || warehouse.isBlank()) {
      problems.add("--warehouse is required: s3://bucket/prefix or a local folder");
    } else {
      try {
        location = WarehouseLocation.parse(warehouse);
      } catch (IllegalArgumentException e) {
        problems.add("--warehouse: " + e.getMessage());
      }
    }
    List<RegistryEvent> parsedEvents = new ArrayList<>();
    if (!events.isEmpty()) {
      try {
        parsedEvents.addAll(RegistryEvent.parseAll(events));
      } catch (IllegalArgumentException e) {
        problems.add("--event: " + e.getMessage());
      }
      if (!groups.isEmpty()) {
        problems.add(
            "--group and --event are alternatives: an event names what it refreshes itself");
      }
    }
    if (accounts != null && accounts.isBlank()) {
      problems.add(
          "--accounts is empty: give 12-digit account ids, org or org:ou-…, or leave it out for the"
              + " caller's own account");
    }
    if (regions != null && regions.isBlank()) {
      problems.add(
          "--regions is empty: give regions such as eu-west-1,us-east-1, or leave it out for the"
              + " default region");
    }
    AccountScope scope = accountScope(accounts, problems);
    List<String> accountIds = new ArrayList<>(scope.ids());
    boolean organization = scope.organization();
    Optional<String> unit = scope.organizationUnit();
    Set<String> known = new LinkedHashSet<>();
    Region.regions().forEach(r -> known.add(r.id()));
    List<String> regionNames = regionList(regions, problems);
    List<String> eventRegions = new ArrayList<>();
    List<String> eventAccounts = new ArrayList<>();
    for (RegistryEvent e : parsedEvents) {
      if (!known.contains(e.region())) {
        // The region reaches object keys (region=R/): it must be a region, not a path.
        problems.add(
            "--event: the event's region '"
                + e.region()
                + "' is not an AWS region (e.g. eu-west-1)");
        continue;
      }
      if (!accountIds.isEmpty() && !accountIds.contains(e.account())) {
        problems.add(
            "--event: the event is from account "
                + e.account()
                + ", which --accounts does not list");
      }
      if (!regionNames.isEmpty() && !regionNames.contains(e.region())) {
        problems.add(
            "--event: the event is from region " + e.region() + ", which --regions does not list");
      }
      if (!eventAccounts.contains(e.account())) {
        eventAccounts.add(e.account());
      }
      if (!eventRegions.contains(e.region())) {
        eventRegions.add(e.region());
      }
    }
    if (!parsedEvents.isEmpty()) {
      if (organization) {
        problems.add("--event refreshes the events' own accounts: drop --accounts org");
      }
      // The run covers only the accounts and regions the events name (ExportConfig.covers).
      accountIds = eventAccounts;
      regionNames = eventRegions;
      organization = false;
    }
    if (roleName != null && !ROLE_NAME.matcher(roleName).matches()) {
      problems.add("--role-name: '" + roleName + "' is not an IAM role name");
    }
    if (externalId != null && (externalId.length() < 2 || externalId.length() > 1224)) {
      problems.add("--external-id must be 2 to 1224 characters");
    }
    if (externalId != null && roleName == null) {
      problems.add("--external-id needs --role-name (the role whose trust policy asks for it)");
    }
    if (organization && roleName == null) {
      problems.add(
          "--accounts org needs --role-name: the role to assume in each discovered account");
    }
    Instant snapshot = snapshotTime(snapshotTime, now, problems).orElse(now);
    ReadStrategy chosenStrategy =
        strategy == null
            ? ExportConfig.Defaults.STRATEGY
            : Labelled.of(ReadStrategy.class, strategy).orElse(ExportConfig.Defaults.STRATEGY);
    if (strategy != null && Labelled.of(ReadStrategy.class, strategy).isEmpty()) {
      problems.add("--strategy must be search or list, got '" + strategy + "'");
    }
    ExportConfig.LogFormat format = ExportConfig.LogFormat.TEXT;
    if (logFormat != null) {
      try {
        format = ExportConfig.LogFormat.valueOf(logFormat.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add("--log-format must be text or json, got '" + logFormat + "'");
      }
    }
    int concurrency =
        accountConcurrency == null ? ExportConfig.Defaults.ACCOUNT_CONCURRENCY : accountConcurrency;
    if (!ACCOUNT_CONCURRENCY.holds(concurrency)) {
      problems.add(ACCOUNT_CONCURRENCY.problem());
    }
    double rps =
        requestsPerSecond == null ? ExportConfig.Defaults.REQUESTS_PER_SECOND : requestsPerSecond;
    if (!(rps > 0) || rps > MAX_REQUESTS_PER_SECOND) {
      problems.add("--requests-per-second must be above 0 and at most 1000");
    }
    int reports =
        reportConcurrency == null ? ExportConfig.Defaults.REPORT_CONCURRENCY : reportConcurrency;
    if (!REPORT_CONCURRENCY.holds(reports)) {
      problems.add(REPORT_CONCURRENCY.problem());
    }
    long maxBytes =
        maxReportBytes == null ? ExportConfig.Defaults.MAX_REPORT_BYTES : maxReportBytes;
    if (!MAX_REPORT_BYTES.holds(maxBytes)) {
      problems.add(MAX_REPORT_BYTES.problem());
    }
    int window = metricsDays == null ? ExportConfig.Defaults.METRICS_DAYS : metricsDays;
    if (!METRICS_DAYS.holds(window)) {
      problems.add(METRICS_DAYS.problem());
    }
    for (String group : groups) {
      if (!group.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")) {
        problems.add("--group: '" + group + "' is not a model package group name");
      }
    }
    if (glueDatabase != null) {
      if (!glueDatabase.matches("[a-z0-9_]{1,255}")) {
        problems.add(
            "--glue-database: '"
                + glueDatabase
                + "' must be lower-case letters, digits and underscores");
      }
      if (location != null && !location.isS3()) {
        problems.add(
            "--glue-database needs an s3:// warehouse: Athena reads the warehouse from S3");
      }
    }
    Optional<Shard> parsedShard = Optional.empty();
    if (shard != null) {
      try {
        parsedShard = Optional.of(Shard.parse(shard));
      } catch (IllegalArgumentException e) {
        problems.add("--shard: " + e.getMessage());
      }
      if (!parsedEvents.isEmpty()) {
        problems.add("--shard and --event are alternatives: an event names its own account");
      }
    }
    if (accountsFile != null) {
      if (accountsFile.isBlank()) {
        problems.add("--accounts-file is empty: give the plan's s3:// URI or a local path");
      }
      if (accounts != null) {
        problems.add(
            "--accounts and --accounts-file are alternatives: the file lists the accounts"
                + " (smgov plan writes it)");
      }
      if (roleName == null) {
        problems.add(
            "--accounts-file needs --role-name: the role to assume in each account it lists");
      }
      if (!parsedEvents.isEmpty()) {
        problems.add("--accounts-file and --event are alternatives: an event names its account");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ExportConfig(
        location,
        accountIds,
        organization,
        unit,
        regionNames,
        Optional.ofNullable(roleName),
        Optional.ofNullable(externalId),
        snapshot.truncatedTo(ChronoUnit.MILLIS),
        new LinkedHashSet<>(groups),
        parsedEvents,
        Boolean.TRUE.equals(includeShared),
        chosenStrategy,
        format,
        concurrency,
        rps,
        reports,
        maxBytes,
        Boolean.TRUE.equals(fullRefresh),
        Optional.ofNullable(glueDatabase),
        window,
        parsedShard,
        Optional.ofNullable(accountsFile).map(String::trim));
  }
}
