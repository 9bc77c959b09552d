package io.smgov.run;

import static io.smgov.run.ProgressLog.fields;

import io.smgov.aws.CallCounter;
import io.smgov.config.ExportConfig;
import io.smgov.model.ApprovalEventRow;
import io.smgov.model.EndpointDeploymentRow;
import io.smgov.model.EndpointMonitoringRow;
import io.smgov.model.LineageRow;
import io.smgov.model.ModelCardRow;
import io.smgov.model.ResourceTagRow;
import io.smgov.model.ModelArtifactRow;
import io.smgov.model.ReadStrategy;
import io.smgov.model.RunMode;
import io.smgov.source.CloudTrailApprovals;
import io.smgov.source.CloudWatchAlarms;
import io.smgov.source.CloudWatchMetrics;
import io.smgov.source.Deployments;
import io.smgov.source.ErrorKind;
import io.smgov.source.Identities;
import io.smgov.source.InferenceComponents;
import io.smgov.source.LineageGraph;
import io.smgov.source.LineageSource;
import io.smgov.source.MetricReports;
import io.smgov.source.ModelArtifacts;
import io.smgov.source.ModelCards;
import io.smgov.source.ModelMonitor;
import io.smgov.source.RegistryReader;
import io.smgov.source.RegistryRows;
import io.smgov.source.Text;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Endpoint;
import software.amazon.awssdk.services.sagemaker.model.Model;
import software.amazon.awssdk.services.sagemaker.model.ModelPackage;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroup;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * One account in one region: read the registry and endpoints, enrich with reports and lineage,
 * carry forward what has not changed, and return every table's rows. Nothing is written here.
 */
final class AccountRegionExport {
  /**
   * The next run lists lineage created after this run's start minus this margin: lineage entities
   * appear in the list calls a little after their creation time.
   */
  static final Duration WATERMARK_MARGIN = Duration.ofMinutes(15);

  /** What one account/region produced. */
  record Result(Map<TableSpec<?>, List<Object[]>> tables, Counts counts, List<String> warnings, RunMode mode) {}

  /** What the run did, for export_runs. */
  static final class Counts {
    long reportsFetched;
    long reportsReused;
    long lineageListed;
    long lineageReused;
    long lineageQueried;
    long configsDescribed;
    long configsReused;
    Instant lineageWatermark;
    ReadStrategy strategy;
    /** Whether endpoint_metrics / endpoint_monitoring hold what this run (or the one it carried) read. */
    Boolean metricsRead;
    Boolean monitoringRead;
    Boolean alarmsRead;
    Boolean modelCardsRead;
    Boolean tagsRead;
    Boolean lineageRead;
    Boolean approvalsRead;
    Instant approvalsWatermark;
    Instant approvalsSince;
    Long artifactsChecked;
  }

  private final ExportConfig config;
  private final String account;
  private final String region;
  private final SageMakerClient sageMaker;
  private final S3Client s3;
  private final CloudWatchClient cloudWatch;
  private final CloudTrailClient cloudTrail;
  private final Optional<PreviousSnapshot> previous;
  private final ProgressLog log;
  private final Instant started;
  private final Counts counts = new Counts();
  /** The strategy in use: Search, or List where Search turns out to be denied. */
  private RegistryReader reader;
  private final List<String> warnings = new ArrayList<>();

  AccountRegionExport(
      ExportConfig config, String account, String region, SageMakerClient sageMaker, S3Client s3, CloudWatchClient cloudWatch,
      CloudTrailClient cloudTrail, CallCounter counter, Optional<PreviousSnapshot> previous, ProgressLog log, Instant started) {
    this.config = config;
    this.account = account;
    this.region = region;
    this.sageMaker = sageMaker;
    this.s3 = s3;
    this.cloudWatch = cloudWatch;
    this.cloudTrail = cloudTrail;
    this.previous = previous;
    this.log = log;
    this.started = started;
  }

