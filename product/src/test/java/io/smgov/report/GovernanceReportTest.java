package io.smgov.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smgov.model.FindingRow;
import io.smgov.model.Waiver;
import io.smgov.table.TableSpec;
import io.smgov.testing.PortfolioBuilder;
import io.smgov.testing.RecordedFindings;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import io.smgov.views.RuleCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's rule legend: every rule of the catalog, in its order, as the page shows it; the rows
 * of its "Findings over time" section over three recorded snapshots written by hand; and the rows
 * of "What endpoints cost" on an estate priced by hand.
 *
 * <p>The scenario of FindingHistoryTest, plus three lending findings (to tell a median from a
 * mean), a waiver on f1 from D3 and markup in f7's detail. Accounts A and B, region R; D1 =
 * 2026-11-01 (a Sunday: ISO week of 26 October), D2, D3 (week of 2 November). B's export failed on
 * D3, so B is recorded D1 and D2 only.
 *
 * <pre>
 * id  acct rule (category)                          bu        D1          D2          D3
 * f1  A    UNAPPROVED_IN_PRODUCTION (unapproved)    payments  x           x           waived(11-30)
 * f2  A    STALE_PRODUCTION_MODEL (stale)           payments  x           -           -          resolved D2, 1 day
 * f9  A    STALE_PRODUCTION_MODEL (stale)           payments  x           x           -          resolved D3, 2 days
 * f3  A    MISSING_OWNER (undocumented)             (none)    x           -           x          reopened D3
 * f4  A    IDLE_ENDPOINT (operational)              payments  waived(D2)  waived(D2)  x          waiver expired
 * f7  A    DEPLOYED_BEFORE_APPROVAL (unapproved)    payments  -           -           x          new on D3
 * f8  A    MISSING_MODEL_CARD (undocumented)        payments  -           waived      waived     until 2026-12-31
 * g1  A    ENDPOINT_VERSION_TAG_MISMATCH (integrity) lending  x           -           -          resolved D2, 1 day
 * g2  A    ENDPOINT_VERSION_TAG_MISMATCH (integrity) lending  x           -           -          resolved D2, 1 day
 * g3  A    ENDPOINT_VERSION_TAG_MISMATCH (integrity) lending  x           x           -          resolved D3, 2 days
 * f5  B    UNAPPROVED_IN_PRODUCTION (unapproved)    risk      x           x           (failed)   still open
 * f6  B    SUPERSEDED_IN_PRODUCTION (stale)         risk      x           -           (failed)   resolved D2, 1 day
 * </pre>
 */
class GovernanceReportTest {
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final String R = "eu-west-1";
  static final LocalDate D1 = LocalDate.parse("2026-11-01");
  static final LocalDate D2 = LocalDate.parse("2026-11-02");
  static final LocalDate D3 = LocalDate.parse("2026-11-03");
  static final String MARKUP = "deployed before approval </script><img src=x onerror=alert(1)>";
  static final Waiver IDLE_UNTIL_D2 =
      new Waiver("IDLE_ENDPOINT", "arn:f4*", "quarter-end batch", "jane", D2);
  static final Waiver CARD_UNTIL_DECEMBER =
      new Waiver(
          "MISSING_MODEL_CARD", "arn:f8", "card in review", "omar", LocalDate.parse("2026-12-31"));
  static final Waiver VENDOR_UNTIL_NOVEMBER =
      new Waiver(
          "UNAPPROVED_IN_PRODUCTION",
          "arn:f1",
          "vendor model <b>under</b> review & \"signed off\"",
          "risk-committee",
          LocalDate.parse("2026-11-30"));

  @TempDir static Path dir;
  static Path warehouse;
  static String emptyReport;
  static JsonNode empty;
  static String report;
  static JsonNode recorded;

  @BeforeAll
  static void exportThenRecordThreeSnapshots() throws Exception {
    warehouse = dir.resolve("warehouse");
    // A real export, for the export_runs every warehouse has; its own findings are not recorded.
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    p.group(A, R, "fraud").version(1);
    p.export(warehouse, R, options -> options, A);
    emptyReport = render();
    empty = data(emptyReport);

    record(
        A,
        D1,
        List.of(f1(), f2(), f9(), f3(), f4().waivedBy(IDLE_UNTIL_D2), g("g1"), g("g2"), g("g3")),
        IDLE_UNTIL_D2);
    record(B, D1, List.of(f5(), f6()));
    record(
        A,
        D2,
        List.of(
            f1(), f9(), f4().waivedBy(IDLE_UNTIL_D2), f8().waivedBy(CARD_UNTIL_DECEMBER), g("g3")),
        IDLE_UNTIL_D2,
        CARD_UNTIL_DECEMBER);
    record(B, D2, List.of(f5()));
    record(
        A,
        D3,
        List.of(
            f1().waivedBy(VENDOR_UNTIL_NOVEMBER),
            f3(),
            f4(),
            f7(),
            f8().waivedBy(CARD_UNTIL_DECEMBER)),
        CARD_UNTIL_DECEMBER,
        VENDOR_UNTIL_NOVEMBER);
    // B's export failed on D3: nothing recorded.
    report = render();
    recorded = data(report);
  }

