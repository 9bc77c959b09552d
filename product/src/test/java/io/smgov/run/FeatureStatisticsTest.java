package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.table.Tables;
import io.smgov.testing.PortfolioBuilder;
import io.smgov.testing.Warehouses;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the data looked like: each feature of a version's data-quality statistics and constraints
 * (Model Monitor's statistics.json and constraints.json), quantiles from the distribution's
 * buckets; a report in another format is unparseable, with the reason, and has no feature rows.
 * Every expected value is worked out by hand from the report below.
 */
class FeatureStatisticsTest {
  private static final String A = "111111111111";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String STATISTICS =
      """
      {"version": 0, "dataset": {"item_count": 102},
       "features": [
        {"name": "age", "inferred_type": "Fractional",
         "numerical_statistics": {"common": {"num_present": 100, "num_missing": 2},
           "mean": 21.5, "sum": 2150.0, "std_dev": 8.0, "min": 0.5, "max": 39.0,
           "distribution": {"kll": {"buckets": [
             {"lower_bound": 10.0, "upper_bound": 20.0, "count": 30},
             {"lower_bound": 0.0, "upper_bound": 10.0, "count": 10},
             {"lower_bound": 20.0, "upper_bound": 30.0, "count": 40},
             {"lower_bound": 30.0, "upper_bound": 40.0, "count": 20}],
             "sketch": {"parameters": {"c": 0.64, "k": 2048.0}, "data": [[0.5, 39.0]]}}}}},
        {"name": "country", "inferred_type": "String",
         "string_statistics": {"common": {"num_present": 200, "num_missing": 0}, "distinct_count": 3,
           "distribution": {"categorical": {"buckets": [
             {"value": "DE", "count": 50}, {"value": "FR", "count": 30}, {"value": "US", "count": 120}]}}}}
       ]}
      """;

  private static final String CONSTRAINTS =
      """
      {"version": 0,
       "features": [
        {"name": "age", "inferred_type": "Fractional", "completeness": 1.0,
         "num_constraints": {"is_non_negative": true}},
        {"name": "country", "inferred_type": "String", "completeness": 0.98,
         "string_constraints": {"domains": ["DE", "FR", "US"]}}],
       "monitoring_config": {"evaluate_constraints": "Enabled"}}
      """;

  @Test
  void numericAndStringFeaturesTheirConstraintsAndAReportInAnotherFormat(@TempDir Path warehouse)
      throws Exception {
    PortfolioBuilder estate = new PortfolioBuilder(Instant.parse("2026-11-20T12:00:00Z"));
    var group = estate.group(A, "eu-west-1", "churn");
    var measured =
        group.version(1).dataQuality(JSON.readTree(STATISTICS), JSON.readTree(CONSTRAINTS));
    JsonNode deequ = JSON.readTree("{\"checks\": [{\"constraint\": \"isComplete(age)\"}]}");
    var other = group.version(2).dataQuality(deequ, null);
    estate.export(warehouse, "eu-west-1", o -> o, A);

    List<Map<String, Object>> statistics =
        Warehouses.rows(warehouse, Tables.FEATURE_STATISTICS.name());
    assertThat(statistics).hasSize(2);
    assertThat(row(statistics, "age"))
        .containsEntry("model_package_arn", measured.arn())
        .containsEntry("inferred_type", "Fractional")
        .containsEntry("item_count", 102L)
        .containsEntry("num_present", 100L)
        .containsEntry("num_missing", 2L)
        .containsEntry("mean", 21.5)
        .containsEntry("std_dev", 8.0)
        .containsEntry("min", 0.5)
        .containsEntry("max", 39.0)
        // 100 values in [0,10) 10, [10,20) 30, [20,30) 40, [30,40) 20: p5 is the 5th of the
        // first 10 (5.0), p25 the 15th of the next 30 (10 + 10 * 15/30), p50 the 10th of 40
        // (20 + 10 * 10/40), p75 the 35th of 40, p95 the 15th of the last 20.
        .containsEntry("p05", 5.0)
        .containsEntry("p25", 15.0)
        .containsEntry("p50", 22.5)
        .containsEntry("p75", 28.75)
        .containsEntry("p95", 37.5)
        .containsEntry("distinct_count", null)
        .containsEntry("top_values", null)
        .containsEntry("histogram", "[[0.0,10.0,10],[10.0,20.0,30],[20.0,30.0,40],[30.0,40.0,20]]");
    assertThat(row(statistics, "country"))
        .containsEntry("inferred_type", "String")
        .containsEntry("num_present", 200L)
        .containsEntry("num_missing", 0L)
        .containsEntry("mean", null)
        .containsEntry("p50", null)
        .containsEntry("distinct_count", 3L)
        .containsEntry("top_values", "[[\"US\",120],[\"DE\",50],[\"FR\",30]]")
        .containsEntry("histogram", null);

    List<Map<String, Object>> constraints =
        Warehouses.rows(warehouse, Tables.FEATURE_CONSTRAINTS.name());
    assertThat(constraints)
        .extracting(
            r ->
                r.get("feature_name")
                    + " "
                    + r.get("inferred_type")
                    + " "
                    + r.get("completeness")
                    + " "
                    + r.get("is_non_negative")
                    + " "
                    + r.get("domain_size")
                    + " "
                    + r.get("domain"))
        .containsExactlyInAnyOrder(
            "age Fractional 1.0 true null null",
            "country String 0.98 null 3 [\"DE\",\"FR\",\"US\"]");

    // The other format: recorded, unparseable, with the reason; no feature rows of that version.
    assertThat(Warehouses.rows(warehouse, Tables.METRIC_REPORTS.name()))
        .filteredOn(r -> other.arn().equals(r.get("model_package_arn")))
        .filteredOn(r -> "model_data_quality_statistics".equals(r.get("report_kind")))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("status")).isEqualTo("unparseable");
              assertThat(r.get("error_message"))
                  .isEqualTo(
                      "not Model Monitor statistics: no \"features\" array (statistics.json and constraints.json have one)");
            });
    assertThat(statistics).noneMatch(r -> other.arn().equals(r.get("model_package_arn")));
  }

  private static Map<String, Object> row(List<Map<String, Object>> rows, String feature) {
    List<Map<String, Object>> matching =
        rows.stream().filter(r -> feature.equals(r.get("feature_name"))).toList();
    assertThat(matching).as(feature).hasSize(1);
    return new TreeMap<>(matching.get(0));
  }
}
