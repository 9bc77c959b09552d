package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A loaded and validated portfolio (docs/portfolio.md): per account and region the registry, the
 * endpoints and the lineage graph in the AWS API's own shapes (timestamps already epoch seconds),
 * the roles that may be assumed, the organization and the S3 report objects. Immutable once loaded.
 */
public final class Portfolio {
  final Map<String, Map<String, RegionData>> accounts;
  final Map<String, Map<String, RoleSpec>> roles;
  final String callerAccount;
  final Organization organization;
  final Map<String, byte[]> s3Objects;

  /** HeadObject/GetObject metadata planted per s3:// URI; an entry alone is a zero-byte object. */
  final Map<String, ObjectMetadata> s3ObjectMetadata;

  /** The portfolio's fixed "now" (top-level {@code "now"}), or null for the wall clock. */
  private final Instant now;

  /**
   * Actions the caller's own identity policy denies (top-level {@code "callerDenies"}, e.g. {@code
   * pricing:GetProducts}): the caller gets AccessDenied for them, as an assumed role does for its
   * role's denies.
   */
  final Set<String> callerDenies;

  Portfolio(
      Map<String, Map<String, RegionData>> accounts,
      Map<String, Map<String, RoleSpec>> roles,
      String callerAccount,
      Organization organization,
      Map<String, byte[]> s3Objects) {
    this(accounts, roles, callerAccount, organization, s3Objects, Map.of(), null, Set.of());
  }

  Portfolio(
      Map<String, Map<String, RegionData>> accounts,
      Map<String, Map<String, RoleSpec>> roles,
      String callerAccount,
      Organization organization,
      Map<String, byte[]> s3Objects,
      Map<String, ObjectMetadata> s3ObjectMetadata,
      Instant now,
      Set<String> callerDenies) {
    this.accounts = accounts;
    this.roles = roles;
    this.callerAccount = callerAccount;
    this.organization = organization;
    this.s3Objects = s3Objects;
    this.s3ObjectMetadata = s3ObjectMetadata;
    this.now = now;
    this.callerDenies = callerDenies;
  }

  /**
   * The simulated present: the portfolio's top-level {@code "now"} when it has one, else the wall
   * clock. CloudTrail's 90-day event history is counted back from it.
   */
  public Instant now() {
    return now != null ? now : Instant.now();
  }

  /**
   * What HeadObject and GetObject say about one object: {@code Last-Modified}, {@code ETag} and
   * {@code x-amz-version-id}. A null member falls back to the default (a fixed date, the MD5 of the
   * body, no version id). A deleted object is gone: 404 NoSuchKey.
   */
  record ObjectMetadata(Instant lastModified, String eTag, String versionId, boolean deleted) {}

  /** The account whose credentials anything not issued by AssumeRole stands for. */
  public String callerAccount() {
    return callerAccount;
  }

  public Set<String> accountIds() {
    return accounts.keySet();
  }

  /** Every region any account has data in, sorted. */
  public List<String> regions() {
    TreeSet<String> regions = new TreeSet<>();
    accounts.values().forEach(byRegion -> regions.addAll(byRegion.keySet()));
    return List.copyOf(regions);
  }

  /**
   * The role every account can be read through: a role name present in each account with one
   * external id (or none). Empty when the accounts have no role in common.
   */
  public Optional<SharedRole> sharedRole() {
    Map<String, RoleSpec> first =
        roles.getOrDefault(accounts.keySet().stream().findFirst().orElse(""), Map.of());
    for (Map.Entry<String, RoleSpec> candidate : new TreeMap<>(first).entrySet()) {
      String externalId = candidate.getValue().externalId();
      boolean everywhere =
          accounts.keySet().stream()
              .map(account -> role(account, candidate.getKey()))
              .allMatch(
                  role -> role.isPresent() && Objects.equals(role.get().externalId(), externalId));
      if (everywhere) {
        return Optional.of(new SharedRole(candidate.getKey(), Optional.ofNullable(externalId)));
      }
    }
    return Optional.empty();
  }

  /**
   * A role name (and the external id its trust policy requires) every account of a portfolio has.
   */
  public record SharedRole(String name, Optional<String> externalId) {}