  @Test
  void withNothingRecordedTheFindingsOverTimeRowsAreEmpty() {
    for (String key :
        List.of(
            "findingDays",
            "findingTrends",
            "findingWeeks",
            "findingResolution",
            "findingChanges",
            "findingWaivers")) {
      assertThat(empty.path(key).isArray()).as(key).isTrue();
      assertThat(empty.path(key).size()).as(key).isZero();
    }
    assertThat(emptyReport)
        .contains("No findings recorded yet: run smgov findings record after each export");
  }

  @Test
  void theRecordedDaysAreTheTimeAxis() {
    assertThat(rows(recorded, "findingDays", "snapshot_date", "recorded"))
        .containsExactly("2026-11-01 | 2", "2026-11-02 | 2", "2026-11-03 | 1");
  }

  @Test
  void openAndWaivedFindingsPerDayAndCategory() {
    assertThat(
            rows(
                recorded,
                "findingTrends",
                "snapshot_date",
                "category",
                "open_findings",
                "waived_findings"))
        .containsExactly(
            // D1: g1 g2 g3; f4 waived; f2 f9 f6; f1 f5; f3.
            "2026-11-01 | integrity | 3 | 0",
            "2026-11-01 | operational | 0 | 1",
            "2026-11-01 | stale | 3 | 0",
            "2026-11-01 | unapproved | 2 | 0",
            "2026-11-01 | undocumented | 1 | 0",
            // D2: g3 (g1 g2 resolved); f4 waived; f9 (f2 f6 resolved); f1 f5; f8 waived (f3
            // resolved).
            "2026-11-02 | integrity | 1 | 0",
            "2026-11-02 | operational | 0 | 1",
            "2026-11-02 | stale | 1 | 0",
            "2026-11-02 | unapproved | 2 | 0",
            "2026-11-02 | undocumented | 0 | 1",
            // D3, B as of D2: g3 resolved; f4 open (its waiver expired); f9 resolved; f7 and B's
            // f5 open, f1 waived; f3 open, f8 waived.
            "2026-11-03 | integrity | 0 | 0",
            "2026-11-03 | operational | 1 | 0",
            "2026-11-03 | stale | 0 | 0",
            "2026-11-03 | unapproved | 2 | 1",
            "2026-11-03 | undocumented | 1 | 1");
  }

  @Test
  void openedAndResolvedPerWeek() {
    assertThat(rows(recorded, "findingWeeks", "week", "opened", "resolved"))
        .containsExactly(
            // D1 opens all ten it holds.
            "2026-10-26 | 10 | 0",
            // Opened: f8 on D2, f3 (again) and f7 on D3. Resolved: f2 f6 f3 g1 g2 on D2, f9 g3 on
            // D3.
            "2026-11-02 | 3 | 7");
  }

  @Test
  void theMedianDaysToResolvePerBusinessUnitIsExact() {
    assertThat(
            rows(
                recorded,
                "findingResolution",
                "business_unit",
                "open_findings",
                "waived_findings",
                "resolved",
                "median_days_to_resolve"))
        .containsExactly(
            "(none) | 1 | 0 | 0 | null",
            // g1 1 day, g2 1 day, g3 2 days: the middle one is 1 (their mean would be 4/3).
            "lending | 0 | 0 | 3 | 1.0",
            // f4 f7 open, f1 f8 waived; f2 1 day, f9 2 days: the mean of the two middle ones.
            "payments | 2 | 2 | 2 | 1.5",
            "risk | 1 | 0 | 1 | 1.0");
  }