  Result run() throws InterruptedException {
    Map<TableSpec<?>, List<Object[]>> tables = new LinkedHashMap<>();
    for (TableSpec<?> table : Tables.DATA_TABLES) {
      tables.put(table, new ArrayList<>());
    }
    RunMode mode = RunMode.FULL;
    if (config.refreshesGroupsOnly() || config.refreshesEndpointsOnly()) {
      if (previous.isPresent()) {
        mode = config.refreshesGroupsOnly() ? RunMode.GROUPS : RunMode.ENDPOINTS;
      } else {
        warnings.add("no earlier snapshot to carry forward: exported everything instead of refreshing");
        log.warn("no_previous", account, region, "no earlier snapshot of this account and region: exporting everything", fields());
      }
    }
    reader = config.strategy() == ReadStrategy.LIST ? RegistryReader.list(sageMaker) : RegistryReader.search(sageMaker);
    List<ModelPackage> versions = new ArrayList<>();
    Set<String> refreshedGroups = new LinkedHashSet<>();
    if (mode != RunMode.ENDPOINTS) {
      versions.addAll(readRegistry(mode, tables, refreshedGroups));
    }
    // A group or endpoint refresh carries the shared groups forward with everything else.
    List<ModelPackage> sharedVersions =
        config.includeShared() && mode == RunMode.FULL ? readShared(tables) : List.of();
    if (mode == RunMode.GROUPS) {
      carryRegistryOutside(refreshedGroups, versions, tables);
      carry(tables, Tables.ENDPOINT_DEPLOYMENTS, row -> true);
      carry(tables, Tables.ENDPOINT_METRICS, row -> true);
      carry(tables, Tables.ENDPOINT_MONITORING, row -> true);
      carry(tables, Tables.ENDPOINT_ALARMS, row -> true);
      carryTags(tables, t -> t.equals("Endpoint") || t.equals("Model"));
      counts.configsReused = Deployments.configsFrom(rows(Tables.ENDPOINT_DEPLOYMENTS)).size();
      counts.metricsRead = previous.flatMap(p -> p.lastRunFlag("metrics_read")).orElse(null);
      counts.monitoringRead = previous.flatMap(p -> p.lastRunFlag("monitoring_read")).orElse(null);
      counts.alarmsRead = previous.flatMap(p -> p.lastRunFlag("alarms_read")).orElse(null);
    } else {
      readEndpoints(tables);
      readMetrics(tables);
      readMonitoring(tables);
      readAlarms(tables);
    }
    if (mode == RunMode.ENDPOINTS) {
      for (TableSpec<?> table :
          List.of(Tables.MODEL_PACKAGE_GROUPS, Tables.MODEL_PACKAGES, Tables.METRIC_REPORTS, Tables.MODEL_METRICS,
              Tables.MODEL_LINEAGE, Tables.LINEAGE_ENTITIES, Tables.LINEAGE_ASSOCIATIONS)) {
        carry(tables, table, row -> true);
      }
      carry(tables, Tables.MODEL_CARDS, row -> true);
      carry(tables, Tables.APPROVAL_EVENTS, row -> true);
      // The registry is carried; the artefacts of what the endpoints deploy now are checked again.
      readArtifacts(List.of(), tables);
      counts.approvalsRead = previous.flatMap(p -> p.lastRunFlag("approvals_read")).orElse(null);
      counts.approvalsWatermark = previous.flatMap(p -> p.lastRunTime("approvals_watermark")).orElse(null);
      counts.approvalsSince = previous.flatMap(p -> p.lastRunTime("approvals_since")).orElse(null);
      carryTags(tables, t -> t.equals("ModelPackageGroup") || t.equals("ModelPackage"));
      counts.lineageWatermark = previous.flatMap(PreviousSnapshot::lineageWatermark).orElse(null);
      counts.modelCardsRead = previous.flatMap(p -> p.lastRunFlag("model_cards_read")).orElse(null);
      counts.tagsRead = previous.flatMap(p -> p.lastRunFlag("tags_read")).orElse(null);
      counts.lineageRead = previous.flatMap(p -> p.lastRunFlag("lineage_read")).orElse(null);
    } else {
      List<ModelPackage> all = new ArrayList<>(versions);
      all.addAll(sharedVersions);
      readReports(all, tables);
      readLineage(versions, mode, tables);
      readModelCards(tables);
      readApprovals(all, tables);
      readArtifacts(versions, tables);
      counts.tagsRead = !reader.tagsDenied();
      if (reader.tagsDenied()) {
        warnings.add("tags are not readable (ListTags denied): owner and required tags are not verifiable; grant the reader role sagemaker:ListTags");
      }
    }
    if (mode != RunMode.ENDPOINTS) {
      markVerifiable(tables.get(Tables.MODEL_PACKAGES));
      markApprovalHistory(tables.get(Tables.MODEL_PACKAGES));
    }
    deriveMissing(tables);
    counts.strategy = reader.strategy();
    if (reader.skipped() > 0) {
      warnings.add(reader.skipped() + " groups or versions were deleted while being read (skipped)");
    }
    return new Result(tables, counts, warnings, mode);
  }

  /**
   * Rows carried from a snapshot written before a column existed get the columns that can be derived
   * from what they hold (a group's ARN from the version's, blankness from the text), so the current
   * snapshot is complete whatever it carried.
   */
  private static void deriveMissing(Map<TableSpec<?>, List<Object[]>> tables) {
    TableSpec<?> p = Tables.MODEL_PACKAGES;
    int arn = p.indexOf("model_package_arn");
    int group = p.indexOf("group_name");
    int groupArn = p.indexOf("group_arn");
    int note = p.indexOf("approval_description");
    int hasNote = p.indexOf("has_approval_note");
    int noteChars = p.indexOf("approval_note_chars");
    for (Object[] row : tables.get(p)) {
      if (row[groupArn] == null) {
        row[groupArn] = RegistryRows.groupArn((String) row[arn], (String) row[group]);
      }
      if (row[hasNote] == null) {
        row[hasNote] = !Text.isBlank((String) row[note]);
      }
      if (row[noteChars] == null) {
        row[noteChars] = Text.contentLength((String) row[note]);
      }
      // The role behind an identity stored as an IAM ARN (the other kinds do not carry it).
      for (String who : List.of("created_by", "last_modified_by")) {
        int role = p.indexOf(who + "_role");
        if (row[role] == null && Identities.IAM_ARN.equals(row[p.indexOf(who + "_kind")])) {
          row[role] = Identities.roleOfArn((String) row[p.indexOf(who)]);
        }
      }
    }
    TableSpec<?> t = Tables.RESOURCE_TAGS;
    int value = t.indexOf("value");
    int blank = t.indexOf("value_is_blank");
    for (Object[] row : tables.get(t)) {
      if (row[blank] == null) {
        row[blank] = Text.isBlank((String) row[value]);
      }
    }
  }

  /**
   * Records on each version read in this run whether its tags, lineage and model cards could be
   * read: a RAM-shared copy's live in the owner account; a denied call leaves them unknown. Rows
   * carried from the previous snapshot keep what was true when they were read.
   */
  private void markVerifiable(List<Object[]> packages) {
    TableSpec<?> t = Tables.MODEL_PACKAGES;
    int shared = t.indexOf("is_shared");
    int tags = t.indexOf("tags_verifiable");
    int lineage = t.indexOf("lineage_verifiable");
    int cards = t.indexOf("model_cards_verifiable");
    for (Object[] row : packages) {
      boolean own = Boolean.FALSE.equals(row[shared]);
      if (row[tags] == null) {
        row[tags] = own && !Boolean.FALSE.equals(counts.tagsRead);
      }
      if (row[lineage] == null) {
        row[lineage] = own && !Boolean.FALSE.equals(counts.lineageRead);
      }
      // The account's model cards are read whole in every full or group run, so the flag holds for
      // every row, carried ones included.
      row[cards] = own && Boolean.TRUE.equals(counts.modelCardsRead);
    }
  }

