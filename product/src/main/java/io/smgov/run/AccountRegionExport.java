package io.smgov.run;

import static io.smgov.run.ProgressLog.fields;

import io.smgov.config.ExportConfig;
import io.smgov.config.RegistryEvent;
import io.smgov.model.ApprovalEventRow;
import io.smgov.model.EndpointDeploymentRow;
import io.smgov.model.EndpointMonitoringRow;
import io.smgov.model.ExportRunRow;
import io.smgov.model.LineageRow;
import io.smgov.model.ModelArtifactRow;
import io.smgov.model.ModelCardRow;
import io.smgov.model.ModelPackageRow;
import io.smgov.model.ReadStrategy;
import io.smgov.model.ResourceTagRow;
import io.smgov.model.RunMode;
import io.smgov.sink.RowSinks;
import io.smgov.source.CloudTrailApprovals;
import io.smgov.source.CloudWatchAlarms;
import io.smgov.source.CloudWatchMetrics;
import io.smgov.source.Deployments;
import io.smgov.source.ErrorKind;
import io.smgov.source.InferenceComponents;
import io.smgov.source.LineageGraph;
import io.smgov.source.LineageSource;
import io.smgov.source.MetricReports;
import io.smgov.source.ModelArtifacts;
import io.smgov.source.ModelCards;
import io.smgov.source.ModelMonitor;
import io.smgov.source.RegistryReader;
import io.smgov.source.RegistryRows;
import io.smgov.source.TrainingJobs;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
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
 * carry forward what has not changed, and pass every row to the account's {@link RowSinks} as it is
 * produced. Nothing is held whole: SDK records become rows page by page, keeping only the few
 * fields later stages need ({@link Version}); carried rows are streamed from the previous snapshot.
 */
final class AccountRegionExport {
  /**
   * The next run lists lineage created after this run's start minus this margin: lineage entities
   * appear in the list calls a little after their creation time.
   */
  static final Duration WATERMARK_MARGIN = Duration.ofMinutes(15);

  /**
   * What one account/region produced: its rows are in the sinks; {@code readable} is what the
   * version rows learn once every source was read (empty in an endpoint refresh, which carries
   * them).
   */
  record Result(
      RowSinks sinks,
      Counts counts,
      List<String> warnings,
      RunMode mode,
      Optional<RegistryRows.Readable> readable) {
    /** Writes one table's rows, finished, to a Parquet file; returns the rows written. */
    <R> long write(TableSpec<R> table, Instant snapshotTime, String account, Path file) {
      return sinks.write(table, snapshotTime, account, file, finisher(table));
    }

    @SuppressWarnings("unchecked")
    private <R> UnaryOperator<R> finisher(TableSpec<R> table) {
      if (table == Tables.MODEL_PACKAGES) {
        return row -> (R) RegistryRows.complete((ModelPackageRow) row, readable);
      }
      if (table == Tables.RESOURCE_TAGS) {
        return row -> (R) RegistryRows.complete((ResourceTagRow) row);
      }
      return null;
    }
  }

  /** What later stages need of a version read in this run: far less than its SDK record. */
  private record Version(
      String arn,
      Instant created,
      Instant modified,
      List<MetricReports.Reference> reports,
      List<ModelArtifacts.Target> artifacts) {
    static Version of(ModelPackage p) {
      return new Version(
          p.modelPackageArn(),
          p.creationTime(),
          p.lastModifiedTime(),
          MetricReports.references(p),
          ModelArtifacts.targets(p));
    }
  }

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

    /**
     * Whether endpoint_metrics / endpoint_monitoring hold what this run (or the one it carried)
     * read.
     */
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
  private final PriceBooks.Book prices;
  private final RowSinks sinks;
  private final ProgressLog log;
  private final Instant started;
  private final Counts counts = new Counts();

  /** The strategy in use: Search, or List where Search turns out to be denied. */
  private RegistryReader reader;

  private final List<String> warnings = new ArrayList<>();

  AccountRegionExport(
      ExportConfig config,
      String account,
      String region,
      SageMakerClient sageMaker,
      S3Client s3,
      CloudWatchClient cloudWatch,
      CloudTrailClient cloudTrail,
      Optional<PreviousSnapshot> previous,
      PriceBooks.Book prices,
      RowSinks sinks,
      ProgressLog log,
      Instant started) {
    this.config = config;
    this.account = account;
    this.region = region;
    this.sageMaker = sageMaker;
    this.s3 = s3;
    this.cloudWatch = cloudWatch;
    this.cloudTrail = cloudTrail;
    this.previous = previous;
    this.prices = prices;
    this.sinks = sinks;
    this.log = log;
    this.started = started;
  }