  /** Number of model package versions over all accounts and regions. */
  public int versionCount() {
    int count = 0;
    for (Map<String, RegionData> regions : accounts.values()) {
      for (RegionData data : regions.values()) {
        count += data.packages.size();
      }
    }
    return count;
  }

  /** The data of one account in one region; an account with nothing there gets an empty region. */
  RegionData region(String account, String region) {
    Map<String, RegionData> regions = accounts.get(account);
    if (regions == null) {
      return RegionData.EMPTY;
    }
    return regions.getOrDefault(region, RegionData.EMPTY);
  }

  Optional<RoleSpec> role(String account, String roleName) {
    return Optional.ofNullable(roles.getOrDefault(account, Map.of()).get(roleName));
  }

  /** What an assumed role may not do: whole actions and S3 prefixes. */
  record RoleSpec(String externalId, Set<String> deniedActions, List<String> deniedS3Prefixes) {
    boolean denies(String action) {
      return deniedActions.contains(action) || deniedActions.contains(service(action) + ":*");
    }

    boolean deniesObject(String s3Uri) {
      return denies("s3:GetObject") || deniedS3Prefixes.stream().anyMatch(s3Uri::startsWith);
    }

    private static String service(String action) {
      int colon = action.indexOf(':');
      return colon < 0 ? action : action.substring(0, colon);
    }
  }

  /**
   * The AWS Organization: its accounts (ListAccounts shape), the management account and delegated
   * administrators that may list them, and the organizational units with their direct children.
   */
  record Organization(
      List<ObjectNode> accounts,
      String managementAccountId,
      Set<String> delegatedAdministrators,
      Map<String, OrganizationalUnit> units) {
    static final Organization NONE = new Organization(List.of(), null, Set.of(), Map.of());

    boolean exists() {
      return managementAccountId != null;
    }
  }

  record OrganizationalUnit(String id, String name, String parentId, List<String> accountIds) {}

  /** One account's registry, endpoints and lineage in one region, indexed for the API calls. */
  static final class RegionData {
    static final RegionData EMPTY = new RegionData();

    final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    final Map<String, ObjectNode> packages = new LinkedHashMap<>();
    final Map<String, List<ObjectNode>> packagesByGroup = new LinkedHashMap<>();
    final Map<String, ObjectNode> models = new LinkedHashMap<>();
    final Map<String, ObjectNode> endpointConfigs = new LinkedHashMap<>();
    final Map<String, ObjectNode> endpoints = new LinkedHashMap<>();
    final Map<String, ObjectNode> modelCards = new LinkedHashMap<>();

    /** Training jobs (DescribeTrainingJob output, optional Tags), by name. */
    final Map<String, ObjectNode> trainingJobs = new LinkedHashMap<>();

    final Map<String, ObjectNode> artifacts = new LinkedHashMap<>();
    final Map<String, ObjectNode> actions = new LinkedHashMap<>();
    final Map<String, ObjectNode> contexts = new LinkedHashMap<>();
    final Map<String, ObjectNode> trialComponents = new LinkedHashMap<>();
    final List<ObjectNode> associations = new ArrayList<>();

    /** CloudWatch data points, as PutMetricData requests (Namespace, MetricData). */
    final List<ObjectNode> metricData = new ArrayList<>();

    /** The datums of each metric series, by namespace, metric name and sorted dimensions. */
    final Map<String, List<JsonNode>> metricSeries = new LinkedHashMap<>();

    final Map<String, ObjectNode> monitoringSchedules = new LinkedHashMap<>();
    final List<ObjectNode> monitoringExecutions = new ArrayList<>();

    /** Inference components (DescribeInferenceComponent output, optional Tags), by name. */
    final Map<String, ObjectNode> inferenceComponents = new LinkedHashMap<>();

    /** CloudWatch metric alarms (DescribeAlarms MetricAlarm shape), by alarm name. */
    final Map<String, ObjectNode> metricAlarms = new LinkedHashMap<>();

    /** CloudWatch composite alarms (DescribeAlarms CompositeAlarm shape), by alarm name. */
    final Map<String, ObjectNode> compositeAlarms = new LinkedHashMap<>();

