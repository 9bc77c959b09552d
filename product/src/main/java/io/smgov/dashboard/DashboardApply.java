package io.smgov.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.AnalysisError;
import software.amazon.awssdk.services.quicksight.model.CreateAnalysisRequest;
import software.amazon.awssdk.services.quicksight.model.CreateDashboardRequest;
import software.amazon.awssdk.services.quicksight.model.CreateDataSetRequest;
import software.amazon.awssdk.services.quicksight.model.CreateDataSetResponse;
import software.amazon.awssdk.services.quicksight.model.CreateDataSourceRequest;
import software.amazon.awssdk.services.quicksight.model.Dashboard;
import software.amazon.awssdk.services.quicksight.model.DashboardError;
import software.amazon.awssdk.services.quicksight.model.DashboardVersion;
import software.amazon.awssdk.services.quicksight.model.DataSet;
import software.amazon.awssdk.services.quicksight.model.DataSource;
import software.amazon.awssdk.services.quicksight.model.QuickSightException;
import software.amazon.awssdk.services.quicksight.model.RefreshSchedule;
import software.amazon.awssdk.services.quicksight.model.ResourceNotFoundException;
import software.amazon.awssdk.services.quicksight.model.ResourcePermission;
import software.amazon.awssdk.services.quicksight.model.Tag;
import software.amazon.awssdk.services.quicksight.model.UpdateAnalysisRequest;
import software.amazon.awssdk.services.quicksight.model.UpdateDashboardRequest;
import software.amazon.awssdk.services.quicksight.model.UpdateDataSetRequest;
import software.amazon.awssdk.services.quicksight.model.UpdateDataSourceRequest;

/**
 * Creates or updates the QuickSight resources of one target, idempotently: a resource is sent only
 * when what QuickSight holds lacks something smgov sends, and a second run with the same inputs
 * changes nothing.
 *
 * <p>The analysis and the dashboard are where people customise in the QuickSight console. smgov
 * tags each with the fingerprint of the definition it sent and of the definition QuickSight held
 * right after (and, for the dashboard, the version it published). When QuickSight holds something
 * else now, someone edited it: smgov keeps the edit when it has nothing new to send, and otherwise
 * refuses to overwrite it (a conflict, listing what differs) unless {@code force}.
 */
public final class DashboardApply {
  static final String TAG_SENT = "smgov:definition-sha256";
  static final String TAG_HELD = "smgov:described-sha256";
  static final String TAG_VERSION = "smgov:dashboard-version";

  /**
   * {@code force}: overwrite edits made in QuickSight. Asynchronous work is polled every {@code
   * pollInterval}.
   */
  public record Options(boolean force, Duration pollInterval, Duration timeout) {
    public static Options defaults() {
      return new Options(false, Duration.ofSeconds(2), Duration.ofMinutes(10));
    }

    public Options withForce(boolean newForce) {
      return new Options(newForce, pollInterval, timeout);
    }
  }

  public enum Action {
    CREATED,
    UPDATED,
    UNCHANGED,
    KEPT,
    CONFLICT,
    DELETED
  }

  /** What happened to one resource. */
  public record Change(String kind, String id, Action action, String detail) {
    @Override
    public String toString() {
      return kind
          + " "
          + id
          + ": "
          + action.name().toLowerCase(Locale.ROOT)
          + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }

  /** Everything one apply did. */
  public record Outcome(List<Change> changes) {
    public boolean conflicts() {
      return changes.stream().anyMatch(c -> c.action() == Action.CONFLICT);
    }

    public long count(Action action) {
      return changes.stream().filter(c -> c.action() == action).count();
    }

    public String summary() {
      List<String> parts = new ArrayList<>();
      for (Action action : Action.values()) {
        long n = count(action);
        if (n > 0) {
          parts.add(n + " " + action.name().toLowerCase(Locale.ROOT));
        }
      }
      return changes.size() + " resources: " + String.join(", ", parts);
    }
  }

  private final QuickSightClient quickSight;
  private final QuickSightManifest manifest;
  private final DashboardTarget target;
  private final Options options;
  private final Consumer<String> progress;
  private final List<Change> changes = new ArrayList<>();

  public DashboardApply(
      QuickSightClient quickSight,
      QuickSightManifest manifest,
      DashboardTarget target,
      Options options,
      Consumer<String> progress) {
    this.quickSight = quickSight;
    this.manifest = manifest;
    this.target = target;
    this.options = options;
    this.progress = progress;
  }