  /**
   * Records on each version whether approval_events holds its whole approval history: it was
   * registered after {@code approvals_since}. Only then is its earliest approval event its first
   * approval (an older one may have aged out of CloudTrail before smgov first looked).
   */
  private void markApprovalHistory(List<Object[]> packages) {
    TableSpec<?> t = Tables.MODEL_PACKAGES;
    int created = t.indexOf("creation_time");
    int complete = t.indexOf("approval_history_complete");
    Instant since = counts.approvalsSince;
    for (Object[] row : packages) {
      Instant c = (Instant) row[created];
      row[complete] = since != null && c != null && !c.isBefore(since);
    }
  }

  // ---------------------------------------------------------------- registry

  private List<ModelPackage> readRegistry(
      RunMode mode, Map<TableSpec<?>, List<Object[]>> tables, Set<String> refreshed) {
    List<ModelPackageGroup> groups = new ArrayList<>();
    List<ModelPackage> versions = new ArrayList<>();
    if (mode == RunMode.GROUPS) {
      for (String name : config.groups()) {
        refreshed.add(name);
        reader.group(name).ifPresent(groups::add);
        if (groups.stream().anyMatch(g -> g.modelPackageGroupName().equals(name))) {
          versions.addAll(reader.versionsOf(name, true));
        }
      }
    } else {
      try {
        groups.addAll(reader.groups());
        versions.addAll(reader.versions());
      } catch (SageMakerException e) {
        if (reader.strategy() != ReadStrategy.SEARCH || !ErrorKind.isAccessDenied(e)) {
          throw e;
        }
        // Search is denied to this role: the list strategy needs only List/Describe permissions,
        // and it reads the endpoints and models too from here on.
        warnings.add("Search is denied: read with the list strategy instead");
        log.warn("search_denied", account, region, "Search is denied: falling back to --strategy list", fields());
        reader = RegistryReader.list(sageMaker);
        groups.addAll(reader.groups());
        versions.addAll(reader.versions());
      }
    }
    for (ModelPackageGroup group : groups) {
      add(tables, Tables.MODEL_PACKAGE_GROUPS, RegistryRows.toGroupRow(group, account, false));
      for (ResourceTagRow tag : RegistryRows.tags("ModelPackageGroup", group.modelPackageGroupArn(), group.tags())) {
        add(tables, Tables.RESOURCE_TAGS, tag);
      }
    }
    for (ModelPackage version : versions) {
      add(tables, Tables.MODEL_PACKAGES, RegistryRows.toPackageRow(version, account, false));
      for (ResourceTagRow tag : RegistryRows.packageTags(version)) {
        add(tables, Tables.RESOURCE_TAGS, tag);
      }
    }
    log.info(
        "registry", account, region,
        String.format("%,d groups, %,d versions (%s%s)", groups.size(), versions.size(), reader.strategy().label(),
            mode == RunMode.GROUPS ? ", refreshed " + String.join(",", config.groups()) : ""),
        fields("groups", groups.size(), "versions", versions.size(), "strategy", reader.strategy().label(), "mode", mode.label()));
    return versions;
  }

  private List<ModelPackage> readShared(Map<TableSpec<?>, List<Object[]>> tables) {
    List<ModelPackage> versions = new ArrayList<>();
    List<ModelPackageGroup> groups = reader.sharedGroups();
    for (ModelPackageGroup group : groups) {
      String owner = ownerOf(group.modelPackageGroupArn());
      add(tables, Tables.MODEL_PACKAGE_GROUPS, RegistryRows.toGroupRow(group, owner, true));
      for (ModelPackage version : reader.versionsOf(group.modelPackageGroupArn(), false)) {
        versions.add(version);
        add(tables, Tables.MODEL_PACKAGES, RegistryRows.toPackageRow(version, owner, true));
      }
    }
    log.info(
        "shared", account, region,
        String.format("%,d shared groups, %,d shared versions", groups.size(), versions.size()),
        fields("groups", groups.size(), "versions", versions.size()));
    return versions;
  }

  private static String ownerOf(String arn) {
    String[] parts = arn.split(":", 6);
    return parts.length > 4 ? parts[4] : "";
  }

  /** For a group refresh: keep every earlier row that does not belong to a refreshed group. */
  private void carryRegistryOutside(
      Set<String> refreshedGroups, List<ModelPackage> freshVersions, Map<TableSpec<?>, List<Object[]>> tables) {
    int groupName = Tables.MODEL_PACKAGE_GROUPS.indexOf("group_name");
    int groupShared = Tables.MODEL_PACKAGE_GROUPS.indexOf("is_shared");
    int groupArn = Tables.MODEL_PACKAGE_GROUPS.indexOf("group_arn");
    Set<String> refreshedGroupArns = new HashSet<>();
    for (Object[] row : rows(Tables.MODEL_PACKAGE_GROUPS)) {
      if (Boolean.FALSE.equals(row[groupShared]) && refreshedGroups.contains((String) row[groupName])) {
        refreshedGroupArns.add((String) row[groupArn]);
      }
    }
    carry(tables, Tables.MODEL_PACKAGE_GROUPS,
        row -> !(Boolean.FALSE.equals(row[groupShared]) && refreshedGroups.contains((String) row[groupName])));
    int packageGroup = Tables.MODEL_PACKAGES.indexOf("group_name");
    int packageShared = Tables.MODEL_PACKAGES.indexOf("is_shared");
    int packageArn = Tables.MODEL_PACKAGES.indexOf("model_package_arn");
    Set<String> refreshedPackages = new HashSet<>();
    freshVersions.forEach(v -> refreshedPackages.add(v.modelPackageArn()));
    for (Object[] row : rows(Tables.MODEL_PACKAGES)) {
      if (Boolean.FALSE.equals(row[packageShared]) && refreshedGroups.contains((String) row[packageGroup])) {
        refreshedPackages.add((String) row[packageArn]);
      }
    }
    carry(tables, Tables.MODEL_PACKAGES,
        row -> !(Boolean.FALSE.equals(row[packageShared]) && refreshedGroups.contains((String) row[packageGroup])));
    int type = Tables.RESOURCE_TAGS.indexOf("resource_type");
    int arn = Tables.RESOURCE_TAGS.indexOf("resource_arn");
    carry(tables, Tables.RESOURCE_TAGS,
        row -> {
          String t = (String) row[type];
          if (t.equals("ModelPackageGroup")) {
            return !refreshedGroupArns.contains((String) row[arn]);
          }
          if (t.equals("ModelPackage")) {
            return !refreshedPackages.contains((String) row[arn]);
          }
          return false; // endpoint and model tags are carried with the deployments
        });
    this.refreshedPackages = refreshedPackages;
  }