  Result run() throws InterruptedException {
    RunMode mode = RunMode.FULL;
    Optional<ExportConfig.Refresh> asked = config.refresh(account, region);
    if (asked.isPresent()) {
      if (previous.isPresent()) {
        ExportConfig.Refresh r = asked.get();
        mode =
            !r.groups().isEmpty()
                ? RunMode.GROUPS
                : !r.versions().isEmpty() ? RunMode.VERSIONS : RunMode.ENDPOINTS;
        refresh = r;
      } else {
        warnings.add(
            "no earlier snapshot to carry forward: exported everything instead of refreshing");
        log.warn(
            "no_previous",
            account,
            region,
            "no earlier snapshot of this account and region: exporting everything",
            fields());
      }
    }
    runMode = mode;
    reader =
        config.strategy() == ReadStrategy.LIST
            ? RegistryReader.list(sageMaker)
            : RegistryReader.search(sageMaker);
    List<Version> versions = new ArrayList<>();
    Set<String> refreshedGroups = new LinkedHashSet<>();
    if (mode != RunMode.ENDPOINTS) {
      readRegistry(mode, versions, refreshedGroups);
    }
    // A group or endpoint refresh carries the shared groups forward with everything else.
    List<Version> sharedVersions =
        config.includeShared() && mode == RunMode.FULL ? readShared() : List.of();
    boolean registryRefresh = mode == RunMode.GROUPS || mode == RunMode.VERSIONS;
    if (registryRefresh) {
      carryRegistryOutside(refreshedGroups, refresh.versions(), versions);
    }
    if (mode == RunMode.FULL || refresh.allEndpoints()) {
      readEndpoints(Optional.empty());
      readMetrics();
      readMonitoring();
      readAlarms();
    } else {
      // Only the named endpoints (if any) are read again; the others' rows are carried. Their
      // metrics, schedules and alarms are carried too (a state change rewrites no history), except
      // those of a named endpoint that is gone: the next scheduled run reads them all again.
      Set<String> gone = new HashSet<>();
      if (refresh.endpoints().isEmpty()) {
        List<EndpointDeploymentRow> deployments =
            previous.orElseThrow().list(Tables.ENDPOINT_DEPLOYMENTS);
        deployments.forEach(row -> addCarried(Tables.ENDPOINT_DEPLOYMENTS, prices.price(row)));
        carry(
            Tables.RESOURCE_TAGS,
            tag -> tag.resourceType().equals("Endpoint") || tag.resourceType().equals("Model"));
        counts.configsReused = Deployments.configsFrom(deployments).size();
      } else {
        gone.addAll(readEndpoints(Optional.of(refresh.endpoints())));
      }
      carry(Tables.ENDPOINT_METRICS, row -> !gone.contains(row.endpointName()));
      carry(Tables.ENDPOINT_MONITORING, row -> !gone.contains(row.endpointName()));
      carry(Tables.ENDPOINT_ALARMS, row -> !gone.contains(row.endpointName()));
      counts.metricsRead = lastRun(ExportRunRow::metricsRead);
      counts.monitoringRead = lastRun(ExportRunRow::monitoringRead);
      counts.alarmsRead = lastRun(ExportRunRow::alarmsRead);
    }
    if (mode == RunMode.ENDPOINTS) {
      carry(Tables.MODEL_PACKAGE_GROUPS, row -> true);
      carry(Tables.MODEL_PACKAGES, row -> true);
      carry(Tables.METRIC_REPORTS, row -> true);
      carry(Tables.MODEL_METRICS, row -> true);
      carry(Tables.FEATURE_STATISTICS, row -> true);
      carry(Tables.FEATURE_CONSTRAINTS, row -> true);
      carry(Tables.MODEL_LINEAGE, row -> true);
      carry(Tables.TRAINING_JOBS, row -> true);
      carry(Tables.TRAINING_HYPERPARAMETERS, row -> true);
      carry(Tables.TRAINING_CHANNELS, row -> true);
      carry(Tables.LINEAGE_ENTITIES, row -> true);
      carry(Tables.LINEAGE_ASSOCIATIONS, row -> true);
      carry(Tables.MODEL_CARDS, row -> true);
      carry(Tables.APPROVAL_EVENTS, row -> true);
      // The registry is carried; the artefacts of what the endpoints deploy now are checked again.
      readArtifacts(List.of());
      counts.approvalsRead = lastRun(ExportRunRow::approvalsRead);
      counts.approvalsWatermark = lastRun(ExportRunRow::approvalsWatermark);
      counts.approvalsSince = lastRun(ExportRunRow::approvalsSince);
      carry(
          Tables.RESOURCE_TAGS,
          tag ->
              tag.resourceType().equals("ModelPackageGroup")
                  || tag.resourceType().equals("ModelPackage"));
      counts.lineageWatermark = previous.flatMap(PreviousSnapshot::lineageWatermark).orElse(null);
      counts.modelCardsRead = lastRun(ExportRunRow::modelCardsRead);
      counts.tagsRead = lastRun(ExportRunRow::tagsRead);
      counts.lineageRead = lastRun(ExportRunRow::lineageRead);
    } else {
      List<Version> all = new ArrayList<>(versions);
      all.addAll(sharedVersions);
      readReports(all);
      readModelCards();
      readApprovals(all);
      readArtifacts(versions);
      // Lineage last, with only the ARNs kept: its graph is the largest thing an account holds.
      List<String> arns = versions.stream().map(Version::arn).toList();
      all.clear();
      versions.clear();
      readLineage(arns);
      readTrainingJobs();
      counts.tagsRead = !reader.tagsDenied();
      if (reader.tagsDenied()) {
        warnings.add(
            "tags are not readable (ListTags denied): owner and required tags are not verifiable; grant the reader role sagemaker:ListTags");
      }
    }
    counts.strategy = reader.strategy();
    if (reader.skipped() > 0) {
      warnings.add(
          reader.skipped() + " groups or versions were deleted while being read (skipped)");
    }
    Optional<RegistryRows.Readable> readable =
        mode == RunMode.ENDPOINTS
            ? Optional.empty()
            : Optional.of(
                new RegistryRows.Readable(
                    counts.tagsRead,
                    counts.lineageRead,
                    counts.modelCardsRead,
                    counts.approvalsSince));
    return new Result(sinks, counts, warnings, mode, readable);
  }

  // ---------------------------------------------------------------- registry

  private void readRegistry(RunMode mode, List<Version> versions, Set<String> refreshed) {
    List<ModelPackageGroup> groups = new ArrayList<>();
    Consumer<ModelPackage> each =
        version -> {
          versions.add(Version.of(version));
          add(Tables.MODEL_PACKAGES, RegistryRows.toPackageRow(version, account, false));
          for (ResourceTagRow tag : RegistryRows.packageTags(version)) {
            add(Tables.RESOURCE_TAGS, tag);
          }
        };
    if (mode == RunMode.GROUPS || mode == RunMode.VERSIONS) {
      for (String name : refresh.groups()) {
        refreshed.add(name);
        reader.group(name).ifPresent(groups::add);
        if (groups.stream().anyMatch(g -> g.modelPackageGroupName().equals(name))) {
          reader.versionsOf(name, true).forEach(each);
        }
      }
      if (!refresh.versions().isEmpty()) {
        // One version per event: DescribeModelPackage and ListTags. Its group is carried, or read
        // once when the snapshot does not have it yet (a version of a new group).
        Set<String> known = new HashSet<>();
        previous
            .orElseThrow()
            .each(
                Tables.MODEL_PACKAGE_GROUPS,
                g -> {
                  if (!g.isShared()) {
                    known.add(g.groupName());
                  }
                });
        for (String arn : refresh.versions()) {
          String group = RegistryEvent.groupOfArn(arn);
          reader.version(arn).ifPresent(each);
          if (!known.contains(group) && refreshed.add(group)) {
            reader.group(group).ifPresent(groups::add);
          }
        }
      }
    } else {
      try {
        groups.addAll(reader.groups());
      } catch (SageMakerException e) {
        if (reader.strategy() != ReadStrategy.SEARCH || !ErrorKind.isAccessDenied(e)) {
          throw e;
        }
        // Search is denied to this role: the list strategy needs only List/Describe permissions,
        // and it reads the endpoints and models too from here on.
        warnings.add("Search is denied: read with the list strategy instead");
        log.warn(
            "search_denied",
            account,
            region,
            "Search is denied: falling back to --strategy list",
            fields());
        reader = RegistryReader.list(sageMaker);
        groups.addAll(reader.groups());
      }
      reader.versions(each);
    }
    for (ModelPackageGroup group : groups) {
      add(Tables.MODEL_PACKAGE_GROUPS, RegistryRows.toGroupRow(group, account, false));
      for (ResourceTagRow tag :
          RegistryRows.tags("ModelPackageGroup", group.modelPackageGroupArn(), group.tags())) {
        add(Tables.RESOURCE_TAGS, tag);
      }
    }
    log.info(
        "registry",
        account,
        region,
        String.format(
            "%,d groups, %,d versions (%s%s)",
            groups.size(),
            versions.size(),
            reader.strategy().label(),
            mode == RunMode.GROUPS || mode == RunMode.VERSIONS
                ? ", refreshed " + refreshedText()
                : ""),
        fields(
            "groups",
            groups.size(),
            "versions",
            versions.size(),
            "strategy",
            reader.strategy().label(),
            "mode",
            mode.label()));
  }