  public Outcome apply(QuickSightRequests.Rendered rendered) throws InterruptedException {
    if (rendered.dataSource().isPresent()) {
      dataSource(rendered.dataSource().get());
    }
    for (ObjectNode dataSet : rendered.dataSets()) {
      String id = dataSet.path("DataSetId").asText();
      Optional<ObjectNode> schedule = Optional.ofNullable(rendered.refreshSchedules().get(id));
      if (schedule.isEmpty()) {
        removeSchedule(id); // DIRECT_QUERY: a schedule would keep refreshing nothing
      }
      dataSet(dataSet);
      if (schedule.isPresent()) {
        schedule(id, schedule.get());
      }
    }
    analysis(rendered.analysis());
    dashboard(rendered.dashboard());
    return new Outcome(List.copyOf(changes));
  }

  // ---------------------------------------------------------------- data source

  private void dataSource(ObjectNode desired) throws InterruptedException {
    String id = desired.path("DataSourceId").asText();
    Optional<DataSource> existing =
        optional(
            () ->
                quickSight
                    .describeDataSource(r -> r.awsAccountId(target.accountId()).dataSourceId(id))
                    .dataSource());
    if (existing.isEmpty()) {
      call(
          "create data source " + id,
          () ->
              quickSight.createDataSource(
                  SdkJson.toPojo(desired, CreateDataSourceRequest.class, "data source " + id)));
      waitForDataSource(id);
      record("data source", id, Action.CREATED, "");
    } else {
      ObjectNode held = SdkJson.toJson(existing.get());
      String roleArn = "/DataSourceParameters/AthenaParameters/RoleArn";
      boolean same =
          Definitions.contains(held.get("Name"), desired.get("Name"))
              && Definitions.contains(
                  held.get("DataSourceParameters"), desired.get("DataSourceParameters"))
              // Dropping --data-source-role is a change too: containment alone would keep the role.
              && held.at(roleArn).asText("").equals(desired.at(roleArn).asText(""));
      if (same) {
        record("data source", id, Action.UNCHANGED, "");
      } else {
        call(
            "update data source " + id,
            () ->
                quickSight.updateDataSource(
                    SdkJson.toPojo(
                        SdkJson.project(desired, UpdateDataSourceRequest.class),
                        UpdateDataSourceRequest.class,
                        "data source " + id)));
        waitForDataSource(id);
        record("data source", id, Action.UPDATED, "");
      }
    }
    permissions(
        "data source",
        id,
        desired,
        () ->
            quickSight
                .describeDataSourcePermissions(
                    r -> r.awsAccountId(target.accountId()).dataSourceId(id))
                .permissions(),
        grant ->
            quickSight.updateDataSourcePermissions(
                r -> r.awsAccountId(target.accountId()).dataSourceId(id).grantPermissions(grant)));
  }

  private void waitForDataSource(String id) throws InterruptedException {
    poll(
        "data source " + id,
        () -> {
          DataSource source =
              quickSight
                  .describeDataSource(r -> r.awsAccountId(target.accountId()).dataSourceId(id))
                  .dataSource();
          String status = source.statusAsString();
          String error =
              source.errorInfo() == null
                  ? ""
                  : source.errorInfo().typeAsString() + ": " + source.errorInfo().message();
          return new Status(status, error);
        });
  }

  // ---------------------------------------------------------------- data sets and schedules

