package io.smgov.run;

import static io.smgov.run.ExportTest.comparable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.model.ReadStrategy;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.simulator.RequestLog;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strategies, fallbacks, refreshes, failures and cost, each against a baseline Search export. */
class ExportScenariosTest {
  static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          3, List.of("eu-west-1"), 4, 5, 21L, PortfolioGenerator.DEFAULT_AS_OF);
  static final String DAY1 = "2026-11-01T06:00:00Z";
  static final String A = PortfolioGenerator.accountId(0);
  static final String B = PortfolioGenerator.accountId(1);

  @TempDir static Path baseline;
  static ExportFixture fixture;

  @BeforeAll
  static void exportBaseline() throws Exception {
    fixture = ExportFixture.start(SPEC);
    fixture.export(baseline, DAY1);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static ExportFixture edited(Consumer<ObjectNode> edit) {
    return ExportFixture.start(SPEC, edit, Optional.empty());
  }

  private static void denyEverywhere(ObjectNode document, String... actions) {
    document
        .path("roles")
        .fields()
        .forEachRemaining(
            account -> {
              ArrayNode denied =
                  ((ObjectNode) account.getValue().path(PortfolioGenerator.READER_ROLE))
                      .putArray("DeniedActions");
              for (String action : actions) {
                denied.add(action);
              }
            });
  }

  private static void assertSameRows(Path warehouse, List<TableSpec<?>> tables) {
    for (TableSpec<?> table : tables) {
      assertThat(comparable(Warehouses.rows(warehouse, table.name())))
          .as(table.name())
          .isEqualTo(comparable(Warehouses.rows(baseline, table.name())));
    }
  }

  private static final List<TableSpec<?>> REGISTRY_TABLES =
      List.of(
          Tables.MODEL_PACKAGE_GROUPS,
          Tables.MODEL_PACKAGES,
          Tables.METRIC_REPORTS,
          Tables.MODEL_METRICS,
          Tables.RESOURCE_TAGS,
          Tables.MODEL_LINEAGE,
          Tables.ENDPOINT_DEPLOYMENTS);

  @Test
  void theListStrategyWritesTheSameRowsAsSearch(@TempDir Path warehouse) throws Exception {
    fixture.requests().clear();
    fixture.export(fixture.options(warehouse.toString(), DAY1).strategy("list"));
    assertSameRows(warehouse, Tables.DATA_TABLES);
    assertThat(fixture.requests().entries()).noneMatch(e -> e.operation().equals("Search"));
    assertThat(fixture.requests().count(e -> e.operation().equals("DescribeModelPackage")))
        .isEqualTo((long) SPEC.totalVersions());
  }

  @Test
  void whereSearchIsDeniedTheListStrategyTakesOver(@TempDir Path warehouse) throws Exception {
    try (ExportFixture denied = edited(d -> denyEverywhere(d, "sagemaker:Search"))) {
      ExportJob.Outcome outcome = denied.export(warehouse, DAY1);
      assertSameRows(warehouse, REGISTRY_TABLES);
      assertThat(outcome.runs())
          .allSatisfy(
              r -> {
                assertThat(r.strategy()).isEqualTo(ReadStrategy.LIST);
                assertThat(r.warnings()).contains("Search is denied");
              });
    }
  }

  @Test
  void whereBulkLineageListingIsDeniedQueryLineageGivesTheSameLineage(@TempDir Path warehouse)
      throws Exception {
    try (ExportFixture denied = edited(d -> denyEverywhere(d, "sagemaker:ListAssociations"))) {
      ExportJob.Outcome outcome = denied.export(warehouse, DAY1);
      assertSameRows(warehouse, List.of(Tables.MODEL_LINEAGE));
      assertThat(outcome.runs())
          .allSatisfy(
              r -> {
                assertThat(r.lineageQueried()).isEqualTo((long) SPEC.groups() * SPEC.versions());
                assertThat(r.warnings()).contains("QueryLineage");
                assertThat(r.lineageListed()).isZero();
              });
      // Entities listed before the denied ListAssociations are not a graph: nothing half is
      // written.
      assertThat(Warehouses.rows(warehouse, Tables.LINEAGE_ENTITIES.name())).isEmpty();
      assertThat(Warehouses.rows(warehouse, Tables.LINEAGE_ASSOCIATIONS.name())).isEmpty();
      assertThat(denied.requests().count(e -> e.operation().equals("QueryLineage")))
          .isEqualTo((long) SPEC.totalVersions());
      // The next day, versions already walked keep their lineage: nothing is queried again.
      denied.requests().clear();
      denied.export(warehouse, "2026-11-02T06:00:00Z");
      assertThat(denied.requests().count(e -> e.operation().equals("QueryLineage"))).isZero();
    }
  }

  @Test
  void aRefusedRoleFailsThatAccountOnlyAndIsRecorded(@TempDir Path warehouse) throws Exception {
    try (ExportFixture refused =
        edited(
            d ->
                ((ObjectNode) d.path("roles").path(B).path(PortfolioGenerator.READER_ROLE))
                    .put("ExternalId", "rotated"))) {
      ExportJob.Outcome outcome = refused.export(warehouse, DAY1);
      assertThat(outcome.anyFailed() && !outcome.allFailed())
          .as("partial: some, not all, failed")
          .isTrue();
      assertThat(
              warehouse.resolve(
                  "model_packages/snapshot_date=2026-11-01/region=eu-west-1/" + B + ".parquet"))
          .doesNotExist();
      assertThat(
              warehouse.resolve(
                  "model_packages/snapshot_date=2026-11-01/region=eu-west-1/" + A + ".parquet"))
          .exists();
      List<Map<String, Object>> runs = Warehouses.rows(warehouse, Tables.EXPORT_RUNS.name());
      assertThat(runs).hasSize(3);
      Map<String, Object> failed =
          runs.stream().filter(r -> B.equals(r.get("account_id"))).findFirst().orElseThrow();
      assertThat(failed.get("status")).isEqualTo("failed");
      assertThat(failed.get("error_kind")).isEqualTo("access_denied");
      assertThat((String) failed.get("error_message")).contains("sts:AssumeRole");
    }
  }

  @Test
  void aWriteThatFailsFailsThatAccountOnlyAndIsRecorded(@TempDir Path warehouse) throws Exception {
    // Where B's endpoint_deployments object goes there is a directory: the file cannot be stored.
    Path blocked =
        warehouse.resolve(
            "endpoint_deployments/snapshot_date=2026-11-01/region=eu-west-1/" + B + ".parquet");
    Files.createDirectories(blocked);
    Files.writeString(blocked.resolve("in-the-way"), "not a parquet file");
    ExportJob.Outcome outcome = fixture.export(warehouse, DAY1);
    assertThat(outcome.anyFailed() && !outcome.allFailed())
        .as("partial: some, not all, failed")
        .isTrue();
    List<Map<String, Object>> runs = Warehouses.rows(warehouse, Tables.EXPORT_RUNS.name());
    assertThat(runs)
        .extracting(r -> r.get("account_id") + " " + r.get("status"))
        .containsExactlyInAnyOrder(
            A + " succeeded", B + " failed", PortfolioGenerator.accountId(2) + " succeeded");
    Map<String, Object> failed =
        runs.stream().filter(r -> B.equals(r.get("account_id"))).findFirst().orElseThrow();
    assertThat((String) failed.get("error_message")).startsWith("storing endpoint_deployments: ");
    assertThat(failed.get("rows_model_packages")).isNull();
    // The others are whole; B's snapshot is not current (latest_snapshot skips failed runs).
    for (String account : List.of(A, PortfolioGenerator.accountId(2))) {
      assertThat(
              warehouse.resolve(
                  "endpoint_deployments/snapshot_date=2026-11-01/region=eu-west-1/"
                      + account
                      + ".parquet"))
          .isRegularFile();
    }
    // Some of B's objects of that day were replaced before the failure: that day is no baseline. A
    // group refresh of B (which carries everything else forward) finds none and reads everything.
    Files.delete(blocked.resolve("in-the-way"));
    Files.delete(blocked);
    String group =
        fixture
            .region(B, "eu-west-1")
            .path("modelPackageGroups")
            .get(0)
            .path("ModelPackageGroupName")
            .asText();
    ExportJob.Outcome again =
        fixture.export(
            fixture
                .options(warehouse.toString(), "2026-11-01T09:00:00Z")
                .accounts(B)
                .groups(List.of(group)));
    assertThat(again.anyFailed()).as("nothing failed").isFalse();
    for (TableSpec<?> table :
        List.of(Tables.ENDPOINT_DEPLOYMENTS, Tables.ENDPOINT_METRICS, Tables.MODEL_PACKAGES)) {
      assertThat(
              Warehouses.rows(warehouse, table.name()).stream()
                  .filter(r -> B.equals(r.get("account_id"))))
          .as(table.name())
          .hasSize(
              (int)
                  Warehouses.rows(baseline, table.name()).stream()
                      .filter(r -> B.equals(r.get("account_id")))
                      .count());
    }
  }

  @Test
  void aGroupRefreshReadsThatGroupAuthoritativelyAndCarriesTheRest(@TempDir Path warehouse)
      throws Exception {
    fixture.export(warehouse, DAY1);
    String group =
        fixture
            .region(A, "eu-west-1")
            .path("modelPackageGroups")
            .get(1)
            .path("ModelPackageGroupName")
            .asText();
    ObjectNode[] changed = new ObjectNode[1];
    try (ExportFixture approved =
        edited(
            d -> {
              for (var p : d.path("accounts").path(A).path("eu-west-1").path("modelPackages")) {
                if (p.path("ModelPackageGroupName").asText().equals(group) && changed[0] == null) {
                  changed[0] = (ObjectNode) p;
                  ((ObjectNode) p).put("ModelApprovalStatus", "Rejected");
                  ((ObjectNode) p)
                      .put("ApprovalDescription", "Rejected after the audit of 2026-11-01");
                }
              }
            })) {
      approved.export(
          approved
              .options(warehouse.toString(), "2026-11-01T09:00:00Z")
              .accounts(A)
              .groups(List.of(group)));
      List<RequestLog.Entry> calls = approved.requests().entries();
      assertThat(calls)
          .noneMatch(e -> e.operation().equals("Search") || e.operation().equals("GetObject"));
      assertThat(calls.stream().filter(e -> e.operation().equals("DescribeModelPackage")))
          .hasSize(SPEC.versions())
          .allSatisfy(e -> assertThat(e.resource()).contains("/" + group + "/"));
      List<Map<String, Object>> versions = Warehouses.rows(warehouse, Tables.MODEL_PACKAGES.name());
      assertThat(versions).hasSize(SPEC.totalVersions());
      String arn = changed[0].path("ModelPackageArn").asText();
      assertThat(
              versions.stream()
                  .filter(r -> arn.equals(r.get("model_package_arn")))
                  .findFirst()
                  .orElseThrow())
          .containsEntry("approval_status", "Rejected")
          .containsEntry("approval_description", "Rejected after the audit of 2026-11-01");
      for (TableSpec<?> table :
          List.of(
              Tables.METRIC_REPORTS,
              Tables.MODEL_METRICS,
              Tables.MODEL_LINEAGE,
              Tables.ENDPOINT_DEPLOYMENTS,
              Tables.RESOURCE_TAGS)) {
        assertThat(Warehouses.rows(warehouse, table.name()))
            .as(table.name())
            .hasSameSizeAs(Warehouses.rows(baseline, table.name()));
      }
      List<Map<String, Object>> runs =
          Warehouses.rows(warehouse, Tables.EXPORT_RUNS.name()).stream()
              .filter(r -> A.equals(r.get("account_id")))
              .toList();
      assertThat(runs).extracting(r -> r.get("mode")).containsExactlyInAnyOrder("full", "groups");
    }
  }

  /** A model package state change as EventBridge delivers it, naming one version. */
  private static ObjectNode stateChange(String id, String account, String arn, String status) {
    ObjectNode event = new ObjectMapper().createObjectNode();
    event
        .put("version", "0")
        .put("id", id)
        .put("detail-type", "SageMaker Model Package State Change")
        .put("source", "aws.sagemaker")
        .put("account", account)
        .put("region", "eu-west-1");
    event.putArray("resources").add(arn);
    event.putObject("detail").put("ModelPackageArn", arn).put("ModelApprovalStatus", status);
    return event;
  }

  private static List<Map<String, Object>> packages(Path warehouse, String date) {
    return Warehouses.rows(warehouse, Tables.MODEL_PACKAGES.name()).stream()
        .filter(r -> date.equals(String.valueOf(r.get("snapshot_date"))))
        .toList();
  }

  @Test
  void anApprovalEventReadsOnlyTheVersionItNames(@TempDir Path warehouse) throws Exception {
    fixture.export(warehouse, DAY1);
    JsonNode first = fixture.region(B, "eu-west-1").path("modelPackages").get(0);
    String arn = first.path("ModelPackageArn").asText();
    String group = first.path("ModelPackageGroupName").asText();
    try (ExportFixture rejected =
        edited(
            d -> {
              for (var p : d.path("accounts").path(B).path("eu-west-1").path("modelPackages")) {
                if (p.path("ModelPackageArn").asText().equals(arn)) {
                  ((ObjectNode) p)
                      .put("ModelApprovalStatus", "Rejected")
                      .put("ApprovalDescription", "Rejected: drift on the holdout set");
                }
              }
            })) {
      rejected.export(
          rejected
              .options(warehouse.toString(), "2026-11-01T10:00:00Z")
              .accounts(null)
              .event(stateChange("e-1", B, arn, "Rejected")));
      List<RequestLog.Entry> calls = rejected.requests().entries();
      // One version: described once, its tags listed once; nothing listed, nothing searched.
      assertThat(calls.stream().filter(e -> e.operation().equals("DescribeModelPackage")))
          .singleElement()
          .satisfies(e -> assertThat(e.resource()).isEqualTo(arn));
      assertThat(calls.stream().filter(e -> e.operation().equals("ListTags"))).hasSize(1);
      assertThat(calls)
          .noneMatch(
              e ->
                  e.operation().equals("ListModelPackages")
                      || e.operation().equals("Search")
                      || e.operation().equals("DescribeModelPackageGroup"));
      assertThat(calls)
          .filteredOn(e -> !e.service().equals("sts"))
          .allSatisfy(e -> assertThat(e.account()).isEqualTo(B));
      // The budget: at most 12 requests for one event, whatever the group's size or what the
      // account deploys: the role, the version and its tags, model cards, lineage since the
      // watermark; the deployed versions' artefacts are the next scheduled run's to check.
      assertThat(calls).noneMatch(e -> e.operation().equals("HeadObject"));
      assertThat(calls)
          .as(calls.stream().map(e -> e.service() + ":" + e.operation()).toList().toString())
          .hasSizeLessThanOrEqualTo(12);
      // The same event again: the version is read again, and nothing differs.
      rejected.export(
          rejected
              .options(warehouse.toString(), "2026-11-01T10:30:00Z")
              .accounts(null)
              .event(stateChange("e-1", B, arn, "Rejected")));
    }
    // The change marks the dashboard's refresh reads: the full export marked every table, the
    // event model_packages alone, later; the no-op event nothing.
    Map<String, Instant> marks =
        new LocalWarehouse(WarehouseLocation.parse(warehouse.toString())).changes();
    assertThat(marks.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(Tables.EXPORTED.stream(), Stream.of(Tables.PRICES))
                .map(TableSpec::name)
                .toList());
    assertThat(marks.get("model_packages")).isAfter(marks.get("endpoint_deployments"));
    // A refresh within the day adds a run row only export_health shows: export_runs is unmarked.
    assertThat(marks.get("export_runs")).isBefore(marks.get("model_packages"));
    // What changed is recorded, for the dashboard's refresh: the version's row, then nothing.
    assertThat(Warehouses.rows(warehouse, Tables.EXPORT_RUNS.name()))
        .filteredOn(r -> B.equals(r.get("account_id")))
        .extracting(r -> r.get("mode") + ":" + r.get("changed_tables"))
        .containsExactlyInAnyOrder("full:null", "versions:model_packages", "versions:");
    List<Map<String, Object>> now = packages(warehouse, "2026-11-01");
    assertThat(now).hasSameSizeAs(packages(baseline, "2026-11-01"));
    assertThat(now.stream().filter(r -> arn.equals(r.get("model_package_arn"))))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("approval_status")).isEqualTo("Rejected");
              assertThat(r.get("approval_description"))
                  .isEqualTo("Rejected: drift on the holdout set");
            });
    List<Map<String, Object>> runs =
        Warehouses.rows(warehouse, Tables.EXPORT_RUNS.name()).stream()
            .filter(r -> B.equals(r.get("account_id")) && "versions".equals(r.get("mode")))
            .toList();
    assertThat(runs)
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.get("refreshed_groups")).isEqualTo(group));
  }

  @Test
  void aBatchReadsEachVersionOnceLeavesTheNewestStateAndAddsAVersionTheSnapshotLacks(
      @TempDir Path warehouse) throws Exception {
    fixture.export(warehouse, DAY1);
    ArrayNode before = (ArrayNode) fixture.region(A, "eu-west-1").path("modelPackages");
    String arn = before.get(1).path("ModelPackageArn").asText();
    String group = before.get(1).path("ModelPackageGroupName").asText();
    String added =
        arn.substring(0, arn.lastIndexOf('/') + 1) + (SPEC.versions() + 1); // the next version
    try (ExportFixture later =
        edited(
            d -> {
              ArrayNode versions =
                  (ArrayNode) d.path("accounts").path(A).path("eu-west-1").path("modelPackages");
              for (var p : versions) {
                if (p.path("ModelPackageArn").asText().equals(arn)) {
                  ((ObjectNode) p).put("ModelApprovalStatus", "Rejected");
                  ObjectNode next = ((ObjectNode) p).deepCopy();
                  next.put("ModelPackageArn", added)
                      .put("ModelPackageVersion", SPEC.versions() + 1)
                      .put("ModelApprovalStatus", "PendingManualApproval");
                  next.remove("ApprovalDescription");
                  versions.add(next);
                  break;
                }
              }
            })) {
      ArrayNode batch = new ObjectMapper().createArrayNode();
      batch.add(stateChange("e-3", A, arn, "Rejected"));
      batch.add(stateChange("e-1", A, arn, "Approved")); // older, delivered later
      batch.add(stateChange("e-3", A, arn, "Rejected")); // a duplicate
      batch.add(stateChange("e-4", A, added, "PendingManualApproval"));
      later.export(
          later.options(warehouse.toString(), "2026-11-01T10:00:00Z").accounts(null).event(batch));
      assertThat(
              later.requests().entries().stream()
                  .filter(e -> e.operation().equals("DescribeModelPackage"))
                  .map(RequestLog.Entry::resource))
          .containsExactlyInAnyOrder(arn, added);
    }
    List<Map<String, Object>> now = packages(warehouse, "2026-11-01");
    assertThat(now).hasSize(packages(baseline, "2026-11-01").size() + 1);
    assertThat(now.stream().filter(r -> arn.equals(r.get("model_package_arn"))))
        .singleElement()
        .satisfies(r -> assertThat(r.get("approval_status")).isEqualTo("Rejected"));
    assertThat(now.stream().filter(r -> added.equals(r.get("model_package_arn"))))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("approval_status")).isEqualTo("PendingManualApproval");
              assertThat(r.get("group_name")).isEqualTo(group);
            });
    // Account B was not named: no run, its earlier snapshot stands.
    assertThat(Warehouses.rows(warehouse, Tables.EXPORT_RUNS.name()))
        .filteredOn(r -> B.equals(r.get("account_id")))
        .extracting(r -> r.get("mode"))
        .containsExactly("full");
  }

  @Test
  void anEndpointEventReadsOnlyTheEndpointsItNamesAndDropsOneThatIsGone(@TempDir Path warehouse)
      throws Exception {
    fixture.export(warehouse, DAY1);
    ArrayNode endpoints = (ArrayNode) fixture.region(B, "eu-west-1").path("endpoints");
    assertThat(endpoints).as("the estate has two endpoints to change").hasSizeGreaterThan(2);
    String failed = endpoints.get(0).path("EndpointName").asText();
    String deleted = endpoints.get(1).path("EndpointName").asText();
    try (ExportFixture later =
        edited(
            d -> {
              ArrayNode list =
                  (ArrayNode) d.path("accounts").path(B).path("eu-west-1").path("endpoints");
              ((ObjectNode) list.get(0))
                  .put("EndpointStatus", "Failed")
                  .put("FailureReason", "the update's image could not be pulled");
              list.remove(1);
            })) {
      ArrayNode batch = new ObjectMapper().createArrayNode();
      batch.add(endpointChange("e-1", B, failed));
      batch.add(endpointChange("e-2", B, deleted));
      batch.add(endpointChange("e-1", B, failed)); // a duplicate
      later.export(
          later.options(warehouse.toString(), "2026-11-01T10:00:00Z").accounts(null).event(batch));
      List<RequestLog.Entry> calls = later.requests().entries();
      // Each named endpoint described once (the deleted one answered "not found"); no other
      // endpoint, no listing, no search, no metrics.
      assertThat(calls.stream().filter(e -> e.operation().equals("DescribeEndpoint")))
          .extracting(RequestLog.Entry::status)
          .containsExactlyInAnyOrder(200, 400);
      assertThat(calls.stream().filter(e -> e.operation().equals("DescribeEndpoint")))
          .extracting(RequestLog.Entry::resource)
          .contains(failed);
      assertThat(calls)
          .noneMatch(
              e ->
                  List.of(
                          "ListEndpoints",
                          "Search",
                          "GetMetricData",
                          "DescribeAlarms",
                          "ListMonitoringSchedules",
                          "DescribeModelPackage",
                          "ListModelPackages")
                      .contains(e.operation()));
      assertThat(calls)
          .as(calls.stream().map(e -> e.service() + ":" + e.operation()).toList().toString())
          .hasSizeLessThanOrEqualTo(12);
    }
    List<Map<String, Object>> before = deployments(baseline);
    List<Map<String, Object>> now = deployments(warehouse);
    assertThat(now.stream().filter(r -> deleted.equals(r.get("endpoint_name")))).isEmpty();
    assertThat(now.stream().filter(r -> failed.equals(r.get("endpoint_name"))))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.get("endpoint_status")).isEqualTo("Failed"));
    // Every other endpoint's rows are the baseline's, carried.
    assertThat(
            comparable(now.stream().filter(r -> !failed.equals(r.get("endpoint_name"))).toList()))
        .containsExactlyInAnyOrderElementsOf(
            comparable(
                before.stream()
                    .filter(r -> !failed.equals(r.get("endpoint_name")))
                    .filter(r -> !deleted.equals(r.get("endpoint_name")))
                    .toList()));
    // The deleted endpoint's metrics go with it; the others' are carried.
    long deletedMetrics =
        Warehouses.rows(baseline, Tables.ENDPOINT_METRICS.name()).stream()
            .filter(r -> B.equals(r.get("account_id")) && deleted.equals(r.get("endpoint_name")))
            .count();
    assertThat(
            Warehouses.rows(warehouse, Tables.ENDPOINT_METRICS.name()).stream()
                .filter(r -> B.equals(r.get("account_id")))
                .filter(r -> "2026-11-01".equals(String.valueOf(r.get("snapshot_date")))))
        .hasSize(
            (int)
                (Warehouses.rows(baseline, Tables.ENDPOINT_METRICS.name()).stream()
                        .filter(r -> B.equals(r.get("account_id")))
                        .count()
                    - deletedMetrics));
    assertThat(Warehouses.rows(warehouse, Tables.EXPORT_RUNS.name()))
        .filteredOn(r -> B.equals(r.get("account_id")))
        .extracting(r -> r.get("mode"))
        .containsExactlyInAnyOrder("full", "endpoints");
    assertThat(Warehouses.rows(warehouse, Tables.EXPORT_RUNS.name()))
        .filteredOn(r -> "endpoints".equals(r.get("mode")))
        .singleElement()
        .satisfies(
            r ->
                assertThat(String.valueOf(r.get("changed_tables")).split(","))
                    .contains("endpoint_deployments", "endpoint_metrics")
                    .doesNotContain("model_packages", "model_lineage"));
  }

  /** An endpoint state change as EventBridge delivers it. */
  private static ObjectNode endpointChange(String id, String account, String name) {
    ObjectNode event = new ObjectMapper().createObjectNode();
    event
        .put("version", "0")
        .put("id", id)
        .put("detail-type", "SageMaker Endpoint State Change")
        .put("source", "aws.sagemaker")
        .put("account", account)
        .put("region", "eu-west-1");
    event
        .putArray("resources")
        .add("arn:aws:sagemaker:eu-west-1:" + account + ":endpoint/" + name.toLowerCase());
    event.putObject("detail").put("EndpointName", name).put("EndpointStatus", "UPDATING");
    return event;
  }

  /** Account B's endpoint_deployments rows of 2026-11-01. */
  private static List<Map<String, Object>> deployments(Path warehouse) {
    return Warehouses.rows(warehouse, Tables.ENDPOINT_DEPLOYMENTS.name()).stream()
        .filter(r -> B.equals(r.get("account_id")))
        .filter(r -> "2026-11-01".equals(String.valueOf(r.get("snapshot_date"))))
        .toList();
  }

  @Test
  void pipelineActionsAndContextsUpstreamOfAVersionAreItsLineageWhicheverWayItIsRead(
      @TempDir Path listed, @TempDir Path queried) throws Exception {
    String arn =
        fixture
            .region(A, "eu-west-1")
            .path("modelPackages")
            .get(0)
            .path("ModelPackageArn")
            .asText();
    Consumer<ObjectNode> pipeline =
        d -> {
          ObjectNode lineage =
              (ObjectNode) d.path("accounts").path(A).path("eu-west-1").path("lineage");
          String packageArtifact = null;
          for (var a : lineage.path("artifacts")) {
            if (a.path("Source").path("SourceUri").asText().equals(arn)) {
              packageArtifact = a.path("ArtifactArn").asText();
            }
          }
          String prefix = "arn:aws:sagemaker:eu-west-1:" + A + ":";
          ObjectNode action = ((ArrayNode) lineage.path("actions")).addObject();
          action
              .put("ActionArn", prefix + "action/register-step-1")
              .put("ActionName", "register-step-1")
              .put("ActionType", "ModelRegistration")
              .put("Status", "Completed")
              .put("CreationTime", 1_790_000_000L)
              .putObject("Source")
              .put("SourceUri", prefix + "pipeline/churn");
          ObjectNode context = ((ArrayNode) lineage.path("contexts")).addObject();
          context
              .put("ContextArn", prefix + "context/churn-execution-1")
              .put("ContextName", "churn-execution-1")
              .put("ContextType", "PipelineExecution")
              .put("CreationTime", 1_790_000_000L)
              .putObject("Source")
              .put("SourceUri", prefix + "pipeline/churn/execution/1");
          for (String[] edge :
              List.of(
                  new String[] {
                    prefix + "action/register-step-1",
                    packageArtifact,
                    "ModelRegistration",
                    "ModelPackage"
                  },
                  new String[] {
                    prefix + "context/churn-execution-1",
                    prefix + "action/register-step-1",
                    "PipelineExecution",
                    "ModelRegistration"
                  })) {
            ((ArrayNode) lineage.path("associations"))
                .addObject()
                .put("SourceArn", edge[0])
                .put("DestinationArn", edge[1])
                .put("SourceType", edge[2])
                .put("DestinationType", edge[3])
                .put("AssociationType", "ContributedTo")
                .put("CreationTime", 1_790_000_000L);
          }
        };
    try (ExportFixture bulk = edited(pipeline);
        ExportFixture query =
            edited(pipeline.andThen(d -> denyEverywhere(d, "sagemaker:ListAssociations")))) {
      bulk.export(listed, DAY1);
      query.export(queried, DAY1);
      assertThat(query.requests().entries())
          .extracting(RequestLog.Entry::operation)
          .contains("DescribeAction", "DescribeContext");
      List<Map<String, Object>> upstream =
          Warehouses.rows(listed, Tables.MODEL_LINEAGE.name()).stream()
              .filter(r -> arn.equals(r.get("model_package_arn")))
              .toList();
      assertThat(upstream)
          .extracting(
              r -> r.get("lineage_type") + " " + r.get("entity_type") + " " + r.get("depth"))
          .contains("Action ModelRegistration 1", "Context PipelineExecution 2");
      assertThat(comparable(Warehouses.rows(queried, Tables.MODEL_LINEAGE.name())))
          .isEqualTo(comparable(Warehouses.rows(listed, Tables.MODEL_LINEAGE.name())));
    }
  }

  @Test
  void anOrganizationalUnitsAccountsAreDiscoveredThroughItsTree(@TempDir Path warehouse)
      throws Exception {
    fixture.requests().clear();
    ExportJob.Outcome outcome =
        fixture.export(
            fixture.options(warehouse.toString(), DAY1).accounts("org:ou-smgv-mlworkloads"));
    assertThat(outcome.runs()).hasSize(fixture.accounts().size());
    assertThat(Warehouses.rows(warehouse, Tables.MODEL_PACKAGES.name()))
        .hasSize(SPEC.totalVersions());
    assertThat(fixture.requests().entries())
        .extracting(RequestLog.Entry::operation)
        .contains("ListOrganizationalUnitsForParent", "ListAccountsForParent");
  }

  @Test
  void theOrganizationsActiveAccountsAreDiscovered(@TempDir Path warehouse) throws Exception {
    ExportJob.Outcome outcome =
        fixture.export(fixture.options(warehouse.toString(), DAY1).accounts("org"));
    assertThat(outcome.runs()).hasSize(3);
    assertThat(fixture.requests().count(e -> e.operation().equals("ListAccounts"))).isPositive();
    assertThat(Warehouses.rows(warehouse, Tables.MODEL_PACKAGES.name()))
        .hasSize(SPEC.totalVersions());
  }

  @Test
  void sharedGroupsComeWithTheirOwnerAndVersions(@TempDir Path warehouse) throws Exception {
    try (ExportFixture shared =
        edited(
            d ->
                ((ObjectNode)
                        d.path("accounts")
                            .path(B)
                            .path("eu-west-1")
                            .path("modelPackageGroups")
                            .get(0))
                    .put(
                        "ResourcePolicy",
                        "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                            + A
                            + ":root\"},\"Action\":\"sagemaker:*\",\"Resource\":\"*\"}]}"))) {
      shared.export(shared.options(warehouse.toString(), DAY1).accounts(A).includeShared(true));
      List<Map<String, Object>> groups =
          Warehouses.rows(warehouse, Tables.MODEL_PACKAGE_GROUPS.name());
      assertThat(groups)
          .filteredOn(g -> Boolean.TRUE.equals(g.get("is_shared")))
          .singleElement()
          .satisfies(
              g -> {
                assertThat(g.get("owner_account_id")).isEqualTo(B);
                assertThat(g.get("account_id")).isEqualTo(A);
              });
      assertThat(Warehouses.rows(warehouse, Tables.MODEL_PACKAGES.name()))
          .filteredOn(p -> Boolean.TRUE.equals(p.get("is_shared")))
          .hasSize(SPEC.versions());
    }
  }
}
