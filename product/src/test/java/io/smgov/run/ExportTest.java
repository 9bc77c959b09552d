package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smgov.model.RunStatus;
import io.smgov.simulator.GeneratedEstate;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.simulator.RequestLog;
import io.smgov.source.CloudWatchMetrics;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.Warehouses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cold export, then a warm one, of a generated portfolio of three accounts and two regions: the
 * warehouse holds exactly what the portfolio holds, and the warm run reads nothing it already has.
 */
class ExportTest {
  static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          3, List.of("eu-west-1", "us-east-1"), 4, 6, 5L, PortfolioGenerator.DEFAULT_AS_OF);

  @TempDir static Path warehouse;
  static ExportFixture fixture;
  static ExportJob.Outcome cold;
  static List<RequestLog.Entry> coldRequests;
  static ExportJob.Outcome warm;
  static List<RequestLog.Entry> warmRequests;

  @BeforeAll
  static void exportTwice() throws Exception {
    fixture = ExportFixture.start(SPEC);
    cold = fixture.export(warehouse, "2026-11-01T06:00:00Z");
    coldRequests = fixture.requests().entries();
    fixture.requests().clear();
    warm = fixture.export(warehouse, "2026-11-02T06:00:00Z");
    warmRequests = fixture.requests().entries();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static List<Map<String, Object>> rows(TableSpec<?> table, String date) {
    return Warehouses.rows(warehouse, table.name(), date);
  }

  private static Iterable<JsonNode> each(String collection) {
    List<JsonNode> all = new ArrayList<>();
    for (String account : fixture.accounts()) {
      for (String region : SPEC.regions()) {
        fixture.region(account, region).path(collection).forEach(all::add);
      }
    }
    return all;
  }

  @Test
  void everyAccountAndRegionIsWrittenAsOneObjectPerTable() {
    assertThat(cold.runs())
        .hasSize(6)
        .allSatisfy(r -> assertThat(r.status()).isIn(RunStatus.SUCCEEDED, RunStatus.PARTIAL));
    assertThat(cold.anyFailed()).as("no account/region failed").isFalse();
    assertThat(cold.objectsWritten()).isEqualTo(6 * Tables.EXPORTED.size());
    assertThat(
            warehouse.resolve(
                "model_packages/snapshot_date=2026-11-01/region=us-east-1/222222222222.parquet"))
        .isRegularFile();
  }

  @Test
  void groupsAndVersionsAreExactlyThePortfolios() {
    Set<String> expected = new HashSet<>();
    each("modelPackageGroups").forEach(g -> expected.add(g.path("ModelPackageGroupArn").asText()));
    Set<Object> written = new HashSet<>();
    rows(Tables.MODEL_PACKAGE_GROUPS, "2026-11-01").forEach(r -> written.add(r.get("group_arn")));
    assertThat(written).isEqualTo(expected);

    Map<String, List<String>> expectedVersions = new TreeMap<>();
    for (JsonNode p : each("modelPackages")) {
      expectedVersions.put(
          p.path("ModelPackageArn").asText(),
          List.of(
              p.path("ModelApprovalStatus").asText(),
              p.path("ApprovalDescription").asText(""),
              identity(p.path("CreatedBy")),
              identity(p.path("LastModifiedBy")),
              p.path("ModelPackageVersion").asText()));
    }
    Map<String, List<String>> writtenVersions = new TreeMap<>();
    for (Map<String, Object> r : rows(Tables.MODEL_PACKAGES, "2026-11-01")) {
      writtenVersions.put(
          (String) r.get("model_package_arn"),
          List.of(
              (String) r.get("approval_status"),
              r.get("approval_description") == null ? "" : (String) r.get("approval_description"),
              (String) r.get("created_by"),
              (String) r.get("last_modified_by"),
              String.valueOf(r.get("version"))));
    }
    assertThat(writtenVersions).isEqualTo(expectedVersions);
  }

  private static String identity(JsonNode userContext) {
    String iam = userContext.path("IamIdentity").path("Arn").asText(null);
    return iam != null ? iam : userContext.path("UserProfileArn").asText(null);
  }

  @Test
  void tagsAndCustomerMetadataAreAllThere() {
    Map<String, Integer> expected = new TreeMap<>();
    each("modelPackageGroups")
        .forEach(g -> expected.merge("ModelPackageGroup/tag", g.path("Tags").size(), Integer::sum));
    for (JsonNode p : each("modelPackages")) {
      expected.merge("ModelPackage/tag", p.path("Tags").size(), Integer::sum);
      expected.merge(
          "ModelPackage/customer_metadata",
          p.path("CustomerMetadataProperties").size(),
          Integer::sum);
    }
    each("endpoints")
        .forEach(e -> expected.merge("Endpoint/tag", e.path("Tags").size(), Integer::sum));
    each("models").forEach(m -> expected.merge("Model/tag", m.path("Tags").size(), Integer::sum));
    Map<String, Integer> written = new TreeMap<>();
    for (Map<String, Object> r : rows(Tables.RESOURCE_TAGS, "2026-11-01")) {
      written.merge(r.get("resource_type") + "/" + r.get("origin"), 1, Integer::sum);
    }
    assertThat(written).isEqualTo(expected);
  }

  @Test
  void everyReportIsReadWithTheStatusItDeserves() {
    Map<String, String> expected = new TreeMap<>();
    for (JsonNode p : each("modelPackages")) {
      List<JsonNode> sections = new ArrayList<>();
      p.path("ModelMetrics").forEach(sections::add);
      p.path("DriftCheckBaselines").forEach(sections::add);
      sections.forEach(
          section ->
              section
                  .fields()
                  .forEachRemaining(
                      leaf -> {
                        String uri = leaf.getValue().path("S3Uri").asText();
                        JsonNode object = fixture.document.path("s3Objects").get(uri);
                        String status =
                            uri.contains("restricted-reports")
                                ? "access_denied"
                                : object == null
                                    ? "missing"
                                    : object.isTextual() ? "unparseable" : "ok";
                        expected.put(p.path("ModelPackageArn").asText() + " " + uri, status);
                      }));
    }
    Map<String, String> written = new TreeMap<>();
    long metrics = 0;
    for (Map<String, Object> r : rows(Tables.METRIC_REPORTS, "2026-11-01")) {
      written.put(r.get("model_package_arn") + " " + r.get("s3_uri"), (String) r.get("status"));
      if ("ok".equals(r.get("status"))) {
        assertThat(r.get("digest_matches")).isEqualTo(true);
        metrics += ((Number) r.get("metric_count")).longValue();
      }
    }
    assertThat(written).isEqualTo(expected);
    assertThat(expected.values()).contains("ok", "missing", "access_denied", "unparseable");
    assertThat(rows(Tables.MODEL_METRICS, "2026-11-01")).hasSize((int) metrics);
    // "NaN" standard deviations are nulls, never a crash.
    assertThat(rows(Tables.MODEL_METRICS, "2026-11-01"))
        .anySatisfy(r -> assertThat(r.get("standard_deviation")).isNull());
  }

  @Test
  void reportsDeniedOnTheFirstRunAreStillReportedDeniedOnTheNext() {
    // By hand from the portfolio: the report references under restricted-reports, per
    // account/region.
    Map<String, Integer> expected = new TreeMap<>();
    for (JsonNode p : each("modelPackages")) {
      String[] arn = p.path("ModelPackageArn").asText().split(":");
      List<JsonNode> sections = new ArrayList<>();
      p.path("ModelMetrics").forEach(sections::add);
      p.path("DriftCheckBaselines").forEach(sections::add);
      sections.forEach(
          section ->
              section
                  .fields()
                  .forEachRemaining(
                      leaf -> {
                        if (leaf.getValue().path("S3Uri").asText().contains("restricted-reports")) {
                          expected.merge(arn[4] + " " + arn[3], 1, Integer::sum);
                        }
                      }));
    }
    assertThat(expected).isNotEmpty();
    for (String date : List.of("2026-11-01", "2026-11-02")) {
      Map<String, Integer> warned = new TreeMap<>();
      for (Map<String, Object> run : rows(Tables.EXPORT_RUNS, date)) {
        Matcher m =
            Pattern.compile("(\\d+) metric reports could not be read \\(access denied\\)")
                .matcher(String.valueOf(run.get("warnings")));
        if (m.find()) {
          warned.put(run.get("account_id") + " " + run.get("region"), Integer.parseInt(m.group(1)));
          assertThat(run.get("status")).isEqualTo("partial");
        }
      }
      assertThat(warned).as(date).isEqualTo(expected);
    }
  }

  @Test
  void theWholeLineageGraphIsStoredAndEachVersionWalked() {
    int entities = 0;
    int associations = 0;
    for (String account : fixture.accounts()) {
      for (String region : SPEC.regions()) {
        JsonNode lineage = fixture.region(account, region).path("lineage");
        entities +=
            lineage.path("artifacts").size()
                + lineage.path("actions").size()
                + lineage.path("contexts").size()
                + lineage.path("trialComponents").size();
        associations += lineage.path("associations").size();
      }
    }
    assertThat(rows(Tables.LINEAGE_ENTITIES, "2026-11-01")).hasSize(entities);
    assertThat(rows(Tables.LINEAGE_ASSOCIATIONS, "2026-11-01")).hasSize(associations);
    Map<String, Set<String>> datasets = new HashMap<>();
    for (Map<String, Object> r : rows(Tables.MODEL_LINEAGE, "2026-11-01")) {
      if ("DataSet".equals(r.get("entity_type"))) {
        datasets
            .computeIfAbsent((String) r.get("model_package_arn"), k -> new HashSet<>())
            .add((String) r.get("source_uri"));
        assertThat(r.get("depth")).isEqualTo(3);
      }
    }
    for (GeneratedEstate.Group group : fixture.estate.groups()) {
      for (GeneratedEstate.Version v : group.versions()) {
        if (v.datasetLineage()) {
          assertThat(datasets.get(v.arn()))
              .as(v.arn())
              .singleElement()
              .asString()
              .startsWith("s3://")
              .contains("/datasets/");
        } else {
          assertThat(datasets).as(v.arn()).doesNotContainKey(v.arn());
        }
      }
    }
  }

  @Test
  void deploymentsResolveEveryVariantAndContainer() {
    Map<String, String> expected = new TreeMap<>();
    for (GeneratedEstate.Endpoint e : fixture.estate.endpoints()) {
      for (GeneratedEstate.Variant v : e.variants()) {
        String key = e.arn() + " " + v.name();
        if (v.inferenceComponents()) {
          expected.put(key + " -", "inference_components");
        } else if (v.modelMissing()) {
          expected.put(key + " -", "model_missing");
        } else {
          for (int i = 0; i < v.containerPackages().size(); i++) {
            String pkg = v.containerPackages().get(i);
            expected.put(
                key + " " + i, pkg == null ? "no_package" : "resolved " + pkg + " " + v.kind());
          }
        }
      }
    }
    Map<String, String> written = new TreeMap<>();
    for (Map<String, Object> r : rows(Tables.ENDPOINT_DEPLOYMENTS, "2026-11-01")) {
      String key =
          r.get("endpoint_arn")
              + " "
              + r.get("variant_name")
              + " "
              + (r.get("container_index") == null ? "-" : r.get("container_index"));
      String resolution = (String) r.get("resolution");
      written.put(
          key,
          resolution.equals("resolved")
              ? "resolved " + r.get("model_package_arn") + " " + r.get("variant_kind")
              : resolution);
    }
    assertThat(written).isEqualTo(expected);
    assertThat(expected.values()).anyMatch(v -> v.startsWith("resolved") && v.endsWith("shadow"));
  }

  @Test
  void theRunRecordsWhatItCalledExactlyAsTheSimulatorSawIt() {
    for (Map<String, Object> run : rows(Tables.EXPORT_RUNS, "2026-11-01")) {
      String account = (String) run.get("account_id");
      String region = (String) run.get("region");
      long seen =
          coldRequests.stream()
              .filter(
                  e ->
                      e.account().equals(account)
                          && e.region().equals(region)
                          && !e.service().equals("sts")
                          && !e.service().equals("pricing"))
              .count();
      // The simulator logs AssumeRole under the caller's account: compare SageMaker and S3 only.
      // Prices are read once for the whole run (in the Price List API's region), not per account.
      String byOperation = (String) run.get("api_calls_by_operation");
      long counted =
          ((Number) run.get("api_calls_total")).longValue()
              - (byOperation.contains("\"STS:AssumeRole\":1") ? 1 : 0);
      assertThat(counted).as("%s %s", account, region).isEqualTo(seen);
      assertThat(run.get("rows_model_packages")).isEqualTo((long) SPEC.groups() * SPEC.versions());
      assertThat(run.get("lineage_watermark")).isNotNull();
    }
  }

  @Test
  void aWarmRunReadsNoReportNoConfigAndNoOldLineage() {
    assertThat(warmRequests).noneMatch(e -> e.operation().equals("GetObject"));
    assertThat(warmRequests).noneMatch(e -> e.operation().equals("DescribeEndpointConfig"));
    List<RequestLog.Entry> lineageLists =
        warmRequests.stream()
            .filter(
                e ->
                    e.operation()
                        .matches("List(Artifacts|Actions|Contexts|TrialComponents|Associations)"))
            .toList();
    assertThat(lineageLists).hasSize(6 * 5).allSatisfy(e -> assertThat(e.items()).isZero());
    for (Map<String, Object> run : rows(Tables.EXPORT_RUNS, "2026-11-02")) {
      assertThat(run.get("reports_fetched")).isEqualTo(0L);
      assertThat((Long) run.get("reports_reused")).isPositive();
      assertThat(run.get("endpoint_configs_described")).isEqualTo(0L);
      assertThat(run.get("lineage_listed")).isEqualTo(0L);
      assertThat(run.get("previous_snapshot_date")).isEqualTo("2026-11-01");
    }
  }

  @Test
  void endpointMetricsTakeOneRequestPerSeventyOneVariantsNotOnePerMetric() {
    Map<String, Long> variants = new TreeMap<>();
    rows(Tables.ENDPOINT_METRICS, "2026-11-01")
        .forEach(r -> variants.merge(r.get("account_id") + " " + r.get("region"), 1L, Long::sum));
    Map<String, Long> requests = new TreeMap<>();
    coldRequests.stream()
        .filter(e -> e.operation().equals("GetMetricData"))
        .forEach(e -> requests.merge(e.account() + " " + e.region(), 1L, Long::sum));
    assertThat(variants).isNotEmpty();
    variants.forEach(
        (where, count) ->
            assertThat(requests.get(where))
                .as(where)
                .isEqualTo(
                    (count + CloudWatchMetrics.VARIANTS_PER_REQUEST - 1)
                        / CloudWatchMetrics.VARIANTS_PER_REQUEST));
    for (Map<String, Object> run : rows(Tables.EXPORT_RUNS, "2026-11-01")) {
      assertThat(run.get("metrics_read")).isEqualTo(true);
      assertThat(run.get("monitoring_read")).isEqualTo(true);
    }
  }

  @Test
  void aWarmRunWritesTheSameRows() {
    for (TableSpec<?> table : Tables.DATA_TABLES) {
      if (table == Tables.ENDPOINT_METRICS) {
        // A measurement over the days before each snapshot: the next day's window is a day later.
        assertThat(rows(table, "2026-11-02"))
            .hasSameSizeAs(rows(table, "2026-11-01"))
            .allSatisfy(r -> assertThat(r.get("window_end")).hasToString("2026-11-02T00:00"));
        continue;
      }
      if (table == Tables.MODEL_ARTIFACTS) {
        // The same objects; the artefacts of versions in production were checked again, the others
        // carried.
        List<Map<String, Object>> warm = rows(table, "2026-11-02");
        assertThat(comparable(warm, "checked_at"))
            .isEqualTo(comparable(rows(table, "2026-11-01"), "checked_at"));
        Set<String> inProduction = new TreeSet<>();
        // Deployed by the version's own account (another account's deployment is not seen where the
        // version lives).
        rows(Tables.ENDPOINT_DEPLOYMENTS, "2026-11-02")
            .forEach(
                r -> {
                  Object arn = r.get("model_package_arn");
                  if (arn != null && arn.toString().split(":")[4].equals(r.get("account_id"))) {
                    inProduction.add(r.get("region") + " " + arn);
                  }
                });
        Set<String> rechecked = new TreeSet<>();
        warm.stream()
            .filter(r -> r.get("checked_at").toString().equals("2026-11-02T06:00"))
            .forEach(r -> rechecked.add(r.get("region") + " " + r.get("model_package_arn")));
        assertThat(rechecked).isNotEmpty().isEqualTo(inProduction);
        continue;
      }
      List<String> coldRows = comparable(rows(table, "2026-11-01"));
      List<String> warmRows = comparable(rows(table, "2026-11-02"));
      assertThat(warmRows).as(table.name()).isEqualTo(coldRows);
    }
  }

  /** Rows without the snapshot columns (and {@code without}), as sorted strings. */
  static List<String> comparable(List<Map<String, Object>> rows, String... without) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, Object> copy = new TreeMap<>(row);
      copy.remove("snapshot_time");
      copy.remove("snapshot_date");
      for (String column : without) {
        copy.remove(column);
      }
      out.add(copy.toString());
    }
    out.sort(null);
    return out;
  }
}
