package io.smgov.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smgov.model.Labelled;
import io.smgov.model.ReadStrategy;
import io.smgov.sink.WarehouseLocation;
import io.smgov.wire.SdkJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private JsonNode event;
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
  private Instant now = Instant.now();

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

  public ExportConfigBuilder event(JsonNode value) {
    if (value != null) event = value;
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

  /**
   * Applies a YAML file with the same option names; values already set (from the command line) are
   * kept. Unknown keys are refused.
   */
  public ExportConfigBuilder configFile(Path file) {
    JsonNode yaml;
    try {
      yaml = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(
          List.of("--config " + file + ": cannot read it: " + firstLine(e.getMessage())));
    }
    if (yaml == null || yaml.isNull() || yaml.isMissingNode()) {
      return this;
    }
    if (!yaml.isObject()) {
      throw new ConfigException(
          List.of("--config " + file + ": expected a mapping of option names to values"));
    }
    List<String> problems = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> entries = yaml.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> e = entries.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      if (!FILE_KEYS.contains(key)) {
        problems.add(
            "--config "
                + file
                + ": unknown key '"
                + key
                + "' (known: "
                + String.join(", ", FILE_KEYS.stream().sorted().toList())
                + ")");
        continue;
      }
      String text = v.isArray() ? joined(v) : v.asText();
      switch (key) {
        case "warehouse":
          if (warehouse == null) warehouse = text;
          break;
        case "accounts":
          if (accounts == null) accounts = text;
          break;
        case "regions":
          if (regions == null) regions = text;
          break;
        case "role-name":
          if (roleName == null) roleName = text;
          break;
        case "external-id":
          if (externalId == null) externalId = text;
          break;
        case "snapshot-time":
          if (snapshotTime == null) snapshotTime = text;
          break;
        case "group":
          if (groups.isEmpty()) groups.addAll(List.of(text.split(",")));
          break;
        case "include-shared":
          if (includeShared == null) includeShared = v.asBoolean();
          break;
        case "strategy":
          if (strategy == null) strategy = text;
          break;
        case "log-format":
          if (logFormat == null) logFormat = text;
          break;
        case "account-concurrency":
          if (accountConcurrency == null) accountConcurrency = v.asInt();
          break;
        case "requests-per-second":
          if (requestsPerSecond == null) requestsPerSecond = v.asDouble();
          break;
        case "report-concurrency":
          if (reportConcurrency == null) reportConcurrency = v.asInt();
          break;
        case "max-report-bytes":
          if (maxReportBytes == null) maxReportBytes = v.asLong();
          break;
        case "full-refresh":
          if (fullRefresh == null) fullRefresh = v.asBoolean();
          break;
        case "glue-database":
          if (glueDatabase == null) glueDatabase = text;
          break;
        case "metrics-days":
          if (metricsDays == null) metricsDays = v.asInt();
          break;
        default:
          throw new IllegalStateException(key);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return this;
  }

  private static String joined(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return String.join(",", values);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
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
    Optional<RegistryEvent> parsedEvent = Optional.empty();
    if (event != null) {
      try {
        parsedEvent = Optional.of(RegistryEvent.parse(event));
      } catch (IllegalArgumentException e) {
        problems.add("--event: " + e.getMessage());
      }
    }
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
    List<String> regionNames = new ArrayList<>();
    if (regions != null && !regions.isBlank()) {
      Set<String> known = new LinkedHashSet<>();
      Region.regions().forEach(r -> known.add(r.id()));
      for (String region : regions.split(",")) {
        String trimmed = region.trim();
        if (!known.contains(trimmed)) {
          problems.add(
              "--regions: '" + trimmed + "' is not an AWS region (e.g. eu-west-1, us-east-1)");
        } else if (!regionNames.contains(trimmed)) {
          regionNames.add(trimmed);
        }
      }
    }
    if (parsedEvent.isPresent()) {
      RegistryEvent e = parsedEvent.get();
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
      if (organization) {
        problems.add("--event refreshes the event's own account: drop --accounts org");
      }
      accountIds = List.of(e.account());
      regionNames = List.of(e.region());
      organization = false;
      e.group()
          .ifPresent(
              g -> {
                groups.clear();
                groups.add(g);
              });
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
    Instant snapshot = now;
    if (snapshotTime != null) {
      Optional<Instant> parsed = SdkJson.parseTimestamp(snapshotTime);
      if (parsed.isEmpty()) {
        problems.add(
            "--snapshot-time: '"
                + snapshotTime
                + "' is not an ISO-8601 time such as 2026-11-01T06:00:00Z");
      } else {
        snapshot = parsed.get();
      }
    }
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
    if (concurrency < 1 || concurrency > 64) {
      problems.add("--account-concurrency must be between 1 and 64");
    }
    double rps =
        requestsPerSecond == null ? ExportConfig.Defaults.REQUESTS_PER_SECOND : requestsPerSecond;
    if (!(rps > 0) || rps > 1000) {
      problems.add("--requests-per-second must be above 0 and at most 1000");
    }
    int reports =
        reportConcurrency == null ? ExportConfig.Defaults.REPORT_CONCURRENCY : reportConcurrency;
    if (reports < 1 || reports > 128) {
      problems.add("--report-concurrency must be between 1 and 128");
    }
    long maxBytes =
        maxReportBytes == null ? ExportConfig.Defaults.MAX_REPORT_BYTES : maxReportBytes;
    if (maxBytes < 1024) {
      problems.add("--max-report-bytes must be at least 1024");
    }
    int window = metricsDays == null ? ExportConfig.Defaults.METRICS_DAYS : metricsDays;
    if (window < 0 || window > 455) {
      problems.add(
          "--metrics-days must be between 0 (no CloudWatch metrics) and 455 (CloudWatch keeps daily data that long)");
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
        parsedEvent,
        Boolean.TRUE.equals(includeShared),
        chosenStrategy,
        format,
        concurrency,
        rps,
        reports,
        maxBytes,
        Boolean.TRUE.equals(fullRefresh),
        Optional.ofNullable(glueDatabase),
        window);
  }
}