  private void dataSet(ObjectNode desired) {
    String id = desired.path("DataSetId").asText();
    Optional<DataSet> existing =
        optional(
            () ->
                quickSight
                    .describeDataSet(r -> r.awsAccountId(target.accountId()).dataSetId(id))
                    .dataSet());
    if (existing.isEmpty()) {
      CreateDataSetResponse created =
          call(
              "create data set " + id,
              () ->
                  quickSight.createDataSet(
                      SdkJson.toPojo(desired, CreateDataSetRequest.class, "data set " + id)));
      record(
          "data set",
          id,
          Action.CREATED,
          created.ingestionId() == null
              ? ""
              : "first SPICE load: ingestion " + created.ingestionId());
    } else {
      ObjectNode held = SdkJson.toJson(existing.get());
      if (desired.has("DataPrepConfiguration") && !held.has("DataPrepConfiguration")) {
        throw new DashboardException(
            "data set "
                + id
                + " was created by an earlier smgov in QuickSight's legacy data preparation form,"
                + " which QuickSight does not convert in place: delete it (aws quicksight"
                + " delete-data-set --data-set-id "
                + id
                + ") and apply again, which recreates it and its analysis and dashboard");
      }
      if (desired.has("UseAs") && !desired.path("UseAs").equals(held.path("UseAs"))) {
        throw new DashboardException(
            "data set "
                + id
                + " exists but is not a "
                + desired.path("UseAs").asText()
                + " data set; QuickSight cannot change that: delete it, then apply again");
      }
      boolean heldRls =
          held.path("SemanticModelConfiguration").toString().contains("RowLevelPermissionDataSet")
              || held.hasNonNull("RowLevelPermissionDataSet");
      boolean desiredRls =
          desired
              .path("SemanticModelConfiguration")
              .toString()
              .contains("RowLevelPermissionDataSet");
      boolean same = heldRls == desiredRls;
      for (String member :
          List.of(
              "Name",
              "ImportMode",
              "PhysicalTableMap",
              "DataPrepConfiguration",
              "SemanticModelConfiguration")) {
        same &= Definitions.contains(held.get(member), desired.get(member));
      }
      if (same) {
        record("data set", id, Action.UNCHANGED, "");
      } else {
        call(
            "update data set " + id,
            () ->
                quickSight.updateDataSet(
                    SdkJson.toPojo(
                        SdkJson.project(desired, UpdateDataSetRequest.class),
                        UpdateDataSetRequest.class,
                        "data set " + id)));
        record("data set", id, Action.UPDATED, "");
      }
    }
    permissions(
        "data set",
        id,
        desired,
        () ->
            quickSight
                .describeDataSetPermissions(r -> r.awsAccountId(target.accountId()).dataSetId(id))
                .permissions(),
        grant ->
            quickSight.updateDataSetPermissions(
                r -> r.awsAccountId(target.accountId()).dataSetId(id).grantPermissions(grant)));
  }

  private void schedule(String dataSetId, ObjectNode desired) {
    String scheduleId = desired.path("ScheduleId").asText();
    RefreshSchedule schedule =
        SdkJson.toPojo(desired, RefreshSchedule.class, "refresh schedule of " + dataSetId);
    Optional<RefreshSchedule> existing =
        schedules(dataSetId).stream().filter(s -> s.scheduleId().equals(scheduleId)).findFirst();
    String kind = "refresh schedule";
    String id = dataSetId + "/" + scheduleId;
    if (existing.isEmpty()) {
      call(
          "create " + kind + " " + id,
          () ->
              quickSight.createRefreshSchedule(
                  r -> r.awsAccountId(target.accountId()).dataSetId(dataSetId).schedule(schedule)));
      record(kind, id, Action.CREATED, describe(schedule));
    } else if (Definitions.contains(SdkJson.toJson(existing.get()), desired)) {
      record(kind, id, Action.UNCHANGED, "");
    } else {
      call(
          "update " + kind + " " + id,
          () ->
              quickSight.updateRefreshSchedule(
                  r -> r.awsAccountId(target.accountId()).dataSetId(dataSetId).schedule(schedule)));
      record(kind, id, Action.UPDATED, describe(schedule));
    }
  }

  private void removeSchedule(String dataSetId) {
    String scheduleId = manifest.refreshSchedule().id();
    boolean exists = schedules(dataSetId).stream().anyMatch(s -> s.scheduleId().equals(scheduleId));
    if (exists) {
      call(
          "delete refresh schedule " + dataSetId + "/" + scheduleId,
          () ->
              quickSight.deleteRefreshSchedule(
                  r ->
                      r.awsAccountId(target.accountId())
                          .dataSetId(dataSetId)
                          .scheduleId(scheduleId)));
      record(
          "refresh schedule",
          dataSetId + "/" + scheduleId,
          Action.DELETED,
          "DIRECT_QUERY data sets are not refreshed");
    }
  }

  private List<RefreshSchedule> schedules(String dataSetId) {
    return optional(
            () ->
                quickSight
                    .listRefreshSchedules(
                        r -> r.awsAccountId(target.accountId()).dataSetId(dataSetId))
                    .refreshSchedules())
        .orElse(List.of());
  }

