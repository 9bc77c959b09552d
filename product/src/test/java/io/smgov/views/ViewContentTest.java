package io.smgov.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.run.ExportJob;
import io.smgov.testing.PortfolioBuilder;
import io.smgov.testing.TrinoExtension;
import io.smgov.testing.TrinoServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The content of views that had only Trino = DuckDB: small hand-built estates, expected rows
 * written by hand from each view's documented meaning, on both engines.
 */
@ExtendWith(TrinoExtension.class)
class ViewContentTest {
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final String C = "333333333333";
  static final String R = "eu-west-1";
  static final String APPROVER = "arn:aws:sts::" + A + ":assumed-role/Approver/reviewer";

  static Instant at(String date) {
    return Instant.parse(date + "T12:00:00Z");
  }

  @Test
  void approvalFunnelCountsDecisionsAndTheMedianDaysToApproval(TrinoServer trino) throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    // payments/fraud: approved after 4, 10 and 1 days; one rejected; one pending.
    PortfolioBuilder.Group fraud = p.group(A, R, "fraud");
    fraud
        .version(1)
        .tag("business-unit", "payments")
        .createdAt(at("2026-10-01"))
        .lastModified(at("2026-10-05"), APPROVER);
    fraud
        .version(2)
        .tag("business-unit", "payments")
        .createdAt(at("2026-10-10"))
        .lastModified(at("2026-10-20"), APPROVER);
    fraud
        .version(3)
        .tag("business-unit", "payments")
        .createdAt(at("2026-10-21"))
        .lastModified(at("2026-10-22"), APPROVER);
    fraud
        .version(4)
        .tag("business-unit", "payments")
        .createdAt(at("2026-10-25"))
        .status("Rejected");
    fraud
        .version(5)
        .tag("business-unit", "payments")
        .createdAt(at("2026-10-28"))
        .status("PendingManualApproval");
    // No business unit: one registered already Approved (0 days), one approved after 2 days.
    PortfolioBuilder.Group churn = p.group(A, R, "churn");
    churn.version(1).createdAt(at("2026-09-01")).registeredApproved();
    churn.version(2).createdAt(at("2026-10-01")).lastModified(at("2026-10-03"), APPROVER);
    // Nothing decided yet.
    p.group(A, R, "waiting").version(1).createdAt(at("2026-10-30")).status("PendingManualApproval");
    Path warehouse = TrinoExtension.dataRoot().resolve("funnel-" + UUID.randomUUID());
    p.export(warehouse, R, options -> options, A);

    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT business_unit, model_package_group_name, registered, approved, rejected, pending, rejection_rate,"
                + " median_days_to_approval FROM approval_funnel");
    assertThat(rows)
        .containsExactly(
            "(none) | churn | 2 | 2 | 0 | 0 | 0 | 1",
            "(none) | waiting | 1 | 0 | 0 | 1 | NULL | NULL",
            "payments | fraud | 5 | 3 | 1 | 1 | 0.25 | 4");
  }

  @Test
  void exportHealthShowsEachAccountsLastRunWhatWasWrittenAndHowFarBehind(TrinoServer trino)
      throws Exception {
    Path warehouse = TrinoExtension.dataRoot().resolve("health-" + UUID.randomUUID());
    Instant day1 = Instant.parse("2026-11-01T06:00:00Z");
    Instant day2 = Instant.parse("2026-11-02T06:00:00Z");
    // Day 1: A and B. Day 2: A again, and C, which has no reader role (its AssumeRole is refused).
    estate(day1).export(warehouse, R, options -> options.snapshotTime(day1.toString()), A, B);
    estate(day2).export(warehouse, R, options -> options.snapshotTime(day2.toString()), A, C);

    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT account_id, CAST(last_run_date AS VARCHAR), last_status, coalesce(error_kind, '-'),"
                + " coalesce(CAST(last_written_date AS VARCHAR), '-'), days_behind, version_count, group_count FROM export_health");
    assertThat(rows)
        .containsExactly(
            A + " | 2026-11-02 | succeeded | - | 2026-11-02 | 0 | 2 | 1",
            B + " | 2026-11-01 | succeeded | - | 2026-11-01 | 1 | 1 | 1",
            C + " | 2026-11-02 | failed | access_denied | - | NULL | NULL | NULL");
  }

  @Test
  void trainingDataLineageNamesTheDatasetsUpstreamOfEachVersion(TrinoServer trino)
      throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    // Each version's lineage: dataset -ContributedTo-> training job -Produced-> package artifact,
    // so the dataset is two hops up. ranking/1 runs on an endpoint; ranking/2 has no dataset.
    PortfolioBuilder.Group ranking = p.group(A, R, "ranking");
    PortfolioBuilder.Version served = ranking.version(1).createdAt(at("2026-10-01"));
    ranking.version(2).createdAt(at("2026-10-15")).withoutDataset();
    p.group(A, R, "scoring")
        .version(1)
        .createdAt(at("2026-10-01"))
        .tag("business-unit", "payments");
    p.endpoint(A, R, "ep-ranking").production("AllTraffic", served.arn());
    Path warehouse = TrinoExtension.dataRoot().resolve("lineage-" + UUID.randomUUID());
    p.export(warehouse, R, options -> options, A);

    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT model_package_group_name, model_package_version, is_in_production, owner, coalesce(business_unit, '-'),"
                + " dataset_arn, dataset_uri, depth FROM training_data_lineage");
    String artifacts = "arn:aws:sagemaker:" + R + ":" + A + ":artifact/";
    assertThat(rows)
        .containsExactly(
            "ranking | 1 | true | team@example.com | - | "
                + artifacts
                + "ranking-1-data | s3://data-"
                + A
                + "/ranking/v1/ | 2",
            "scoring | 1 | false | team@example.com | payments | "
                + artifacts
                + "scoring-1-data | s3://data-"
                + A
                + "/scoring/v1/ | 2");
  }

  @Test
  void versionTrainingShowsTheJobEachChannelAndTheDatasetItReadOrWhyTheJobIsUnknown(
      TrinoServer trino) throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    // churn/1: trained by its job, whose train channel is the lineage's dataset; churn/2: by a job
    // in account B; churn/3: by a job whose data the lineage does not name.
    PortfolioBuilder.Group churn = p.group(A, R, "churn");
    churn.version(1).createdAt(at("2026-10-01")).trainingJob();
    churn.version(2).createdAt(at("2026-10-10")).trainedInAccount(B);
    churn.version(3).createdAt(at("2026-10-20")).withoutDataset().trainingJob();
    Path warehouse = TrinoExtension.dataRoot().resolve("training-" + UUID.randomUUID());
    p.export(warehouse, R, options -> options, A);

    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT model_package_version, training_job_name, training_job_status,"
                + " coalesce(unknown_reason, '-'), instance_type, instance_count, managed_spot,"
                + " billable_seconds, vpc, coalesce(channel_name, '-'), coalesce(channel_s3_uri, '-'),"
                + " coalesce(dataset_arn, '-') FROM version_training");
    String data = "s3://data-" + A + "/churn/";
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "1 | churn-1 | Completed | - | ml.m5.xlarge | 2 | true | 1080 | true | train | "
                + data
                + "v1/ | arn:aws:sagemaker:"
                + R
                + ":"
                + A
                + ":artifact/churn-1-data",
            "1 | churn-1 | Completed | - | ml.m5.xlarge | 2 | true | 1080 | true | validation | "
                + data
                + "v1/validation/ | -",
            "2 | churn-2 | unknown | in account "
                + B
                + ", which this account's reader cannot read | NULL | NULL | NULL | NULL | NULL | - | - | -",
            "3 | churn-3 | Completed | - | ml.m5.xlarge | 2 | true | 1080 | true | train | "
                + data
                + "v3/ | -",
            "3 | churn-3 | Completed | - | ml.m5.xlarge | 2 | true | 1080 | true | validation | "
                + data
                + "v3/validation/ | -");
  }

  @Test
  void versionFeaturesShowEachFeaturesDistributionAndItsConstraints(TrinoServer trino)
      throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    ObjectMapper json = new ObjectMapper();
    // age: 100 present, 2 missing, four buckets of 10, 30, 40, 20 over [0, 40): quantiles 5.0,
    // 15.0, 22.5, 28.75, 37.5; country: three values; constraints for age only.
    JsonNode statistics =
        json.readTree(
            "{\"version\": 0, \"dataset\": {\"item_count\": 102}, \"features\": ["
                + "{\"name\": \"age\", \"inferred_type\": \"Fractional\", \"numerical_statistics\": {"
                + "\"common\": {\"num_present\": 100, \"num_missing\": 2}, \"mean\": 21.5, \"std_dev\": 8.0,"
                + " \"min\": 0.5, \"max\": 39.0, \"distribution\": {\"kll\": {\"buckets\": ["
                + "{\"lower_bound\": 0.0, \"upper_bound\": 10.0, \"count\": 10},"
                + "{\"lower_bound\": 10.0, \"upper_bound\": 20.0, \"count\": 30},"
                + "{\"lower_bound\": 20.0, \"upper_bound\": 30.0, \"count\": 40},"
                + "{\"lower_bound\": 30.0, \"upper_bound\": 40.0, \"count\": 20}]}}}},"
                + "{\"name\": \"country\", \"inferred_type\": \"String\", \"string_statistics\": {"
                + "\"common\": {\"num_present\": 102, \"num_missing\": 0}, \"distinct_count\": 3,"
                + " \"distribution\": {\"categorical\": {\"buckets\": [{\"value\": \"US\", \"count\": 60},"
                + " {\"value\": \"DE\", \"count\": 30}, {\"value\": \"FR\", \"count\": 12}]}}}}]}");
    JsonNode constraints =
        json.readTree(
            "{\"version\": 0, \"features\": [{\"name\": \"age\", \"inferred_type\": \"Fractional\","
                + " \"completeness\": 0.98, \"num_constraints\": {\"is_non_negative\": true}}]}");
    p.group(A, R, "churn")
        .version(1)
        .createdAt(at("2026-10-01"))
        .dataQuality(statistics, constraints);
    p.group(A, R, "fraud").version(1).createdAt(at("2026-10-01"));
    Path warehouse = TrinoExtension.dataRoot().resolve("features-" + UUID.randomUUID());
    p.export(warehouse, R, options -> options, A);

    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT model_package_group_name, feature_name, inferred_type, num_present, num_missing,"
                + " round(missing_share, 4), mean, p05, p25, p50, p75, p95, distinct_count,"
                + " coalesce(top_values, '-'), completeness, is_non_negative FROM version_features");
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "churn | age | Fractional | 100 | 2 | 0.0196 | 21.5 | 5 | 15 | 22.5 | 28.75 | 37.5 | NULL | - | 0.98 | true",
            "churn | country | String | 102 | 0 | 0 | NULL | NULL | NULL | NULL | NULL | NULL | 3 |"
                + " [[\"US\",60],[\"DE\",30],[\"FR\",12]] | NULL | NULL");
  }

  @Test
  void metricTrendsFollowEachMetricFromOneVersionToTheNext(TrinoServer trino) throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    // The builder's evaluation report: auc 0.8 + version/100, accuracy 0.9 (std "NaN": null).
    // Version 3 has no model quality report, so version 4 follows version 2.
    PortfolioBuilder.Group ranking = p.group(A, R, "ranking");
    ranking.version(1).createdAt(at("2026-10-01"));
    ranking.version(2).createdAt(at("2026-10-08"));
    ranking.version(3).createdAt(at("2026-10-15")).quality("none");
    ranking.version(4).createdAt(at("2026-10-22"));
    Path warehouse = TrinoExtension.dataRoot().resolve("trends-" + UUID.randomUUID());
    p.export(warehouse, R, options -> options, A);

    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT metric_name, model_package_version, value, standard_deviation, previous_value, change_from_previous"
                + " FROM metric_trends");
    assertThat(rows)
        .containsExactly(
            "accuracy | 1 | 0.9 | NULL | NULL | NULL",
            "accuracy | 2 | 0.9 | NULL | 0.9 | 0",
            "accuracy | 4 | 0.9 | NULL | 0.9 | 0",
            "auc | 1 | 0.81 | 0.01 | NULL | NULL",
            "auc | 2 | 0.82 | 0.01 | 0.81 | 0.01",
            "auc | 4 | 0.84 | 0.01 | 0.82 | 0.02");
  }

  @Test
  void portfolioSummaryCountsTheRegistryWhatRunsAndTheFindings(TrinoServer trino) throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    PortfolioBuilder.Group fraud = p.group(A, R, "fraud");
    PortfolioBuilder.Version approved = fraud.version(1).createdAt(at("2026-10-01"));
    fraud.version(2).createdAt(at("2026-10-10")).status("PendingManualApproval");
    PortfolioBuilder.Version rejected =
        fraud.version(3).createdAt(at("2026-10-20")).status("Rejected");
    PortfolioBuilder.Version churn = p.group(A, R, "churn").version(1).createdAt(at("2026-10-05"));
    p.endpoint(A, R, "ep-fraud").production("AllTraffic", approved.arn());
    p.endpoint(A, R, "ep-churn").production("AllTraffic", churn.arn());
    p.endpoint(A, R, "ep-rejected").production("AllTraffic", rejected.arn());
    Path warehouse = TrinoExtension.dataRoot().resolve("summary-" + UUID.randomUUID());
    p.export(warehouse, R, options -> options, A);

    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT account_id, group_count, version_count, approved_versions, pending_versions, rejected_versions,"
                + " endpoint_count, production_endpoints, versions_served_in_production FROM portfolio_summary");
    // By hand: 2 groups, 4 versions (2 approved, 1 pending, 1 rejected), 3 endpoints all serving.
    assertThat(rows).containsExactly(A + " | 2 | 4 | 2 | 1 | 1 | 3 | 3 | 3");
    // The finding columns are governance_findings counted by severity and by category (asked apart:
    // together they pass Trino's limit of stages in one query).
    List<String> summary =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT finding_count, critical_findings, high_findings, medium_findings, low_findings, unapproved_findings,"
                + " stale_findings, undocumented_findings, integrity_findings, operational_findings FROM portfolio_summary");
    List<String> findings =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT count(*), count(*) FILTER (WHERE severity = 'critical'), count(*) FILTER (WHERE severity = 'high'),"
                + " count(*) FILTER (WHERE severity = 'medium'), count(*) FILTER (WHERE severity = 'low'),"
                + " count(*) FILTER (WHERE category = 'unapproved'), count(*) FILTER (WHERE category = 'stale'),"
                + " count(*) FILTER (WHERE category = 'undocumented'), count(*) FILTER (WHERE category = 'integrity'),"
                + " count(*) FILTER (WHERE category = 'operational') FROM governance_findings");
    assertThat(summary).isEqualTo(findings);
    // At least the rejected version in production: UNAPPROVED_IN_PRODUCTION, critical.
    assertThat(Integer.parseInt(summary.get(0).split(" \\| ")[1])).isPositive();
  }

  @Test
  void endpointOperationsShowEachServingVariantsTrafficLatencyMonitoringAndAlarms(TrinoServer trino)
      throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    PortfolioBuilder.Group fraud = p.group(A, R, "fraud");
    PortfolioBuilder.Version busy = fraud.version(1).createdAt(at("2026-05-01"));
    PortfolioBuilder.Version idle = fraud.version(2).createdAt(at("2026-05-02"));
    // 100 invocations a day from 10 days to 1 day before the snapshot, p90 latency 50 ms; the
    // builder's one Model Monitor schedule; no alarm.
    p.endpoint(A, R, "ep-busy")
        .createdAt(at("2026-06-01"))
        .production("AllTraffic", busy.arn())
        .traffic("AllTraffic", 10, 1, 50.0);
    // No traffic in the 30-day window and older than idle_days (30): idle. Unmonitored, one alarm
    // that notifies an SNS topic.
    p.endpoint(A, R, "ep-idle")
        .createdAt(at("2026-06-01"))
        .production("AllTraffic", idle.arn())
        .unmonitored()
        .alarm(
            "ep-idle-5xx",
            "AllTraffic",
            "Invocation5XXErrors",
            "arn:aws:sns:" + R + ":" + A + ":oncall");
    // Not serving: not in the view.
    p.endpoint(A, R, "ep-failed")
        .createdAt(at("2026-06-01"))
        .production("AllTraffic", busy.arn())
        .status("Failed");
    Path warehouse = TrinoExtension.dataRoot().resolve("operations-" + UUID.randomUUID());
    p.export(warehouse, R, options -> options, A);

    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT endpoint_name, variant_name, model_package_group_name, model_package_version, invocations,"
                + " days_with_invocations, days_since_last_invocation, model_latency_p90_ms, is_idle, is_over_latency_budget,"
                + " monitoring_schedules, endpoint_alarms FROM endpoint_operations");
    assertThat(rows)
        .containsExactly(
            "ep-busy | AllTraffic | fraud | 1 | 1000 | 10 | 1 | 50 | false | false | 1 | 0",
            "ep-idle | AllTraffic | fraud | 2 | 0 | 0 | NULL | NULL | true | false | 0 | 1");
  }

  /** A with one group of two versions, B with one of one; C has no role (not in the portfolio). */
  static PortfolioBuilder estate(Instant asOf) {
    PortfolioBuilder p = new PortfolioBuilder(asOf);
    PortfolioBuilder.Group a = p.group(A, R, "ranking");
    a.version(1).createdAt(at("2026-10-01"));
    a.version(2).createdAt(at("2026-10-15"));
    p.group(B, R, "pricing").version(1).createdAt(at("2026-10-01"));
    return p;
  }

  @Test
  void endpointCostsPriceEachVariantsInstancesAndSayWhyWhenUnknown(TrinoServer trino)
      throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    // payments: fraud v1 (Approved, 31 days old) and v2 (PendingManualApproval); no business
    // unit: churn v1 (Approved, 153 days old: stale at the default 90 days).
    PortfolioBuilder.Group fraud = p.group(A, R, "fraud");
    PortfolioBuilder.Version v1 =
        fraud.version(1).tag("business-unit", "payments").createdAt(at("2026-10-01"));
    PortfolioBuilder.Version v2 =
        fraud
            .version(2)
            .tag("business-unit", "payments")
            .createdAt(at("2026-10-20"))
            .status("PendingManualApproval");
    PortfolioBuilder.Version churn = p.group(A, R, "churn").version(1).createdAt(at("2026-06-01"));
    p.endpoint(A, R, "two-m5")
        .production("AllTraffic", v1.arn())
        .instances("AllTraffic", "ml.m5.xlarge", 2);
    // A shadow variant runs (and bills) too; it serves the pending v2 without serving production.
    p.endpoint(A, R, "one-m5").production("AllTraffic", v2.arn()).shadow("Shadow", v1.arn());
    p.endpoint(A, R, "three-c5")
        .production("AllTraffic", churn.arn())
        .instances("AllTraffic", "ml.c5.large", 3);
    // A type the price list has no price for: unknown, not zero.
    p.endpoint(A, R, "p4d")
        .production("AllTraffic", v1.arn())
        .instances("AllTraffic", "ml.p4d.24xlarge", 1);
    // Serverless, 3 GB: 100 invocations a day of 10 s each on the 9 days before the snapshot.
    p.endpoint(A, R, "sls")
        .production("AllTraffic", v1.arn())
        .serverless("AllTraffic", 3072, 5)
        .traffic("AllTraffic", 9, 1, 10_000);
    Path warehouse = TrinoExtension.dataRoot().resolve("costs-" + UUID.randomUUID());
    p.export(warehouse, R, options -> options, A);

    // eu-west-1 on-demand prices of the simulated price list: ml.m5.xlarge $0.257, ml.m5.large
    // $0.128, ml.c5.large $0.115 an hour; serverless $0.0000224 per GB-second, so 3 GB is
    // $0.0000672 a second. A month is 730 hours. The endpoints were created 10 days before the
    // snapshot (06:00), 234 hours before the 30-day metrics window ends (midnight), so none is
    // idle (idle_days 30). Serverless: 9 days x 100 x 10 s = 9,000 s (2.5 h) of compute in the 234
    // hours it existed in the window; $0.0000672 x 9,000 = $0.6048, x 730 / 234 = $1.8868 a month.
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT endpoint_name, variant_name, variant_kind, capacity, instance_type, instance_count,"
                + " serverless_memory_mb, hours_in_window, usd_per_unit, price_unit, monthly_cost_usd,"
                + " cost_status, is_idle, serves_unapproved, serves_stale FROM endpoint_costs");
    assertThat(rows)
        .containsExactly(
            "one-m5 | AllTraffic | production | instances | ml.m5.large | 1 | NULL | 234 | 0.128 | Hrs"
                + " | 93.44 | priced | false | true | false", // x1 x730
            "one-m5 | Shadow | shadow | instances | ml.m5.large | 1 | NULL | 234 | 0.128 | Hrs"
                + " | 93.44 | priced | false | false | false", // serves v2 only in the shadow
            "p4d | AllTraffic | production | instances | ml.p4d.24xlarge | 1 | NULL | 234 | NULL"
                + " | Hrs | NULL | no_price | false | false | false",
            "sls | AllTraffic | production | serverless | NULL | NULL | 3072 | 2.5 | 0.0000672 | Second"
                + " | 1.89 | priced | false | false | false",
            "three-c5 | AllTraffic | production | instances | ml.c5.large | 3 | NULL | 702 | 0.115"
                + " | Hrs | 251.85 | priced | false | false | true", // x3
            "two-m5 | AllTraffic | production | instances | ml.m5.xlarge | 2 | NULL | 468 | 0.257"
                + " | Hrs | 375.22 | priced | false | false | false"); // x2

    // payments: 375.22 + 93.44 + 93.44 + 1.89 = 563.99, of which 93.44 serves an unapproved
    // version (the shadow is not production); (none): 251.85, all of it serving a stale version.
    List<String> summary =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT business_unit, serving_variants, unknown_variants, monthly_cost_usd,"
                + " idle_monthly_cost_usd, unapproved_monthly_cost_usd, stale_monthly_cost_usd FROM cost_summary");
    assertThat(summary)
        .containsExactly(
            "(none) | 1 | 0 | 251.85 | 0 | 0 | 251.85",
            "payments | 5 | 1 | 563.99 | 0 | 93.44 | 0");

    // Per version in production: v1 on two-m5, p4d (unknown) and sls; v2 on one-m5; churn on
    // three-c5. The shadow serves no version in production.
    List<String> versions =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT model_package_group_name, model_package_version, production_variants,"
                + " shared_variants, unknown_variants, monthly_cost_usd FROM version_costs");
    assertThat(versions)
        .containsExactly(
            "churn | 1 | 1 | 0 | 0 | 251.85",
            "fraud | 1 | 3 | 0 | 1 | 377.11", // 375.22 + 1.89
            "fraud | 2 | 1 | 0 | 0 | 93.44");

    // The account's portfolio line: 563.99 + 251.85 = 815.84 a month, 1 variant unknown.
    List<String> portfolio =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT account_id, monthly_cost_usd, idle_monthly_cost_usd, unknown_cost_variants"
                + " FROM portfolio_summary");
    assertThat(portfolio).containsExactly(A + " | 815.84 | 0 | 1");
  }

  @Test
  void aCallerThatMayNotReadPricesLeavesCostsUnknownNotZero(TrinoServer trino) throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    PortfolioBuilder.Version v1 =
        p.group(A, R, "fraud").version(1).tag("business-unit", "payments");
    p.endpoint(A, R, "two-m5")
        .production("AllTraffic", v1.arn())
        .instances("AllTraffic", "ml.m5.xlarge", 2);
    p.callerDenies("pricing:GetProducts");
    Path warehouse = TrinoExtension.dataRoot().resolve("no-prices-" + UUID.randomUUID());
    ExportJob.Outcome outcome = p.export(warehouse, R, options -> options, A);

    assertThat(outcome.anyFailed())
        .as("prices are not the estate: the export is not failed")
        .isFalse();
    assertThat(
            GovernanceRulesTest.onBothEngines(
                trino,
                warehouse,
                Policy.defaults(),
                "SELECT endpoint_name, price_date, usd_per_unit, monthly_cost_usd, cost_status FROM endpoint_costs"))
        .containsExactly("two-m5 | NULL | NULL | NULL | prices_not_read");
    assertThat(
            GovernanceRulesTest.onBothEngines(
                trino,
                warehouse,
                Policy.defaults(),
                "SELECT business_unit, serving_variants, unknown_variants, monthly_cost_usd FROM cost_summary"))
        .containsExactly("payments | 1 | 1 | NULL");
  }
}