  /** In a group refresh: the versions whose reports and lineage are recomputed (null otherwise). */
  private Set<String> refreshedPackages;

  private void carryTags(Map<TableSpec<?>, List<Object[]>> tables, Predicate<String> types) {
    int type = Tables.RESOURCE_TAGS.indexOf("resource_type");
    carry(tables, Tables.RESOURCE_TAGS, row -> types.test((String) row[type]));
  }

  // ---------------------------------------------------------------- endpoints

  private void readEndpoints(Map<TableSpec<?>, List<Object[]>> tables) {
    List<Endpoint> endpoints = reader.endpoints();
    Map<String, Deployments.EndpointConfig> known =
        previous.isPresent() && !config.fullRefresh()
            ? Deployments.configsFrom(rows(Tables.ENDPOINT_DEPLOYMENTS))
            : new LinkedHashMap<>();
    Map<String, Optional<Deployments.EndpointConfig>> configs = new LinkedHashMap<>();
    for (Endpoint endpoint : endpoints) {
      String name = endpoint.endpointConfigName();
      if (name == null || configs.containsKey(name)) {
        continue;
      }
      Deployments.EndpointConfig cached = known.get(name);
      if (cached != null) {
        configs.put(name, Optional.of(cached)); // endpoint configs are immutable
        counts.configsReused++;
      } else {
        configs.put(name, reader.endpointConfig(name).map(Deployments.EndpointConfig::from));
        counts.configsDescribed++;
      }
    }
    Set<String> modelNames = new LinkedHashSet<>();
    boolean hostsComponents = false;
    for (Optional<Deployments.EndpointConfig> config : configs.values()) {
      if (config.isPresent()) {
        for (Deployments.ConfigVariant v : config.get().variants()) {
          if (v.modelName() != null) {
            modelNames.add(v.modelName());
          } else {
            hostsComponents = true;
          }
        }
      }
    }
    Optional<List<InferenceComponents.Component>> components = Optional.of(List.of());
    if (hostsComponents) {
      components = readComponents();
      components.ifPresent(list -> list.forEach(c -> componentEndpoints.put(c.name(), c.endpointName())));
      components.ifPresent(list -> list.forEach(c -> {
        if (c.modelName() != null) {
          modelNames.add(c.modelName());
        }
      }));
    }
    Map<String, Optional<Model>> models = reader.models(modelNames);
    int rows = 0;
    Map<String, Integer> unresolved = new TreeMap<>();
    for (Endpoint endpoint : endpoints) {
      Optional<Deployments.EndpointConfig> config =
          endpoint.endpointConfigName() == null ? Optional.empty() : configs.get(endpoint.endpointConfigName());
      for (EndpointDeploymentRow row : Deployments.rows(endpoint, config, models, components, region, account)) {
        add(tables, Tables.ENDPOINT_DEPLOYMENTS, row);
        rows++;
        if (row.resolution().equals("config_missing") || row.resolution().equals("model_missing")) {
          unresolved.merge(row.resolution(), 1, Integer::sum);
        }
      }
      for (ResourceTagRow tag : RegistryRows.tags("Endpoint", endpoint.endpointArn(), endpoint.tags())) {
        add(tables, Tables.RESOURCE_TAGS, tag);
      }
    }
    unresolved.forEach((resolution, count) -> warnings.add(count + " endpoint variants run "
        + (resolution.equals("config_missing") ? "an endpoint config" : "a model")
        + " that was deleted: what they serve is unknown (UNRESOLVED_DEPLOYMENT)"));
    for (Optional<Model> model : models.values()) {
      model.ifPresent(m -> RegistryRows.tags("Model", m.modelArn(), m.tags()).forEach(t -> add(tables, Tables.RESOURCE_TAGS, t)));
    }
    log.info(
        "endpoints", account, region,
        String.format("%,d endpoints, %,d variant rows, configs: %,d described, %,d carried forward",
            endpoints.size(), rows, counts.configsDescribed, counts.configsReused),
        fields("endpoints", endpoints.size(), "rows", rows, "configs_described", counts.configsDescribed,
            "configs_reused", counts.configsReused));
  }

  /** The endpoint of each inference component read, for alarms on component metrics. */
  private final Map<String, String> componentEndpoints = new LinkedHashMap<>();