  private static String describe(RefreshSchedule schedule) {
    return schedule.scheduleFrequency().intervalAsString()
        + " at "
        + schedule.scheduleFrequency().timeOfTheDay()
        + " "
        + schedule.scheduleFrequency().timezone();
  }

  // ---------------------------------------------------------------- analysis

  private void analysis(ObjectNode desired) throws InterruptedException {
    String id = desired.path("AnalysisId").asText();
    JsonNode definition =
        normalized(desired.get("Definition"), CreateAnalysisRequest.class, "Definition");
    String sent = Definitions.sha256(definition);
    Optional<String> arn =
        optional(
            () ->
                quickSight
                    .describeAnalysis(r -> r.awsAccountId(target.accountId()).analysisId(id))
                    .analysis()
                    .arn());
    if (arn.isEmpty()) {
      ObjectNode request = desired.deepCopy();
      request.set("Tags", tags(Map.of(TAG_SENT, sent)));
      call(
          "create analysis " + id,
          () ->
              quickSight.createAnalysis(
                  SdkJson.toPojo(request, CreateAnalysisRequest.class, "analysis " + id)));
      waitForAnalysis(id);
      tag(
          target.arn("analysis/" + id),
          Map.of(TAG_SENT, sent, TAG_HELD, Definitions.sha256(analysisDefinition(id))));
      record("analysis", id, Action.CREATED, "");
    } else {
      Map<String, String> tags = tagsOf(arn.get());
      JsonNode held = analysisDefinition(id);
      boolean edited = !Definitions.sha256(held).equals(tags.get(TAG_HELD));
      if (decide("analysis", id, edited, sent.equals(tags.get(TAG_SENT)), held, definition)) {
        call(
            "update analysis " + id,
            () ->
                quickSight.updateAnalysis(
                    SdkJson.toPojo(
                        SdkJson.project(desired, UpdateAnalysisRequest.class),
                        UpdateAnalysisRequest.class,
                        "analysis " + id)));
        waitForAnalysis(id);
        tag(
            arn.get(),
            Map.of(TAG_SENT, sent, TAG_HELD, Definitions.sha256(analysisDefinition(id))));
        record(
            "analysis",
            id,
            Action.UPDATED,
            edited ? "overwrote the edits made in QuickSight (--force)" : "");
      }
    }
    permissions(
        "analysis",
        id,
        desired,
        () ->
            quickSight
                .describeAnalysisPermissions(r -> r.awsAccountId(target.accountId()).analysisId(id))
                .permissions(),
        grant ->
            quickSight.updateAnalysisPermissions(
                r -> r.awsAccountId(target.accountId()).analysisId(id).grantPermissions(grant)));
  }

  private JsonNode analysisDefinition(String id) {
    return SdkJson.toJson(
        call(
            "describe analysis definition " + id,
            () ->
                quickSight
                    .describeAnalysisDefinition(
                        r -> r.awsAccountId(target.accountId()).analysisId(id))
                    .definition()));
  }

  private void waitForAnalysis(String id) throws InterruptedException {
    poll(
        "analysis " + id,
        () -> {
          var analysis =
              quickSight
                  .describeAnalysis(r -> r.awsAccountId(target.accountId()).analysisId(id))
                  .analysis();
          return new Status(
              analysis.statusAsString(),
              errors(
                  analysis.errors(),
                  AnalysisError::typeAsString,
                  AnalysisError::message,
                  e -> e.violatedEntities().stream().map(v -> v.path()).toList()));
        });
  }

  // ---------------------------------------------------------------- dashboard