  private List<Version> readShared() {
    List<Version> versions = new ArrayList<>();
    List<ModelPackageGroup> groups = reader.sharedGroups();
    for (ModelPackageGroup group : groups) {
      String owner = ownerOf(group.modelPackageGroupArn());
      add(Tables.MODEL_PACKAGE_GROUPS, RegistryRows.toGroupRow(group, owner, true));
      for (ModelPackage version : reader.versionsOf(group.modelPackageGroupArn(), false)) {
        versions.add(Version.of(version));
        add(Tables.MODEL_PACKAGES, RegistryRows.toPackageRow(version, owner, true));
      }
    }
    log.info(
        "shared",
        account,
        region,
        String.format("%,d shared groups, %,d shared versions", groups.size(), versions.size()),
        fields("groups", groups.size(), "versions", versions.size()));
    return versions;
  }

  private static String ownerOf(String arn) {
    String[] parts = arn.split(":", 6);
    return parts.length > 4 ? parts[4] : "";
  }

  /** What a group or version refresh read: its groups, then its versions' ARNs. */
  private String refreshedText() {
    List<String> named = new ArrayList<>(refresh.groups());
    named.addAll(refresh.versions());
    return String.join(",", named);
  }

  /**
   * For a group or version refresh: keep every earlier row that does not belong to a refreshed
   * group or version (a version named but gone is dropped: it was deleted).
   */
  private void carryRegistryOutside(
      Set<String> refreshedGroups, Set<String> refreshedVersions, List<Version> freshVersions) {
    Set<String> refreshedGroupArns = new HashSet<>();
    carry(
        Tables.MODEL_PACKAGE_GROUPS,
        group -> {
          if (!group.isShared() && refreshedGroups.contains(group.groupName())) {
            refreshedGroupArns.add(group.groupArn());
            return false;
          }
          return true;
        });
    Set<String> refreshedPackages = new HashSet<>();
    freshVersions.forEach(v -> refreshedPackages.add(v.arn()));
    carry(
        Tables.MODEL_PACKAGES,
        version -> {
          if (!version.isShared()
              && (refreshedGroups.contains(version.groupName())
                  || refreshedVersions.contains(version.modelPackageArn()))) {
            refreshedPackages.add(version.modelPackageArn());
            return false;
          }
          return true;
        });
    carry(
        Tables.RESOURCE_TAGS,
        tag ->
            switch (tag.resourceType()) {
              case "ModelPackageGroup" -> !refreshedGroupArns.contains(tag.resourceArn());
              case "ModelPackage" -> !refreshedPackages.contains(tag.resourceArn());
              default -> false; // endpoint and model tags are carried with the deployments
            });
    this.refreshedPackages = refreshedPackages;
  }

  /** In a group refresh: the versions whose reports and lineage are recomputed (null otherwise). */
  private Set<String> refreshedPackages;

  /** What this run reads afresh (set once {@link #run} has decided it). */
  private RunMode runMode = RunMode.FULL;

  /** What this run refreshes; nothing in a full run. */
  private ExportConfig.Refresh refresh =
      new ExportConfig.Refresh(Set.of(), Set.of(), Set.of(), true);

  // ---------------------------------------------------------------- endpoints