  /** Every inference component of the account and region; empty when they may not be listed. */
  private Optional<List<InferenceComponents.Component>> readComponents() {
    Map<String, InferenceComponents.Component> known =
        previous.isPresent() && !config.fullRefresh()
            ? Deployments.componentsFrom(rows(Tables.ENDPOINT_DEPLOYMENTS))
            : Map.of();
    try {
      InferenceComponents.Result result = InferenceComponents.read(sageMaker, known);
      log.info("inference_components", account, region,
          String.format("%,d inference components: %,d described, %,d carried forward",
              result.components().size(), result.described(), result.reused()),
          fields("components", result.components().size(), "described", result.described(), "reused", result.reused()));
      return Optional.of(result.components());
    } catch (SdkException e) {
      ErrorKind kind = ErrorKind.of(e);
      if (kind != ErrorKind.ACCESS_DENIED) {
        throw e;
      }
      warnings.add("inference components could not be listed (" + kind.label() + "): the endpoints that host them are unresolved;"
          + " grant the reader role sagemaker:ListInferenceComponents and sagemaker:DescribeInferenceComponent");
      log.warn("components_denied", account, region, "inference components not readable: " + e.getMessage(),
          fields("error_kind", kind.label()));
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- model cards

  private void readModelCards(Map<TableSpec<?>, List<Object[]>> tables) {
    Map<String, ModelCardRow> known = new LinkedHashMap<>();
    if (previous.isPresent() && !config.fullRefresh()) {
      TableSpec<ModelCardRow> t = Tables.MODEL_CARDS;
      for (Object[] row : rows(t)) {
        ModelCardRow card = new ModelCardRow(
            (String) row[t.indexOf("model_card_name")], (String) row[t.indexOf("model_card_arn")],
            (Integer) row[t.indexOf("model_card_version")], (String) row[t.indexOf("model_card_status")],
            (String) row[t.indexOf("risk_rating")], (String) row[t.indexOf("model_package_arn")],
            (String) row[t.indexOf("model_id")], (Instant) row[t.indexOf("creation_time")],
            (Instant) row[t.indexOf("last_modified_time")], (String) row[t.indexOf("created_by")],
            (String) row[t.indexOf("last_modified_by")]);
        known.put(card.modelCardName(), card);
      }
    }
    try {
      ModelCards.Result result = ModelCards.read(sageMaker, known);
      result.rows().forEach(r -> add(tables, Tables.MODEL_CARDS, r));
      counts.modelCardsRead = true;
      log.info("model_cards", account, region,
          String.format("%,d model cards: %,d described, %,d carried forward", result.rows().size(), result.described(), result.reused()),
          fields("cards", result.rows().size(), "described", result.described(), "reused", result.reused()));
    } catch (SdkException e) {
      ErrorKind kind = ErrorKind.of(e);
      if (kind != ErrorKind.ACCESS_DENIED) {
        throw e;
      }
      counts.modelCardsRead = false;
      warnings.add("model cards could not be read (" + kind.label() + "): versions without a card on the package are not verifiable;"
          + " grant the reader role sagemaker:ListModelCards and sagemaker:DescribeModelCard");
      log.warn("model_cards_denied", account, region, "model cards not readable: " + e.getMessage(), fields("error_kind", kind.label()));
    }
  }

  // ---------------------------------------------------------------- approvals

  /**
   * The approval events since the previous run's watermark (at most CloudTrail's 90 days before the
   * snapshot), merged with every event the previous snapshot holds. A warm run asks CloudTrail only
   * when a version was created or modified after the watermark: nothing else can have been approved.
   */
  private void readApprovals(List<ModelPackage> versions, Map<TableSpec<?>, List<Object[]>> tables) {
    Instant end = config.snapshotTime();
    Instant oldest = end.minus(CloudTrailApprovals.HISTORY);
    Optional<Instant> watermark = config.fullRefresh() ? Optional.empty()
        : previous.flatMap(p -> p.lastRunTime("approvals_watermark"));
    Map<String, Object[]> events = new LinkedHashMap<>();
    int id = Tables.APPROVAL_EVENTS.indexOf("event_id");
    for (Object[] row : rows(Tables.APPROVAL_EVENTS)) {
      events.put((String) row[id], row);
    }
    Instant start = watermark.filter(w -> w.isAfter(oldest)).orElse(oldest);
    // How far back approval_events is complete: the previous runs' reach, unless this lookup
    // leaves a gap after it (no run for longer than CloudTrail keeps events) or none is known.
    Optional<Instant> since = previous.flatMap(p -> p.lastRunTime("approvals_since"));
    Optional<Instant> reached = previous.flatMap(p -> p.lastRunTime("approvals_watermark"));
    boolean gap = reached.isEmpty() || reached.get().isBefore(oldest);
    Instant reach = since.isPresent() && !gap && since.get().isBefore(start) ? since.get() : start;
    counts.approvalsSince = since.orElse(null);
    boolean changed = watermark.isEmpty() || versions.stream().anyMatch(v ->
        (v.lastModifiedTime() != null && v.lastModifiedTime().isAfter(start))
            || (v.creationTime() != null && v.creationTime().isAfter(start)));
    if (!changed || !start.isBefore(end)) {
      events.values().forEach(row -> tables.get(Tables.APPROVAL_EVENTS).add(row));
      counts.approvalsRead = previous.flatMap(p -> p.lastRunFlag("approvals_read")).orElse(true);
      counts.approvalsWatermark = watermark.orElse(null);
      log.info("approvals", account, region, "no version changed since " + start + ": approval events carried forward",
          fields("events", events.size(), "requests", 0));
      return;
    }
    try {
      CloudTrailApprovals.Result result = CloudTrailApprovals.read(cloudTrail, start, end);
      int fresh = 0;
      for (ApprovalEventRow row : result.rows()) {
        if (events.putIfAbsent(row.eventId(), Tables.APPROVAL_EVENTS.values(row)) == null) {
          fresh++;
        }
      }
      counts.approvalsRead = true;
      counts.approvalsWatermark = end.minus(WATERMARK_MARGIN);
      counts.approvalsSince = reach;
      log.info("approvals", account, region,
          String.format("%,d approval events from CloudTrail since %s (%,d new) in %,d LookupEvents requests",
              result.rows().size(), start, fresh, result.requests()),
          fields("events", result.rows().size(), "new", fresh, "requests", result.requests()));
    } catch (SdkException e) {
      counts.approvalsRead = false;
      counts.approvalsWatermark = watermark.orElse(null);
      ErrorKind kind = ErrorKind.of(e);
      warnings.add("approval events could not be read from CloudTrail (" + kind.label() + "): approvers come from"
          + " LastModifiedBy, which later updates move" + (kind == ErrorKind.ACCESS_DENIED
              ? " - grant the reader role cloudtrail:LookupEvents" : ""));
      log.warn("approvals_failed", account, region, "CloudTrail approval events not read (" + kind.label() + "): " + e.getMessage(),
          fields("error_kind", kind.label()));
    }
    events.values().forEach(row -> tables.get(Tables.APPROVAL_EVENTS).add(row));
  }

  // ---------------------------------------------------------------- model artefacts

  /**
   * Checks the model artefact of every version this account owns and deploys (every run: one
   * HeadObject each, whether or not the version changed) and of every version not checked before
   * (once); the others' rows are carried forward. A version another account deploys is checked
   * once, here. Shared versions are the owner account's to check.
   */
  private void readArtifacts(List<ModelPackage> versions, Map<TableSpec<?>, List<Object[]>> tables)
      throws InterruptedException {
    TableSpec<ModelArtifactRow> t = Tables.MODEL_ARTIFACTS;
    Map<String, ModelArtifactRow> before = new LinkedHashMap<>();
    for (Object[] row : rows(t)) {
      ModelArtifactRow r = artifactRow(row);
      before.put(ModelArtifacts.Target.key(r.modelPackageArn(), r.containerIndex()), r);
    }
    int arnColumn = Tables.ENDPOINT_DEPLOYMENTS.indexOf("model_package_arn");
    Set<String> production = new HashSet<>();
    for (Object[] row : tables.get(Tables.ENDPOINT_DEPLOYMENTS)) {
      if (row[arnColumn] != null) {
        production.add((String) row[arnColumn]);
      }
    }
    List<ModelArtifacts.Target> due = new ArrayList<>();
    Set<String> read = new HashSet<>();
    for (ModelPackage version : versions) {
      read.add(version.modelPackageArn());
      for (ModelArtifacts.Target target : ModelArtifacts.targets(version)) {
        ModelArtifactRow last = before.get(target.key());
        if (config.fullRefresh() || last == null || production.contains(target.modelPackageArn())
            || !Objects.equals(last.modelDataUrl(), target.url())) {
          due.add(target);
        } else {
          tables.get(t).add(t.values(last));
        }
      }
    }
    // Versions not read in this run (unchanged since the last, or another group's on a group
    // refresh) keep their rows, except that a deployed one is checked again from what its row holds.
    int packageArn = Tables.MODEL_PACKAGES.indexOf("model_package_arn");
    Set<String> registered = new HashSet<>();
    tables.get(Tables.MODEL_PACKAGES).forEach(row -> registered.add((String) row[packageArn]));
    for (ModelArtifactRow last : before.values()) {
      if (read.contains(last.modelPackageArn()) || !registered.contains(last.modelPackageArn())) {
        continue; // read in this run, or no longer in the registry
      }
      if (production.contains(last.modelPackageArn()) && last.modelDataUrl() != null) {
        due.add(new ModelArtifacts.Target(last.modelPackageArn(), last.containerIndex(), last.modelDataUrl(),
            ModelArtifacts.PREFIX.equals(last.status()), last.registeredAt(), last.registeredEtag()));
      } else {
        tables.get(t).add(t.values(last));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(config.reportConcurrency(), daemon("artifacts-" + account));
    List<ModelArtifactRow> checked;
    try {
      checked = ModelArtifacts.check(due, before, s3, pool, config.snapshotTime());
    } finally {
      pool.shutdownNow();
    }
    checked.forEach(row -> add(tables, t, row));
    counts.artifactsChecked = (long) checked.size();
    long denied = checked.stream().filter(r -> r.status().equals(ModelArtifacts.ACCESS_DENIED)).count();
    if (denied > 0) {
      warnings.add(denied + " model artefacts could not be checked (access denied: denied, or deleted from a bucket the role"
          + " may not list): ARTIFACT_CHANGED_AFTER_REGISTRATION is not verifiable for them; grant the reader role"
          + " s3:GetObject on the artefact locations (ArtifactLocations) and s3:ListBucket on their buckets (ArtifactBuckets)");
    }
    long changed = checked.stream().filter(r -> Boolean.TRUE.equals(r.changedAfterRegistration())).count();
    log.info("artifacts", account, region,
        String.format("%,d model artefacts checked (%,d changed after registration, %,d denied), %,d carried forward",
            checked.size(), changed, denied, tables.get(t).size() - checked.size()),
        fields("checked", checked.size(), "changed", changed, "denied", denied));
  }

  private static ModelArtifactRow artifactRow(Object[] row) {
    TableSpec<ModelArtifactRow> t = Tables.MODEL_ARTIFACTS;
    return new ModelArtifactRow(
        (String) row[t.indexOf("model_package_arn")], (Integer) row[t.indexOf("container_index")],
        (String) row[t.indexOf("model_data_url")], (Instant) row[t.indexOf("registered_at")],
        (String) row[t.indexOf("registered_etag")],
        (Instant) row[t.indexOf("checked_at")], (String) row[t.indexOf("status")],
        (Instant) row[t.indexOf("last_modified")], (String) row[t.indexOf("etag")], (String) row[t.indexOf("version_id")],
        (Instant) row[t.indexOf("first_checked_at")], (String) row[t.indexOf("first_etag")],
        (String) row[t.indexOf("first_version_id")], (Boolean) row[t.indexOf("changed_after_registration")],
        (String) row[t.indexOf("error")]);
  }

  // ---------------------------------------------------------------- operational signals

  /** Endpoint statuses whose variants serve traffic (and so have metrics worth reading). */
  private static final Set<String> SERVING = Set.of("InService", "Updating", "SystemUpdating", "RollingBack");

  private void readMetrics(Map<TableSpec<?>, List<Object[]>> tables) {
    if (config.metricsDays() == 0) {
      counts.metricsRead = false;
      return;
    }
    int name = Tables.ENDPOINT_DEPLOYMENTS.indexOf("endpoint_name");
    int arn = Tables.ENDPOINT_DEPLOYMENTS.indexOf("endpoint_arn");
    int variant = Tables.ENDPOINT_DEPLOYMENTS.indexOf("variant_name");
    int status = Tables.ENDPOINT_DEPLOYMENTS.indexOf("endpoint_status");
    Set<CloudWatchMetrics.Variant> variants = new LinkedHashSet<>();
    for (Object[] row : tables.get(Tables.ENDPOINT_DEPLOYMENTS)) {
      if (SERVING.contains((String) row[status])) {
        variants.add(new CloudWatchMetrics.Variant((String) row[name], (String) row[arn], (String) row[variant]));
      }
    }
    try {
      CloudWatchMetrics.Result result = CloudWatchMetrics.read(
          cloudWatch, new ArrayList<>(variants), config.snapshotTime().atZone(java.time.ZoneOffset.UTC).toLocalDate(), config.metricsDays());
      result.rows().forEach(r -> add(tables, Tables.ENDPOINT_METRICS, r));
      counts.metricsRead = true;
      log.info("metrics", account, region,
          String.format("%,d endpoint variants: %,d days of CloudWatch metrics in %,d GetMetricData requests",
              variants.size(), config.metricsDays(), result.requests()),
          fields("variants", variants.size(), "days", config.metricsDays(), "requests", result.requests()));
    } catch (SdkException e) {
      counts.metricsRead = false;
      ErrorKind kind = ErrorKind.of(e);
      warnings.add("endpoint metrics could not be read (" + kind.label() + "): " + e.getMessage()
          + (kind == ErrorKind.ACCESS_DENIED ? " - grant cloudwatch:GetMetricData to the reader role" : ""));
      log.warn("metrics_failed", account, region, "endpoint metrics not read (" + kind.label() + "): " + e.getMessage(),
          fields("error_kind", kind.label()));
    }
  }

  private void readMonitoring(Map<TableSpec<?>, List<Object[]>> tables) {
    Optional<Instant> since = config.fullRefresh() ? Optional.empty()
        : previous.flatMap(PreviousSnapshot::lastRunStarted).map(t -> t.minus(WATERMARK_MARGIN));
    List<EndpointMonitoringRow> before = new ArrayList<>();
    if (since.isPresent()) {
      TableSpec<EndpointMonitoringRow> t = Tables.ENDPOINT_MONITORING;
      for (Object[] row : rows(t)) {
        before.add(new EndpointMonitoringRow(
            (String) row[t.indexOf("endpoint_name")], (String) row[t.indexOf("monitoring_schedule_name")],
            (String) row[t.indexOf("monitoring_schedule_arn")], (String) row[t.indexOf("monitoring_type")],
            (String) row[t.indexOf("schedule_status")], (Instant) row[t.indexOf("schedule_creation_time")],
            (String) row[t.indexOf("last_execution_status")], (Instant) row[t.indexOf("last_execution_scheduled_time")],
            (Instant) row[t.indexOf("last_execution_modified_time")], (String) row[t.indexOf("last_execution_failure_reason")],
            (String) row[t.indexOf("last_execution_processing_job_arn")]));
      }
    }
    try {
      ModelMonitor.Result result = ModelMonitor.read(sageMaker, before, since);
      result.rows().forEach(r -> add(tables, Tables.ENDPOINT_MONITORING, r));
      counts.monitoringRead = true;
      log.info("monitoring", account, region,
          String.format("%,d monitoring schedules in %,d calls", result.rows().size(), result.calls()),
          fields("schedules", result.rows().size(), "calls", result.calls()));
    } catch (SdkException e) {
      counts.monitoringRead = false;
      ErrorKind kind = ErrorKind.of(e);
      warnings.add("model monitor schedules could not be read (" + kind.label() + "): " + e.getMessage());
      log.warn("monitoring_failed", account, region, "monitoring schedules not read (" + kind.label() + "): " + e.getMessage(),
          fields("error_kind", kind.label()));
    }
  }

  private void readAlarms(Map<TableSpec<?>, List<Object[]>> tables) {
    try {
      CloudWatchAlarms.Result result = CloudWatchAlarms.read(cloudWatch, componentEndpoints);
      result.rows().forEach(r -> add(tables, Tables.ENDPOINT_ALARMS, r));
      counts.alarmsRead = true;
      log.info("alarms", account, region,
          String.format("%,d CloudWatch alarms, %,d on endpoints, in %,d DescribeAlarms requests",
              result.alarms(), result.rows().size(), result.requests()),
          fields("alarms", result.alarms(), "endpoint_alarms", result.rows().size(), "requests", result.requests()));
    } catch (SdkException e) {
      counts.alarmsRead = false;
      ErrorKind kind = ErrorKind.of(e);
      warnings.add("CloudWatch alarms could not be read (" + kind.label() + "): " + e.getMessage()
          + (kind == ErrorKind.ACCESS_DENIED ? " - grant cloudwatch:DescribeAlarms to the reader role" : ""));
      log.warn("alarms_failed", account, region, "CloudWatch alarms not read (" + kind.label() + "): " + e.getMessage(),
          fields("error_kind", kind.label()));
    }
  }

  // ---------------------------------------------------------------- reports

  private void readReports(List<ModelPackage> versions, Map<TableSpec<?>, List<Object[]>> tables)
      throws InterruptedException {
    MetricReports.Previous reusable =
        previous.isPresent() && !config.fullRefresh()
            ? new MetricReports.Previous(rows(Tables.METRIC_REPORTS), rows(Tables.MODEL_METRICS))
            : MetricReports.Previous.none();
    ExecutorService pool = Executors.newFixedThreadPool(config.reportConcurrency(), daemon("reports-" + account));
    MetricReports.Outcome outcome;
    try {
      outcome = MetricReports.collect(versions, reusable, s3, pool, config.maxReportBytes());
    } finally {
      pool.shutdownNow();
    }
    tables.get(Tables.METRIC_REPORTS).addAll(outcome.reportRows());
    tables.get(Tables.MODEL_METRICS).addAll(outcome.metricRows());
    if (refreshedPackages != null) {
      int reportArn = Tables.METRIC_REPORTS.indexOf("model_package_arn");
      int metricArn = Tables.MODEL_METRICS.indexOf("model_package_arn");
      carry(tables, Tables.METRIC_REPORTS, row -> !refreshedPackages.contains((String) row[reportArn]));
      carry(tables, Tables.MODEL_METRICS, row -> !refreshedPackages.contains((String) row[metricArn]));
    }
    release(Tables.METRIC_REPORTS, Tables.MODEL_METRICS);
    counts.reportsFetched = outcome.fetched();
    counts.reportsReused = outcome.reused();
    int status = Tables.METRIC_REPORTS.indexOf("status");
    long denied = outcome.reportRows().stream().filter(r -> MetricReports.ACCESS_DENIED.equals(r[status])).count();
    if (denied > 0) {
      warnings.add(denied + " metric reports could not be read (access denied): grant the reader role s3:GetObject on their buckets, then run once with --full-refresh");
    }
    log.info(
        "reports", account, region,
        String.format("%,d reports: %,d read from S3, %,d carried forward, %,d not ok",
            outcome.fetched() + outcome.reused(), outcome.fetched(), outcome.reused(), outcome.failed()),
        fields("fetched", outcome.fetched(), "reused", outcome.reused(), "not_ok", outcome.failed(),
            "metrics", outcome.metricRows().size()));
  }

  // ---------------------------------------------------------------- lineage

  private void readLineage(List<ModelPackage> versions, RunMode mode, Map<TableSpec<?>, List<Object[]>> tables) {
    LineageSource source = new LineageSource(sageMaker);
    LineageGraph graph = new LineageGraph();
    Optional<Instant> watermark =
        config.fullRefresh() ? Optional.empty() : previous.flatMap(PreviousSnapshot::lineageWatermark);
    if (watermark.isPresent()) {
      graph.addStored(rows(Tables.LINEAGE_ENTITIES), rows(Tables.LINEAGE_ASSOCIATIONS));
      counts.lineageReused = graph.entityCount() + graph.associationCount();
    }
    boolean bulk = true;
    counts.lineageRead = true;
    try {
      counts.lineageListed = source.listSince(watermark.orElse(null), graph);
      counts.lineageWatermark = started.minus(WATERMARK_MARGIN);
    } catch (SageMakerException e) {
      if (!ErrorKind.isAccessDenied(e)) {
        throw e;
      }
      bulk = false;
      log.warn("lineage_denied", account, region,
          "listing lineage in bulk is denied: querying each version with QueryLineage", fields());
    }
    List<Object[]> lineageRows = tables.get(Tables.MODEL_LINEAGE);
    if (bulk) {
      for (ModelPackage version : versions) {
        for (LineageRow row : graph.upstream(version.modelPackageArn())) {
          lineageRows.add(Tables.MODEL_LINEAGE.values(row));
        }
      }
    } else {
      queryEach(source, versions, lineageRows);
      graph = new LineageGraph();
    }
    if (refreshedPackages != null) {
      int arn = Tables.MODEL_LINEAGE.indexOf("model_package_arn");
      carry(tables, Tables.MODEL_LINEAGE, row -> !refreshedPackages.contains((String) row[arn]));
    }
    release(Tables.LINEAGE_ENTITIES, Tables.LINEAGE_ASSOCIATIONS, Tables.MODEL_LINEAGE);
    tables.get(Tables.LINEAGE_ENTITIES).addAll(graph.entityRows());
    tables.get(Tables.LINEAGE_ASSOCIATIONS).addAll(graph.associationRows());
    log.info(
        "lineage", account, region,
        bulk
            ? String.format("%,d lineage rows; graph of %,d entities: %,d listed%s, %,d carried forward",
                lineageRows.size(), graph.entityCount(), counts.lineageListed,
                watermark.map(w -> " since " + w).orElse(""), counts.lineageReused)
            : String.format("%,d lineage rows from QueryLineage for %,d versions", lineageRows.size(), counts.lineageQueried),
        fields("rows", lineageRows.size(), "listed", counts.lineageListed, "reused", counts.lineageReused,
            "queried", counts.lineageQueried, "mode", bulk ? "bulk" : "query"));
  }

  /**
   * The fallback where bulk listing is denied: a version's upstream lineage does not change once it
   * is registered, so versions the previous snapshot already walked keep their rows and only new
   * ones are queried.
   */
  private void queryEach(LineageSource source, List<ModelPackage> versions, List<Object[]> lineageRows) {
    Map<String, List<Object[]>> known = new LinkedHashMap<>();
    if (previous.isPresent() && !config.fullRefresh()) {
      int arn = Tables.MODEL_LINEAGE.indexOf("model_package_arn");
      for (Object[] row : rows(Tables.MODEL_LINEAGE)) {
        known.computeIfAbsent((String) row[arn], k -> new ArrayList<>()).add(row);
      }
    }
    LineageGraph graph = new LineageGraph();
    boolean denied = false;
    for (ModelPackage version : versions) {
      List<Object[]> earlier = known.get(version.modelPackageArn());
      if (earlier != null) {
        lineageRows.addAll(earlier);
        counts.lineageReused += earlier.size();
        continue;
      }
      try {
        if (source.query(version.modelPackageArn(), graph)) {
          counts.lineageQueried++;
          for (LineageRow row : graph.upstream(version.modelPackageArn())) {
            lineageRows.add(Tables.MODEL_LINEAGE.values(row));
          }
        }
      } catch (SageMakerException e) {
        if (!ErrorKind.isAccessDenied(e)) {
          throw e;
        }
        denied = true;
        break;
      }
    }
    if (denied) {
      counts.lineageRead = false;
      warnings.add("lineage is not readable: grant the reader role sagemaker:ListArtifacts and sagemaker:QueryLineage (or the bulk list calls)");
      log.warn("lineage_unavailable", account, region, "lineage is not readable with this role", fields());
    } else {
      warnings.add("bulk lineage listing is denied: lineage came from QueryLineage per version");
    }
  }

  // ---------------------------------------------------------------- helpers

  private List<Object[]> rows(TableSpec<?> table) {
    return previous.map(p -> p.rows(table)).orElse(List.of());
  }

  /** The previous snapshot's copy of these tables is no longer needed: the rows kept are in {@code tables}. */
  private void release(TableSpec<?>... done) {
    previous.ifPresent(p -> p.release(done));
  }

  private void carry(Map<TableSpec<?>, List<Object[]>> tables, TableSpec<?> table, Predicate<Object[]> keep) {
    for (Object[] row : rows(table)) {
      if (keep.test(row)) {
        tables.get(table).add(row);
      }
    }
  }

  private static <R> void add(Map<TableSpec<?>, List<Object[]>> tables, TableSpec<R> table, R row) {
    tables.get(table).add(table.values(row));
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

}