  private void dashboard(ObjectNode desired) throws InterruptedException {
    String id = desired.path("DashboardId").asText();
    JsonNode definition =
        normalized(desired.get("Definition"), CreateDashboardRequest.class, "Definition");
    String sent = Definitions.sha256(definition);
    Optional<Dashboard> existing =
        optional(
            () ->
                quickSight
                    .describeDashboard(r -> r.awsAccountId(target.accountId()).dashboardId(id))
                    .dashboard());
    if (existing.isEmpty()) {
      ObjectNode request = desired.deepCopy();
      request.set("Tags", tags(Map.of(TAG_SENT, sent)));
      call(
          "create dashboard " + id,
          () ->
              quickSight.createDashboard(
                  SdkJson.toPojo(request, CreateDashboardRequest.class, "dashboard " + id)));
      waitForDashboard(id, 1L);
      tag(
          target.arn("dashboard/" + id),
          Map.of(
              TAG_SENT,
              sent,
              TAG_HELD,
              Definitions.sha256(dashboardDefinition(id)),
              TAG_VERSION,
              "1"));
      record("dashboard", id, Action.CREATED, "version 1 published");
    } else {
      String arn = existing.get().arn();
      Map<String, String> tags = tagsOf(arn);
      long published = existing.get().version().versionNumber();
      JsonNode held = dashboardDefinition(id);
      boolean edited =
          !Definitions.sha256(held).equals(tags.get(TAG_HELD))
              || !String.valueOf(published).equals(tags.get(TAG_VERSION));
      if (decide("dashboard", id, edited, sent.equals(tags.get(TAG_SENT)), held, definition)) {
        String versionArn =
            call(
                "update dashboard " + id,
                () ->
                    quickSight
                        .updateDashboard(
                            SdkJson.toPojo(
                                SdkJson.project(desired, UpdateDashboardRequest.class),
                                UpdateDashboardRequest.class,
                                "dashboard " + id))
                        .versionArn());
        long version = Long.parseLong(versionArn.substring(versionArn.lastIndexOf('/') + 1));
        waitForDashboard(id, version);
        call(
            "publish dashboard " + id + " version " + version,
            () ->
                quickSight.updateDashboardPublishedVersion(
                    r ->
                        r.awsAccountId(target.accountId()).dashboardId(id).versionNumber(version)));
        tag(
            arn,
            Map.of(
                TAG_SENT,
                sent,
                TAG_HELD,
                Definitions.sha256(dashboardDefinition(id)),
                TAG_VERSION,
                String.valueOf(version)));
        record(
            "dashboard",
            id,
            Action.UPDATED,
            "version "
                + version
                + " published"
                + (edited
                    ? "; overwrote version " + published + ", edited in QuickSight (--force)"
                    : ""));
      }
    }
    permissions(
        "dashboard",
        id,
        desired,
        () ->
            quickSight
                .describeDashboardPermissions(
                    r -> r.awsAccountId(target.accountId()).dashboardId(id))
                .permissions(),
        grant ->
            quickSight.updateDashboardPermissions(
                r -> r.awsAccountId(target.accountId()).dashboardId(id).grantPermissions(grant)));
  }

  private JsonNode dashboardDefinition(String id) {
    return SdkJson.toJson(
        call(
            "describe dashboard definition " + id,
            () ->
                quickSight
                    .describeDashboardDefinition(
                        r -> r.awsAccountId(target.accountId()).dashboardId(id))
                    .definition()));
  }

  private void waitForDashboard(String id, long version) throws InterruptedException {
    poll(
        "dashboard " + id + " version " + version,
        () -> {
          DashboardVersion v =
              quickSight
                  .describeDashboard(
                      r ->
                          r.awsAccountId(target.accountId()).dashboardId(id).versionNumber(version))
                  .dashboard()
                  .version();
          return new Status(
              v.statusAsString(),
              errors(
                  v.errors(),
                  DashboardError::typeAsString,
                  DashboardError::message,
                  e -> e.violatedEntities().stream().map(x -> x.path()).toList()));
        });
  }