  /**
   * Reads every endpoint, or only the named ones ({@code only}: an endpoint event) with every other
   * endpoint's rows and tags carried forward. Returns the named endpoints that are gone.
   */
  private Set<String> readEndpoints(Optional<Set<String>> only) {
    // What the previous snapshot deployed: its endpoint configs and inference components stand for
    // a Describe call (both are immutable once read, or compared by modification time).
    List<EndpointDeploymentRow> before =
        previous.isPresent() && !config.fullRefresh()
            ? previous.get().list(Tables.ENDPOINT_DEPLOYMENTS)
            : List.of();
    List<Endpoint> endpoints = new ArrayList<>();
    Set<String> gone = new TreeSet<>();
    Set<String> refreshedArns = new HashSet<>();
    if (only.isPresent()) {
      for (String name : only.get()) {
        reader.endpoint(name).ifPresentOrElse(endpoints::add, () -> gone.add(name));
      }
      endpoints.forEach(e -> refreshedArns.add(e.endpointArn()));
      previous
          .orElseThrow()
          .each(
              Tables.ENDPOINT_DEPLOYMENTS,
              row -> {
                if (only.get().contains(row.endpointName())) {
                  refreshedArns.add(row.endpointArn());
                } else {
                  addCarried(Tables.ENDPOINT_DEPLOYMENTS, prices.price(row));
                }
              });
    } else {
      endpoints.addAll(reader.endpoints());
    }
    Map<String, Deployments.EndpointConfig> known = Deployments.configsFrom(before);
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
      components = readComponents(before, only);
      components.ifPresent(
          list -> list.forEach(c -> componentEndpoints.put(c.name(), c.endpointName())));
      components.ifPresent(
          list ->
              list.forEach(
                  c -> {
                    if (c.modelName() != null) {
                      modelNames.add(c.modelName());
                    }
                  }));
    }
    // A named endpoint's models are described (Search would read every model of the account).
    Map<String, Optional<Model>> models =
        only.isPresent() ? reader.describedModels(modelNames) : reader.models(modelNames);
    int rows = 0;
    Map<String, Integer> unresolved = new TreeMap<>();
    for (Endpoint endpoint : endpoints) {
      Optional<Deployments.EndpointConfig> config =
          endpoint.endpointConfigName() == null
              ? Optional.empty()
              : configs.get(endpoint.endpointConfigName());
      for (EndpointDeploymentRow row :
          Deployments.rows(endpoint, config, models, components, region, account)) {
        add(Tables.ENDPOINT_DEPLOYMENTS, prices.price(row));
        rows++;
        if (row.resolution().equals("config_missing") || row.resolution().equals("model_missing")) {
          unresolved.merge(row.resolution(), 1, Integer::sum);
        }
      }
      for (ResourceTagRow tag :
          RegistryRows.tags("Endpoint", endpoint.endpointArn(), endpoint.tags())) {
        add(Tables.RESOURCE_TAGS, tag);
      }
    }
    unresolved.forEach(
        (resolution, count) ->
            warnings.add(
                count
                    + " endpoint variants run "
                    + (resolution.equals("config_missing") ? "an endpoint config" : "a model")
                    + " that was deleted: what they serve is unknown (UNRESOLVED_DEPLOYMENT)"));
    Set<String> modelArns = new HashSet<>();
    for (Optional<Model> model : models.values()) {
      model.ifPresent(
          m -> {
            modelArns.add(m.modelArn());
            RegistryRows.tags("Model", m.modelArn(), m.tags())
                .forEach(t -> add(Tables.RESOURCE_TAGS, t));
          });
    }
    if (only.isPresent()) {
      carry(
          Tables.RESOURCE_TAGS,
          tag ->
              switch (tag.resourceType()) {
                case "Endpoint" -> !refreshedArns.contains(tag.resourceArn());
                case "Model" -> !modelArns.contains(tag.resourceArn());
                default -> false; // the registry's tags are carried with the registry
              });
    }
    log.info(
        "endpoints",
        account,
        region,
        String.format(
            "%,d endpoints%s, %,d variant rows, configs: %,d described, %,d carried forward",
            endpoints.size(),
            only.map(names -> " read again (" + String.join(",", names) + ")").orElse(""),
            rows,
            counts.configsDescribed,
            counts.configsReused),
        fields(
            "endpoints",
            endpoints.size(),
            "rows",
            rows,
            "configs_described",
            counts.configsDescribed,
            "configs_reused",
            counts.configsReused));
    return gone;
  }

  /** The endpoint of each inference component read, for alarms on component metrics. */
  private final Map<String, String> componentEndpoints = new LinkedHashMap<>();

  /**
   * Every inference component of the account and region, or of the named endpoints; empty when they
   * may not be listed.
   */
  private Optional<List<InferenceComponents.Component>> readComponents(
      List<EndpointDeploymentRow> before, Optional<Set<String>> only) {
    Map<String, InferenceComponents.Component> known = Deployments.componentsFrom(before);
    try {
      InferenceComponents.Result result =
          only.isEmpty()
              ? InferenceComponents.read(sageMaker, known)
              : only.get().stream()
                  .map(name -> InferenceComponents.read(sageMaker, known, Optional.of(name)))
                  .reduce(InferenceComponents.Result::plus)
                  .orElseThrow();
      log.info(
          "inference_components",
          account,
          region,
          String.format(
              "%,d inference components: %,d described, %,d carried forward",
              result.components().size(), result.described(), result.reused()),
          fields(
              "components",
              result.components().size(),
              "described",
              result.described(),
              "reused",
              result.reused()));
      return Optional.of(result.components());
    } catch (SdkException e) {
      ErrorKind kind = ErrorKind.of(e);
      if (kind != ErrorKind.ACCESS_DENIED) {
        throw e;
      }
      warnings.add(
          "inference components could not be listed ("
              + kind.label()
              + "): the endpoints that host them are unresolved;"
              + " grant the reader role sagemaker:ListInferenceComponents and sagemaker:DescribeInferenceComponent");
      log.warn(
          "components_denied",
          account,
          region,
          "inference components not readable: " + e.getMessage(),
          fields("error_kind", kind.label()));
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- model cards

  private void readModelCards() {
    Map<String, ModelCardRow> known = new LinkedHashMap<>();
    if (!config.fullRefresh()) {
      previous.ifPresent(
          p -> p.each(Tables.MODEL_CARDS, card -> known.put(card.modelCardName(), card)));
    }
    try {
      ModelCards.Result result = ModelCards.read(sageMaker, known);
      result.rows().forEach(r -> add(Tables.MODEL_CARDS, r));
      counts.modelCardsRead = true;
      log.info(
          "model_cards",
          account,
          region,
          String.format(
              "%,d model cards: %,d described, %,d carried forward",
              result.rows().size(), result.described(), result.reused()),
          fields(
              "cards",
              result.rows().size(),
              "described",
              result.described(),
              "reused",
              result.reused()));
    } catch (SdkException e) {
      ErrorKind kind = ErrorKind.of(e);
      if (kind != ErrorKind.ACCESS_DENIED) {
        throw e;
      }
      counts.modelCardsRead = false;
      warnings.add(
          "model cards could not be read ("
              + kind.label()
              + "): versions without a card on the package are not verifiable;"
              + " grant the reader role sagemaker:ListModelCards and sagemaker:DescribeModelCard");
      log.warn(
          "model_cards_denied",
          account,
          region,
          "model cards not readable: " + e.getMessage(),
          fields("error_kind", kind.label()));
    }
  }

  // ---------------------------------------------------------------- approvals

  /**
   * The approval events since the previous run's watermark (at most CloudTrail's 90 days before the
   * snapshot), merged with every event the previous snapshot holds. A warm run asks CloudTrail only
   * when a version was created or modified after the watermark: nothing else can have been
   * approved.
   */
  private void readApprovals(List<Version> versions) {
    Instant end = config.snapshotTime();
    Instant oldest = end.minus(CloudTrailApprovals.HISTORY);
    Optional<Instant> watermark =
        config.fullRefresh()
            ? Optional.empty()
            : previous.flatMap(p -> p.lastRun(ExportRunRow::approvalsWatermark));
    Map<String, ApprovalEventRow> events = new LinkedHashMap<>();
    previous.ifPresent(p -> p.each(Tables.APPROVAL_EVENTS, row -> events.put(row.eventId(), row)));
    Instant start = watermark.filter(w -> w.isAfter(oldest)).orElse(oldest);
    // How far back approval_events is complete: the previous runs' reach, unless this lookup
    // leaves a gap after it (no run for longer than CloudTrail keeps events) or none is known.
    Optional<Instant> since = previous.flatMap(p -> p.lastRun(ExportRunRow::approvalsSince));
    Optional<Instant> reached = previous.flatMap(p -> p.lastRun(ExportRunRow::approvalsWatermark));
    boolean gap = reached.isEmpty() || reached.get().isBefore(oldest);
    Instant reach = since.isPresent() && !gap && since.get().isBefore(start) ? since.get() : start;
    counts.approvalsSince = since.orElse(null);
    boolean changed =
        watermark.isEmpty()
            || versions.stream()
                .anyMatch(
                    v ->
                        (v.modified() != null && v.modified().isAfter(start))
                            || (v.created() != null && v.created().isAfter(start)));
    if (!changed || !start.isBefore(end)) {
      events.values().forEach(row -> add(Tables.APPROVAL_EVENTS, row));
      counts.approvalsRead =
          previous.flatMap(p -> p.lastRun(ExportRunRow::approvalsRead)).orElse(true);
      counts.approvalsWatermark = watermark.orElse(null);
      log.info(
          "approvals",
          account,
          region,
          "no version changed since " + start + ": approval events carried forward",
          fields("events", events.size(), "requests", 0));
      return;
    }
    try {
      CloudTrailApprovals.Result result = CloudTrailApprovals.read(cloudTrail, start, end);
      int fresh = 0;
      for (ApprovalEventRow row : result.rows()) {
        if (events.putIfAbsent(row.eventId(), row) == null) {
          fresh++;
        }
      }
      counts.approvalsRead = true;
      counts.approvalsWatermark = end.minus(WATERMARK_MARGIN);
      counts.approvalsSince = reach;
      log.info(
          "approvals",
          account,
          region,
          String.format(
              "%,d approval events from CloudTrail since %s (%,d new) in %,d LookupEvents requests",
              result.rows().size(), start, fresh, result.requests()),
          fields("events", result.rows().size(), "new", fresh, "requests", result.requests()));
    } catch (SdkException e) {
      counts.approvalsRead = false;
      counts.approvalsWatermark = watermark.orElse(null);
      ErrorKind kind = ErrorKind.of(e);
      warnings.add(
          "approval events could not be read from CloudTrail ("
              + kind.label()
              + "): approvers come from"
              + " LastModifiedBy, which later updates move"
              + (kind == ErrorKind.ACCESS_DENIED
                  ? " - grant the reader role cloudtrail:LookupEvents"
                  : ""));
      log.warn(
          "approvals_failed",
          account,
          region,
          "CloudTrail approval events not read (" + kind.label() + "): " + e.getMessage(),
          fields("error_kind", kind.label()));
    }
    events.values().forEach(row -> add(Tables.APPROVAL_EVENTS, row));
  }

  // ---------------------------------------------------------------- model artefacts

  /**
   * Checks the model artefact of every version this account owns and deploys (every run: one
   * HeadObject each, whether or not the version changed) and of every version not checked before
   * (once); the others' rows are carried forward. A version another account deploys is checked
   * once, here. Shared versions are the owner account's to check.
   */
  private void readArtifacts(List<Version> versions) throws InterruptedException {
    TableSpec<ModelArtifactRow> t = Tables.MODEL_ARTIFACTS;
    Map<String, ModelArtifactRow> before = new LinkedHashMap<>();
    previous.ifPresent(
        p ->
            p.each(
                t,
                r ->
                    before.put(
                        ModelArtifacts.Target.key(r.modelPackageArn(), r.containerIndex()), r)));
    List<ModelArtifacts.Target> due = new ArrayList<>();
    Set<String> read = new HashSet<>();
    long carried = 0;
    for (Version version : versions) {
      read.add(version.arn());
      for (ModelArtifacts.Target target : version.artifacts()) {
        ModelArtifactRow last = before.get(target.key());
        if (config.fullRefresh()
            || last == null
            || deployed.contains(target.modelPackageArn())
            || !Objects.equals(last.modelDataUrl(), target.url())) {
          due.add(target);
        } else {
          addCarried(t, last);
          carried++;
        }
      }
    }
    // Versions not read in this run (unchanged since the last, or another group's on a group
    // refresh) keep their rows, except that a deployed one is checked again from what its row
    // holds; a version refresh (an event) leaves that to the next scheduled run, and an endpoint
    // refresh checks only what the named endpoints deploy, so one event costs the same whatever
    // the account deploys.
    Set<String> recheck =
        runMode == RunMode.VERSIONS
            ? Set.of()
            : runMode == RunMode.ENDPOINTS && !refresh.endpoints().isEmpty()
                ? freshlyDeployed
                : deployed;
    for (ModelArtifactRow last : before.values()) {
      if (read.contains(last.modelPackageArn()) || !registered.contains(last.modelPackageArn())) {
        continue; // read in this run, or no longer in the registry
      }
      if (recheck.contains(last.modelPackageArn()) && last.modelDataUrl() != null) {
        due.add(
            new ModelArtifacts.Target(
                last.modelPackageArn(),
                last.containerIndex(),
                last.modelDataUrl(),
                ModelArtifacts.PREFIX.equals(last.status()),
                last.registeredAt(),
                last.registeredEtag()));
      } else {
        addCarried(t, last);
        carried++;
      }
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(config.reportConcurrency(), daemon("artifacts-" + account));
    List<ModelArtifactRow> checked;
    try {
      checked = ModelArtifacts.check(due, before, s3, pool, config.snapshotTime());
    } finally {
      pool.shutdownNow();
    }
    checked.forEach(row -> add(t, row));
    counts.artifactsChecked = (long) checked.size();
    long denied =
        checked.stream().filter(r -> r.status().equals(ModelArtifacts.ACCESS_DENIED)).count();
    if (denied > 0) {
      warnings.add(
          denied
              + " model artefacts could not be checked (access denied: denied, or deleted from a bucket the role"
              + " may not list): ARTIFACT_CHANGED_AFTER_REGISTRATION is not verifiable for them; grant the reader role"
              + " s3:GetObject on the artefact locations (ArtifactLocations) and s3:ListBucket on their buckets (ArtifactBuckets)");
    }
    long changed =
        checked.stream().filter(r -> Boolean.TRUE.equals(r.changedAfterRegistration())).count();
    log.info(
        "artifacts",
        account,
        region,
        String.format(
            "%,d model artefacts checked (%,d changed after registration, %,d denied), %,d carried forward",
            checked.size(), changed, denied, carried),
        fields("checked", checked.size(), "changed", changed, "denied", denied));
  }

  // ---------------------------------------------------------------- operational signals

  /** Endpoint statuses whose variants serve traffic (and so have metrics worth reading). */
  private static final Set<String> SERVING = Set.copyOf(Tables.SERVING_ENDPOINT_STATUSES);

  private void readMetrics() {
    if (config.metricsDays() == 0) {
      counts.metricsRead = false;
      return;
    }
    Set<CloudWatchMetrics.Variant> variants = servingVariants;
    try {
      CloudWatchMetrics.Result result =
          CloudWatchMetrics.read(
              cloudWatch,
              new ArrayList<>(variants),
              config.snapshotTime().atZone(ZoneOffset.UTC).toLocalDate(),
              config.metricsDays());
      result.rows().forEach(r -> add(Tables.ENDPOINT_METRICS, r));
      counts.metricsRead = true;
      log.info(
          "metrics",
          account,
          region,
          String.format(
              "%,d endpoint variants: %,d days of CloudWatch metrics in %,d GetMetricData requests",
              variants.size(), config.metricsDays(), result.requests()),
          fields(
              "variants",
              variants.size(),
              "days",
              config.metricsDays(),
              "requests",
              result.requests()));
    } catch (SdkException e) {
      counts.metricsRead = false;
      ErrorKind kind = ErrorKind.of(e);
      warnings.add(
          "endpoint metrics could not be read ("
              + kind.label()
              + "): "
              + e.getMessage()
              + (kind == ErrorKind.ACCESS_DENIED
                  ? " - grant cloudwatch:GetMetricData to the reader role"
                  : ""));
      log.warn(
          "metrics_failed",
          account,
          region,
          "endpoint metrics not read (" + kind.label() + "): " + e.getMessage(),
          fields("error_kind", kind.label()));
    }
  }

  private void readMonitoring() {
    Optional<Instant> since =
        config.fullRefresh()
            ? Optional.empty()
            : previous
                .flatMap(p -> p.lastRun(ExportRunRow::startedAt))
                .map(t -> t.minus(WATERMARK_MARGIN));
    List<EndpointMonitoringRow> before =
        since.isPresent() ? previous.orElseThrow().list(Tables.ENDPOINT_MONITORING) : List.of();
    try {
      ModelMonitor.Result result = ModelMonitor.read(sageMaker, before, since);
      result.rows().forEach(r -> add(Tables.ENDPOINT_MONITORING, r));
      counts.monitoringRead = true;
      log.info(
          "monitoring",
          account,
          region,
          String.format(
              "%,d monitoring schedules in %,d calls", result.rows().size(), result.calls()),
          fields("schedules", result.rows().size(), "calls", result.calls()));
    } catch (SdkException e) {
      counts.monitoringRead = false;
      ErrorKind kind = ErrorKind.of(e);
      warnings.add(
          "model monitor schedules could not be read (" + kind.label() + "): " + e.getMessage());
      log.warn(
          "monitoring_failed",
          account,
          region,
          "monitoring schedules not read (" + kind.label() + "): " + e.getMessage(),
          fields("error_kind", kind.label()));
    }
  }

  private void readAlarms() {
    try {
      CloudWatchAlarms.Result result = CloudWatchAlarms.read(cloudWatch, componentEndpoints);
      result.rows().forEach(r -> add(Tables.ENDPOINT_ALARMS, r));
      counts.alarmsRead = true;
      log.info(
          "alarms",
          account,
          region,
          String.format(
              "%,d CloudWatch alarms, %,d on endpoints, in %,d DescribeAlarms requests",
              result.alarms(), result.rows().size(), result.requests()),
          fields(
              "alarms",
              result.alarms(),
              "endpoint_alarms",
              result.rows().size(),
              "requests",
              result.requests()));
    } catch (SdkException e) {
      counts.alarmsRead = false;
      ErrorKind kind = ErrorKind.of(e);
      warnings.add(
          "CloudWatch alarms could not be read ("
              + kind.label()
              + "): "
              + e.getMessage()
              + (kind == ErrorKind.ACCESS_DENIED
                  ? " - grant cloudwatch:DescribeAlarms to the reader role"
                  : ""));
      log.warn(
          "alarms_failed",
          account,
          region,
          "CloudWatch alarms not read (" + kind.label() + "): " + e.getMessage(),
          fields("error_kind", kind.label()));
    }
  }

  // ---------------------------------------------------------------- reports

  private void readReports(List<Version> versions) throws InterruptedException {
    MetricReports.Previous reusable = MetricReports.Previous.none();
    if (!config.fullRefresh()) {
      // A data-quality report stands for a fetch only where the snapshot holds its features (one
      // written before features were read, or by a refresh that did not read them, does not): the
      // others are read again, once, for their features.
      Set<String> withStatistics = new HashSet<>();
      Set<String> withConstraints = new HashSet<>();
      previous.ifPresent(
          p -> {
            p.each(Tables.FEATURE_STATISTICS, row -> withStatistics.add(row.modelPackageArn()));
            p.each(Tables.FEATURE_CONSTRAINTS, row -> withConstraints.add(row.modelPackageArn()));
          });
      previous.ifPresent(
          p ->
              p.each(
                  Tables.METRIC_REPORTS,
                  row -> {
                    boolean holdsFeatures =
                        switch (row.reportKind()) {
                          case "model_data_quality_statistics" ->
                              withStatistics.contains(row.modelPackageArn());
                          case "model_data_quality_constraints" ->
                              withConstraints.contains(row.modelPackageArn());
                          default -> true;
                        };
                    if (holdsFeatures || !MetricReports.OK.equals(row.status())) {
                      reusable.add(row);
                    }
                  }));
    }
    List<MetricReports.Reference> references = new ArrayList<>();
    versions.forEach(v -> references.addAll(v.reports()));
    ExecutorService pool =
        Executors.newFixedThreadPool(config.reportConcurrency(), daemon("reports-" + account));
    MetricReports.Outcome outcome;
    try {
      outcome =
          MetricReports.collect(
              references,
              reusable,
              s3,
              pool,
              config.maxReportBytes(),
              row -> add(Tables.METRIC_REPORTS, row),
              row -> add(Tables.MODEL_METRICS, row),
              row -> add(Tables.FEATURE_STATISTICS, row),
              row -> add(Tables.FEATURE_CONSTRAINTS, row));
    } finally {
      pool.shutdownNow();
    }
    // Reused reports, and on a group refresh every report of the versions it did not refresh, are
    // carried: the previous snapshot is streamed once more rather than held. A carried report that
    // was denied is still denied (until --full-refresh reads it again).
    Set<String> refreshed = refreshedPackages;
    long[] denied = {outcome.denied};
    if (outcome.reused > 0 || refreshed != null) {
      carry(
          Tables.METRIC_REPORTS,
          row -> {
            boolean keep =
                outcome.reusedReport(row)
                    || (refreshed != null && !refreshed.contains(row.modelPackageArn()));
            if (keep && MetricReports.ACCESS_DENIED.equals(row.status())) {
              denied[0]++;
            }
            return keep;
          });
      carry(
          Tables.MODEL_METRICS,
          row ->
              outcome.reusedMetric(row)
                  || (refreshed != null && !refreshed.contains(row.modelPackageArn())));
      carry(
          Tables.FEATURE_STATISTICS,
          row ->
              outcome.reusedStatistic(row)
                  || (refreshed != null && !refreshed.contains(row.modelPackageArn())));
      carry(
          Tables.FEATURE_CONSTRAINTS,
          row ->
              outcome.reusedConstraint(row)
                  || (refreshed != null && !refreshed.contains(row.modelPackageArn())));
    }
    counts.reportsFetched = outcome.fetched;
    counts.reportsReused = outcome.reused;
    if (denied[0] > 0) {
      warnings.add(
          denied[0]
              + " metric reports could not be read (access denied): grant the reader role s3:GetObject on their buckets, then run once with --full-refresh");
    }
    log.info(
        "reports",
        account,
        region,
        String.format(
            "%,d reports: %,d read from S3, %,d carried forward, %,d not ok",
            outcome.fetched + outcome.reused, outcome.fetched, outcome.reused, outcome.failed),
        fields(
            "fetched",
            outcome.fetched,
            "reused",
            outcome.reused,
            "not_ok",
            outcome.failed,
            "metrics",
            outcome.metrics));
  }

  // ---------------------------------------------------------------- lineage

  private void readLineage(List<String> versions) {
    LineageSource source = new LineageSource(sageMaker);
    // Entities and associations go to their tables as the graph first sees them: listed ones first,
    // then the carried ones not listed again.
    LineageGraph graph =
        new LineageGraph(
            row -> add(Tables.LINEAGE_ENTITIES, row), row -> add(Tables.LINEAGE_ASSOCIATIONS, row));
    Optional<Instant> watermark =
        config.fullRefresh()
            ? Optional.empty()
            : previous.flatMap(PreviousSnapshot::lineageWatermark);
    boolean bulk = true;
    counts.lineageRead = true;
    try {
      counts.lineageListed = source.listSince(watermark.orElse(null), graph);
      counts.lineageWatermark = started.minus(WATERMARK_MARGIN);
      if (watermark.isPresent()) {
        previous
            .get()
            .each(Tables.LINEAGE_ENTITIES, row -> counts.lineageReused += graph.add(row) ? 1 : 0);
        previous
            .get()
            .each(
                Tables.LINEAGE_ASSOCIATIONS, row -> counts.lineageReused += graph.add(row) ? 1 : 0);
      }
    } catch (SageMakerException e) {
      if (!ErrorKind.isAccessDenied(e)) {
        throw e;
      }
      bulk = false;
      // What was listed before the denial is not the graph: lineage comes from QueryLineage
      // instead.
      sinks.discard(Tables.LINEAGE_ENTITIES);
      sinks.discard(Tables.LINEAGE_ASSOCIATIONS);
      counts.lineageListed = 0;
      log.warn(
          "lineage_denied",
          account,
          region,
          "listing lineage in bulk is denied: querying each version with QueryLineage",
          fields());
    }
    long before = sinks.rows(Tables.MODEL_LINEAGE);
    if (bulk) {
      for (String version : versions) {
        graph.upstream(version).forEach(row -> add(Tables.MODEL_LINEAGE, row));
      }
    } else {
      queryEach(source, versions);
    }
    if (refreshedPackages != null) {
      Set<String> refreshed = refreshedPackages;
      carry(Tables.MODEL_LINEAGE, row -> !refreshed.contains(row.modelPackageArn()));
    }
    long rows = sinks.rows(Tables.MODEL_LINEAGE) - before;
    log.info(
        "lineage",
        account,
        region,
        bulk
            ? String.format(
                "%,d lineage rows; graph of %,d entities: %,d listed%s, %,d carried forward",
                rows,
                graph.entityCount(),
                counts.lineageListed,
                watermark.map(w -> " since " + w).orElse(""),
                counts.lineageReused)
            : String.format(
                "%,d lineage rows from QueryLineage for %,d versions", rows, counts.lineageQueried),
        fields(
            "rows",
            rows,
            "listed",
            counts.lineageListed,
            "reused",
            counts.lineageReused,
            "queried",
            counts.lineageQueried,
            "mode",
            bulk ? "bulk" : "query"));
  }

  /**
   * The fallback where bulk listing is denied: a version's upstream lineage does not change once it
   * is registered, so versions the previous snapshot already walked keep their rows and only new
   * ones are queried.
   */
  private void queryEach(LineageSource source, List<String> versions) {
    Set<String> known = new HashSet<>();
    if (!config.fullRefresh()) {
      Set<String> current = new HashSet<>(versions);
      // The earlier rows of this run's versions are carried as they are.
      carry(
          Tables.MODEL_LINEAGE,
          row -> {
            if (current.contains(row.modelPackageArn())) {
              known.add(row.modelPackageArn());
              counts.lineageReused++;
              return true;
            }
            return false;
          });
    }
    LineageGraph graph = new LineageGraph();
    boolean denied = false;
    for (String version : versions) {
      if (known.contains(version)) {
        continue;
      }
      try {
        if (source.query(version, graph)) {
          counts.lineageQueried++;
          graph.upstream(version).forEach(row -> add(Tables.MODEL_LINEAGE, row));
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
      warnings.add(
          "lineage is not readable: grant the reader role sagemaker:ListArtifacts and sagemaker:QueryLineage (or the bulk list calls)");
      log.warn(
          "lineage_unavailable",
          account,
          region,
          "lineage is not readable with this role",
          fields());
    } else {
      warnings.add("bulk lineage listing is denied: lineage came from QueryLineage per version");
    }
  }

  // ---------------------------------------------------------------- training jobs

  /**
   * The training jobs the lineage names: searched in bulk (only those modified since the previous
   * run when it read them too), the others carried; where Search is denied, the previous rows are
   * carried and the run says so.
   */
  private void readTrainingJobs() {
    // Warm when the snapshot carried holds training jobs (a snapshot written before they were read,
    // or by a refresh that skipped them, holds none).
    long before =
        previous.flatMap(p -> p.lastRun(r -> r.rows().get(Tables.TRAINING_JOBS.name()))).orElse(0L);
    boolean warm = !config.fullRefresh() && before > 0;
    if (!warm && runMode != RunMode.FULL) {
      // An event does not pay for the first read of every job: the next full export does it.
      log.info(
          "training_jobs",
          account,
          region,
          "training jobs not read: a refresh of a snapshot that holds none leaves them to the next full export",
          fields());
      return;
    }
    Map<String, TrainingJobs.Known> known = new HashMap<>();
    if (warm) {
      PreviousSnapshot p = previous.orElseThrow();
      p.each(
          Tables.TRAINING_JOBS,
          row ->
              known.putIfAbsent(
                  row.trainingJobArn(),
                  new TrainingJobs.Known(row, new ArrayList<>(), new ArrayList<>())));
      p.each(
          Tables.TRAINING_HYPERPARAMETERS,
          row -> {
            TrainingJobs.Known k = known.get(row.trainingJobArn());
            if (k != null) {
              k.hyperparameters().add(row);
            }
          });
      p.each(
          Tables.TRAINING_CHANNELS,
          row -> {
            TrainingJobs.Known k = known.get(row.trainingJobArn());
            if (k != null) {
              k.channels().add(row);
            }
          });
    }
    Optional<Instant> since =
        warm
            ? previous
                .flatMap(p -> p.lastRun(ExportRunRow::startedAt))
                .map(t -> t.minus(WATERMARK_MARGIN))
            : Optional.empty();
    try {
      TrainingJobs.Result result =
          TrainingJobs.read(
              sageMaker,
              account,
              trainingLinks,
              known,
              runMode == RunMode.FULL && reader.strategy() == ReadStrategy.SEARCH,
              since);
      result.jobs().forEach(r -> add(Tables.TRAINING_JOBS, r));
      result.hyperparameters().forEach(r -> add(Tables.TRAINING_HYPERPARAMETERS, r));
      result.channels().forEach(r -> add(Tables.TRAINING_CHANNELS, r));
      log.info(
          "training_jobs",
          account,
          region,
          String.format(
              "%,d training jobs of %,d versions: %,d searched, %,d described, %,d carried forward, %,d unknown, in %,d requests",
              trainingLinks.stream().map(TrainingJobs.Link::trainingJobArn).distinct().count(),
              result.jobs().size(),
              result.searched(),
              result.described(),
              result.carried(),
              result.unknown(),
              result.requests()),
          fields(
              "searched",
              result.searched(),
              "described",
              result.described(),
              "carried",
              result.carried(),
              "unknown",
              result.unknown(),
              "requests",
              result.requests()));
    } catch (SdkException e) {
      ErrorKind kind = ErrorKind.of(e);
      if (kind != ErrorKind.ACCESS_DENIED) {
        throw e;
      }
      carry(Tables.TRAINING_JOBS, row -> true);
      carry(Tables.TRAINING_HYPERPARAMETERS, row -> true);
      carry(Tables.TRAINING_CHANNELS, row -> true);
      warnings.add(
          "training jobs could not be read ("
              + kind.label()
              + "): training_jobs is the previous snapshot's; grant the reader role sagemaker:Search and sagemaker:DescribeTrainingJob");
      log.warn(
          "training_jobs_denied",
          account,
          region,
          "training jobs not read: " + e.getMessage(),
          fields("error_kind", kind.label()));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** A value of the previous snapshot's newest run, or null. */
  private <T> T lastRun(Function<ExportRunRow, T> value) {
    return previous.flatMap(p -> p.lastRun(value)).orElse(null);
  }

  /**
   * Streams the previous snapshot's rows of {@code table} that {@code keep} accepts into this
   * run's.
   */
  private <R> void carry(TableSpec<R> table, Predicate<R> keep) {
    previous.ifPresent(
        p ->
            p.each(
                table,
                row -> {
                  if (keep.test(row)) {
                    addCarried(table, row);
                  }
                }));
  }

  /**
   * Passes a row to its table's sink, noting the little later stages need of it: what is deployed
   * (whose artefacts are checked every run), which variants serve (whose metrics are read) and
   * which versions are registered.
   */
  private <R> void add(TableSpec<R> table, R row) {
    sinks.add(table, row);
    observe(row);
    if (row instanceof EndpointDeploymentRow d && d.modelPackageArn() != null) {
      freshlyDeployed.add(d.modelPackageArn());
    }
  }

  /** {@link #add} for a row read from the previous snapshot (it may predate a required column). */
  private <R> void addCarried(TableSpec<R> table, R row) {
    sinks.carry(table, row);
    observe(row);
  }

  private void observe(Object row) {
    if (row instanceof EndpointDeploymentRow d) {
      if (d.modelPackageArn() != null) {
        deployed.add(d.modelPackageArn());
      }
      if (d.endpointStatus() != null && SERVING.contains(d.endpointStatus())) {
        servingVariants.add(
            new CloudWatchMetrics.Variant(d.endpointName(), d.endpointArn(), d.variantName()));
      }
    } else if (row instanceof ModelPackageRow p) {
      registered.add(p.modelPackageArn());
    } else if (row instanceof LineageRow l
        && "TrainingJob".equals(l.entityType())
        && l.sourceUri() != null
        && l.sourceUri().contains(":training-job/")) {
      trainingLinks.add(new TrainingJobs.Link(l.modelPackageArn(), l.sourceUri()));
    }
  }

  /** Each version and the training job its lineage names (a trial component's source). */
  private final Set<TrainingJobs.Link> trainingLinks = new LinkedHashSet<>();

  private final Set<String> deployed = new HashSet<>();

  /** What the endpoints read in this run (not carried) deploy. */
  private final Set<String> freshlyDeployed = new HashSet<>();

  private final Set<String> registered = new HashSet<>();
  private final Set<CloudWatchMetrics.Variant> servingVariants = new LinkedHashSet<>();

  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