  @Test
  void theChangesOfTheNewestDay() {
    assertThat(
            rows(
                recorded,
                "findingChanges",
                "snapshot_date",
                "previous_snapshot_date",
                "change",
                "severity",
                "rule_id",
                "account_id",
                "business_unit",
                "detail",
                "total"))
        .containsExactly(
            // A, D3 against D2: opened worst first, then resolved; f1 became waived, which is
            // neither.
            "2026-11-03 | 2026-11-02 | opened | high | DEPLOYED_BEFORE_APPROVAL | "
                + A
                + " | payments | "
                + MARKUP
                + " | 5",
            "2026-11-03 | 2026-11-02 | opened | low | IDLE_ENDPOINT | "
                + A
                + " | payments | detail of f4 | 5",
            "2026-11-03 | 2026-11-02 | opened | low | MISSING_OWNER | "
                + A
                + " | (none) | detail of f3 | 5",
            "2026-11-03 | 2026-11-02 | resolved | medium | ENDPOINT_VERSION_TAG_MISMATCH | "
                + A
                + " | lending | detail of g3 | 5",
            "2026-11-03 | 2026-11-02 | resolved | medium | STALE_PRODUCTION_MODEL | "
                + A
                + " | payments | detail of f9 | 5");
    // B failed on D3: it has no changes on the newest day (f6's resolution was D2's news).
  }

  @Test
  void theWaivedFindingsWithWhoWhyAndUntilWhen() {
    assertThat(
            rows(
                recorded,
                "findingWaivers",
                "rule_id",
                "account_id",
                "model_package_group_name",
                "waiver_approved_by",
                "waiver_reason",
                "waiver_expires",
                "opened_date",
                "days_open",
                "total"))
        .containsExactly(
            // Soonest expiry first; f4's waiver expired on D2, so it is open, not listed.
            "UNAPPROVED_IN_PRODUCTION | "
                + A
                + " | group-f1 | risk-committee | vendor model <b>under</b> review & \"signed off\""
                + " | 2026-11-30 | 2026-11-01 | 2 | 2",
            "MISSING_MODEL_CARD | "
                + A
                + " | group-f8 | omar | card in review | 2026-12-31 | 2026-11-02 | 1 | 2");
  }

  @Test
  void userTextCannotEndTheDataScript() {
    // f7's detail holds "</script>": escaped in the page, the same text once parsed.
    assertThat(report).doesNotContain("</script><img");
    assertThat(recorded.path("findingChanges").get(0).path("detail").asText()).isEqualTo(MARKUP);
    assertThat(recorded.path("maxFindingRows").asInt()).isEqualTo(1000);
  }

  /**
   * "What endpoints cost", on an estate priced by hand at the simulated price list's eu-west-1
   * on-demand prices (ml.m5.xlarge $0.257, ml.m5.large $0.128, ml.c5.large $0.115 an hour; 730
   * hours a month). Snapshot 2026-11-01; the policy's defaults: idle after 30 days without an
   * invocation, stale after 90.
   *
   * <pre>
   * endpoint     variant            serves (business unit)           monthly cost
   * big          2 x ml.m5.xlarge   fraud v1 (payments)              375.22
   * idle-m5      1 x ml.m5.large    fraud v1, since June, no traffic  93.44  idle
   * pending      1 x ml.m5.large    fraud v2 Pending (payments)       93.44  unapproved
   * small-01..07 1 x ml.m5.large    fraud v1 (payments)               93.44 each
   * stale-c5     3 x ml.c5.large    scoring v1 of June (lending)     251.85  stale
   * p4d          1 x ml.p4d.24xl.   churn v1 (no business unit)      unknown: no price
   * </pre>
   */
  @Test
  void whatEndpointsCostPerBusinessUnitAndTheTenCostliestVariants() throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    PortfolioBuilder.Group fraud = p.group(A, R, "fraud");
    PortfolioBuilder.Version v1 =
        fraud.version(1).tag("business-unit", "payments").createdAt(at("2026-10-01"));
    PortfolioBuilder.Version v2 =
        fraud
            .version(2)
            .tag("business-unit", "payments")
            .createdAt(at("2026-10-20"))
            .status("PendingManualApproval");
    PortfolioBuilder.Version scoring =
        p.group(A, R, "scoring")
            .version(1)
            .tag("business-unit", "lending")
            .createdAt(at("2026-06-01"));
    PortfolioBuilder.Version churn = p.group(A, R, "churn").version(1).createdAt(at("2026-10-01"));
    p.endpoint(A, R, "big")
        .production("AllTraffic", v1.arn())
        .instances("AllTraffic", "ml.m5.xlarge", 2);
    p.endpoint(A, R, "idle-m5").createdAt(at("2026-06-01")).production("AllTraffic", v1.arn());
    p.endpoint(A, R, "pending").production("AllTraffic", v2.arn());
    for (int i = 1; i <= 7; i++) {
      p.endpoint(A, R, "small-0" + i).production("AllTraffic", v1.arn());
    }
    p.endpoint(A, R, "stale-c5")
        .production("AllTraffic", scoring.arn())
        .instances("AllTraffic", "ml.c5.large", 3);
    p.endpoint(A, R, "p4d")
        .production("AllTraffic", churn.arn())
        .instances("AllTraffic", "ml.p4d.24xlarge", 1);
    Path costs = dir.resolve("costs");
    p.export(costs, R, options -> options, A);
    JsonNode page;
    try (EmbeddedEngine engine = EmbeddedEngine.open(costs, Policy.defaults())) {
      page =
          data(
              GovernanceReport.render(
                  engine, Policy.defaults(), Instant.parse("2026-11-01T08:00:00Z")));
    }