  /**
   * Whether to send the definition: not when QuickSight already holds what smgov sent last (and
   * sends now), nor over edits made in QuickSight unless forced.
   */
  private boolean decide(
      String kind, String id, boolean edited, boolean nothingNew, JsonNode held, JsonNode desired) {
    if (!edited && nothingNew) {
      record(kind, id, Action.UNCHANGED, "");
      return false;
    }
    if (edited && nothingNew && !options.force()) {
      record(
          kind,
          id,
          Action.KEPT,
          "edited in QuickSight since smgov applied it, and smgov has nothing new; the edits stay");
      return false;
    }
    if (edited && !options.force()) {
      List<String> differences = Definitions.differences(held, desired);
      record(
          kind,
          id,
          Action.CONFLICT,
          "edited in QuickSight since smgov applied it; not overwritten (--force overwrites). What differs: "
              + (differences.isEmpty()
                  ? "members QuickSight added"
                  : String.join("; ", differences)));
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- shared

  /**
   * The principal holds every action smgov grants; missing ones are granted, nothing is revoked.
   */
  private void permissions(
      String kind,
      String id,
      ObjectNode desired,
      Supplier<List<ResourcePermission>> describe,
      Consumer<List<ResourcePermission>> update) {
    Set<String> wanted = new LinkedHashSet<>();
    desired.path("Permissions").path(0).path("Actions").forEach(a -> wanted.add(a.asText()));
    Set<String> held = new LinkedHashSet<>();
    call("describe " + kind + " permissions " + id, describe::get).stream()
        .filter(p -> p.principal().equals(target.principalArn()))
        .forEach(p -> held.addAll(p.actions()));
    wanted.removeAll(held);
    if (!wanted.isEmpty()) {
      call(
          "grant " + kind + " permissions " + id,
          () -> {
            update.accept(
                List.of(
                    ResourcePermission.builder()
                        .principal(target.principalArn())
                        .actions(wanted)
                        .build()));
            return null;
          });
      progress.accept(
          "  "
              + kind
              + " "
              + id
              + ": granted "
              + target.principalArn()
              + " "
              + wanted.size()
              + " actions");
    }
  }

  private Map<String, String> tagsOf(String arn) {
    Map<String, String> tags = new HashMap<>();
    call(
            "list tags of " + arn,
            () -> quickSight.listTagsForResource(r -> r.resourceArn(arn)).tags())
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private void tag(String arn, Map<String, String> values) {
    List<Tag> tags = new ArrayList<>();
    values.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    call("tag " + arn, () -> quickSight.tagResource(r -> r.resourceArn(arn).tags(tags)));
  }

  private static ArrayNode tags(Map<String, String> values) {
    ArrayNode tags = JsonNodeFactory.instance.arrayNode();
    values.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
    return tags;
  }

  /**
   * The definition as QuickSight will hold it: through the SDK's model and back, so fingerprints
   * compare.
   */
  private static JsonNode normalized(
      JsonNode definition, Class<? extends SdkPojo> request, String member) {
    ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
    wrapper.set(member, definition);
    return SdkJson.toJson(SdkJson.toPojo(wrapper, request, "quicksight/definition.json"))
        .get(member);
  }

  private record Status(String status, String errors) {}

  private void poll(String what, Supplier<Status> describe) throws InterruptedException {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (true) {
      Status status = call("describe " + what, describe::get);
      if (status.status() != null && status.status().endsWith("_SUCCESSFUL")) {
        return;
      }
      if (status.status() != null && status.status().endsWith("_FAILED")) {
        throw new DashboardException(
            "QuickSight could not "
                + (status.status().startsWith("CREATION") ? "create " : "update ")
                + what
                + ": "
                + (status.errors().isEmpty() ? status.status() : status.errors()));
      }
      if (System.nanoTime() > deadline) {
        throw new DashboardException(
            what
                + " is still "
                + status.status()
                + " after "
                + options.timeout().toSeconds()
                + " s; look at it in the QuickSight console, then apply again");
      }
      Thread.sleep(options.pollInterval().toMillis());
    }
  }

  private static <E> String errors(
      List<E> errors,
      Function<E, String> type,
      Function<E, String> message,
      Function<E, List<String>> paths) {
    List<String> out = new ArrayList<>();
    for (E error : errors) {
      List<String> where = paths.apply(error);
      out.add(
          type.apply(error)
              + ": "
              + message.apply(error)
              + (where.isEmpty() ? "" : " at " + String.join(", ", where)));
    }
    return String.join("; ", out);
  }

  private void record(String kind, String id, Action action, String detail) {
    Change change = new Change(kind, id, action, detail);
    changes.add(change);
    progress.accept("  " + change);
  }

  /** A Describe of something that may not exist yet. */
  private static <T> Optional<T> optional(Supplier<T> describe) {
    try {
      return Optional.ofNullable(describe.get());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (QuickSightException e) {
      throw new DashboardException(
          "QuickSight refused a describe: "
              + e.awsErrorDetails().errorCode()
              + ": "
              + e.awsErrorDetails().errorMessage());
    }
  }

  /** One QuickSight call; a refusal becomes an error naming the call and QuickSight's reason. */
  private static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (QuickSightException e) {
      throw new DashboardException(
          "QuickSight refused to "
              + what
              + ": "
              + e.awsErrorDetails().errorCode()
              + ": "
              + e.awsErrorDetails().errorMessage());
    }
  }
}