    /**
     * CloudTrail event history (LookupEvents Event shape, CloudTrailEvent as a JSON string), newest
     * first once indexed; ties by EventId.
     */
    final List<ObjectNode> cloudTrailEvents = new ArrayList<>();

    /**
     * EventIds of the Insights events among them (their CloudTrailEvent says eventCategory
     * Insight).
     */
    final Set<String> insightEventIds = new HashSet<>();

    /** Every taggable resource by ARN, for ListTags. */
    final Map<String, ObjectNode> taggable = new LinkedHashMap<>();

    /** Accounts each group is shared with through its resource policy. */
    final Map<String, Set<String>> groupSharedWith = new LinkedHashMap<>();

    /** Associations by source ARN and by destination ARN, for QueryLineage. */
    final Map<String, List<ObjectNode>> associationsFrom = new LinkedHashMap<>();

    final Map<String, List<ObjectNode>> associationsTo = new LinkedHashMap<>();

    /** Endpoints whose current endpoint config names a model, by model name. */
    final Map<String, List<ObjectNode>> endpointsByModel = new LinkedHashMap<>();

    /** The key of one metric series: namespace, metric name and its dimensions, sorted. */
    static String seriesKey(String namespace, String metric, Map<String, String> dimensions) {
      return namespace + "|" + metric + "|" + new TreeMap<>(dimensions);
    }

    void index() {
      cloudTrailEvents.sort(
          Comparator.comparing(
                  (ObjectNode e) -> e.path("EventTime").decimalValue(), Comparator.reverseOrder())
              .thenComparing(e -> e.path("EventId").asText()));
      for (ObjectNode put : metricData) {
        for (JsonNode datum : put.path("MetricData")) {
          Map<String, String> dimensions = new TreeMap<>();
          datum
              .path("Dimensions")
              .forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
          metricSeries
              .computeIfAbsent(
                  seriesKey(
                      put.path("Namespace").asText(),
                      datum.path("MetricName").asText(),
                      dimensions),
                  k -> new ArrayList<>())
              .add(datum);
        }
      }
      for (List<ObjectNode> versions : packagesByGroup.values()) {
        versions.sort(Comparator.comparingInt(p -> p.path("ModelPackageVersion").asInt()));
      }
      for (ObjectNode association : associations) {
        associationsFrom
            .computeIfAbsent(association.path("SourceArn").asText(), k -> new ArrayList<>())
            .add(association);
        associationsTo
            .computeIfAbsent(association.path("DestinationArn").asText(), k -> new ArrayList<>())
            .add(association);
      }
      for (ObjectNode endpoint : endpoints.values()) {
        ObjectNode config = endpointConfigs.get(endpoint.path("EndpointConfigName").asText());
        if (config == null) {
          continue;
        }
        Set<String> modelNames = new LinkedHashSet<>();
        for (String variants : List.of("ProductionVariants", "ShadowProductionVariants")) {
          for (JsonNode variant : config.path(variants)) {
            if (variant.hasNonNull("ModelName")) {
              modelNames.add(variant.get("ModelName").asText());
            }
          }
        }
        for (String model : modelNames) {
          endpointsByModel.computeIfAbsent(model, k -> new ArrayList<>()).add(endpoint);
        }
      }
    }

    Optional<ObjectNode> group(String nameOrArn) {
      String name = nameOrArn;
      int slash = nameOrArn.indexOf(":model-package-group/");
      if (nameOrArn.startsWith("arn:") && slash > 0) {
        name = nameOrArn.substring(slash + ":model-package-group/".length());
      }
      return Optional.ofNullable(groups.get(name));
    }

    Optional<ObjectNode> modelPackage(String nameOrArn) {
      ObjectNode byArn = packages.get(nameOrArn);
      if (byArn != null) {
        return Optional.of(byArn);
      }
      for (ObjectNode p : packages.values()) {
        if (!p.has("ModelPackageGroupName")
            && nameOrArn.equals(p.path("ModelPackageName").asText())) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
  }

  static BigDecimal seconds(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.decimalValue();
  }
}