    // Known costs only, the costliest business unit first: payments 375.22 + 9 x 93.44.
    assertThat(
            rows(
                page,
                "costSummary",
                "business_unit",
                "serving_variants",
                "unknown_variants",
                "monthly_cost_usd",
                "idle_monthly_cost_usd",
                "unapproved_monthly_cost_usd",
                "stale_monthly_cost_usd"))
        .containsExactly(
            "payments | 10 | 0 | 1216.18 | 93.44 | 93.44 | 0.0",
            "lending | 1 | 0 | 251.85 | 0.0 | 0.0 | 251.85",
            "(none) | 1 | 1 | null | 0.0 | 0.0 | 0.0"); // its one variant's cost is unknown, not 0
    // The ten costliest: ties by endpoint name, so small-07 is the eleventh; p4d's unknown cost
    // comes last, never as zero.
    assertThat(
            rows(
                page,
                "topCosts",
                "endpoint_name",
                "business_unit",
                "capacity",
                "instance_type",
                "instance_count",
                "monthly_cost_usd",
                "cost_status",
                "is_idle",
                "serves_unapproved",
                "serves_stale"))
        .containsExactly(
            "big | payments | instances | ml.m5.xlarge | 2 | 375.22 | priced | false | false | false",
            "stale-c5 | lending | instances | ml.c5.large | 3 | 251.85 | priced | false | false | true",
            "idle-m5 | payments | instances | ml.m5.large | 1 | 93.44 | priced | true | false | false",
            "pending | payments | instances | ml.m5.large | 1 | 93.44 | priced | false | true | false",
            "small-01 | payments | instances | ml.m5.large | 1 | 93.44 | priced | false | false | false",
            "small-02 | payments | instances | ml.m5.large | 1 | 93.44 | priced | false | false | false",
            "small-03 | payments | instances | ml.m5.large | 1 | 93.44 | priced | false | false | false",
            "small-04 | payments | instances | ml.m5.large | 1 | 93.44 | priced | false | false | false",
            "small-05 | payments | instances | ml.m5.large | 1 | 93.44 | priced | false | false | false",
            "small-06 | payments | instances | ml.m5.large | 1 | 93.44 | priced | false | false | false");
    assertThat(rows(page, "unknownCosts", "cost_status", "variants"))
        .containsExactly("no_price | 1");
  }

  @Test
  void withNoServingEndpointTheCostRowsAreEmpty() {
    for (String key : List.of("costSummary", "topCosts", "unknownCosts")) {
      assertThat(empty.path(key).isArray()).as(key).isTrue();
      assertThat(empty.path(key).size()).as(key).isZero();
    }
    assertThat(emptyReport).contains("No serving endpoint in the newest snapshots.");
  }

  @Test
  void moneyIsInDollarsAndCentsWithThousandsSeparated() {
    assertThat(Summary.money(1216.18)).isEqualTo("$1,216.18");
    assertThat(Summary.money(1234567.5)).isEqualTo("$1,234,567.50");
    assertThat(Summary.money(0)).isEqualTo("$0.00");
  }

  static Instant at(String day) {
    return Instant.parse(day + "T00:00:00Z");
  }

  @Test
  void theLegendHoldsEveryRuleInTheCatalogsOrder() {
    RuleCatalog catalog = RuleCatalog.load();
    ArrayNode legend = GovernanceReport.rules(catalog);
    List<String> ids = new ArrayList<>();
    legend.forEach(r -> ids.add(r.path("id").asText()));
    assertThat(ids).containsExactlyElementsOf(catalog.ids());
    JsonNode unapproved = legend.get(ids.indexOf("UNAPPROVED_IN_PRODUCTION"));
    // By hand, from the README's rule table.
    assertThat(unapproved.path("category").asText()).isEqualTo("unapproved");
    assertThat(unapproved.path("severity").asText()).isEqualTo("critical if Rejected, else high");
    assertThat(unapproved.path("grain").asText()).isEqualTo("endpoint variant");
    assertThat(unapproved.path("description").asText())
        .isEqualTo("the version in production is not Approved");
    // By hand, from sql/rules.yaml: a rule with a control in each framework, and the one rule
    // whose "one row per" says more than its grain.
    JsonNode lineage = legend.get(ids.indexOf("MISSING_LINEAGE"));
    assertThat(lineage.path("grain").asText()).isEqualTo("version in production");
    assertThat(lineage.path("nist_ai_rmf").toString()).isEqualTo("[\"MAP 2.3\"]");
    assertThat(lineage.path("iso_42001").toString()).isEqualTo("[\"A.7.5\"]");
    assertThat(lineage.path("eu_ai_act").toString()).isEqualTo("[\"Art. 10(2)(b)\"]");
    assertThat(lineage.path("rationale").asText()).startsWith("MAP 2.3: ");
    assertThat(legend.get(ids.indexOf("PENDING_APPROVAL_TOO_LONG")).path("nist_ai_rmf").toString())
        .isEqualTo("[]");
    assertThat(legend.get(ids.indexOf("NOT_FROM_REGISTRY")).path("grain").asText())
        .isEqualTo("endpoint variant (and inference component)");
  }

  static String render() {
    try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse, Policy.defaults())) {
      return GovernanceReport.render(
          engine, Policy.defaults(), Instant.parse("2026-11-04T08:00:00Z"));
    }
  }

  /** The JSON inside the page's data script. */
  static JsonNode data(String html) throws Exception {
    String start = "<script id=\"smgov-data\" type=\"application/json\">";
    int from = html.indexOf(start) + start.length();
    return new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from)));
  }

  /** The rows under {@code key}, each as its {@code columns} joined by " | " (null as "null"). */
  static List<String> rows(JsonNode data, String key, String... columns) {
    List<String> rows = new ArrayList<>();
    for (JsonNode row : data.path(key)) {
      List<String> values = new ArrayList<>();
      for (String column : columns) {
        assertThat(row.has(column)).as(key + "." + column).isTrue();
        values.add(row.get(column).asText());
      }
      rows.add(String.join(" | ", values));
    }
    return rows;
  }

  static FindingRow finding(String id, String rule, String category, String severity, String bu) {
    return finding(id, rule, category, severity, bu, "detail of " + id);
  }

  static FindingRow finding(
      String id, String rule, String category, String severity, String bu, String detail) {
    return RecordedFindings.finding(id, rule, category, severity, bu, detail);
  }

  static FindingRow f1() {
    return finding("f1", "UNAPPROVED_IN_PRODUCTION", "unapproved", "high", "payments");
  }

  static FindingRow f2() {
    return finding("f2", "STALE_PRODUCTION_MODEL", "stale", "medium", "payments");
  }

  static FindingRow f9() {
    return finding("f9", "STALE_PRODUCTION_MODEL", "stale", "medium", "payments");
  }

  static FindingRow f3() {
    return finding("f3", "MISSING_OWNER", "undocumented", "low", null);
  }

  static FindingRow f4() {
    return finding("f4", "IDLE_ENDPOINT", "operational", "low", "payments");
  }

  static FindingRow f7() {
    return finding("f7", "DEPLOYED_BEFORE_APPROVAL", "unapproved", "high", "payments", MARKUP);
  }

  static FindingRow f8() {
    return finding("f8", "MISSING_MODEL_CARD", "undocumented", "medium", "payments");
  }

  static FindingRow f5() {
    return finding("f5", "UNAPPROVED_IN_PRODUCTION", "unapproved", "high", "risk");
  }

  static FindingRow f6() {
    return finding("f6", "SUPERSEDED_IN_PRODUCTION", "stale", "low", "risk");
  }

  static FindingRow g(String id) {
    return finding(id, "ENDPOINT_VERSION_TAG_MISMATCH", "integrity", "medium", "lending");
  }

  static void record(String account, LocalDate day, List<FindingRow> rows, Waiver... waivers)
      throws Exception {
    new RecordedFindings(warehouse, R).record(account, day, rows, waivers);
  }

  static <T> void write(TableSpec<T> table, String account, LocalDate day, List<T> rows)
      throws Exception {
    new RecordedFindings(warehouse, R).write(table, account, day, rows);
  }
}
