package io.smgov.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.cli.Main;
import io.smgov.simulator.GeneratedEstate;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.Chromium;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.SampleFindings;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import io.smgov.views.RuleCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The HTML report of the bundled sample, opened in headless Chromium: the findings table holds
 * every planted finding, the filters narrow it, a click opens the version's drill-down with the
 * estate's own approval facts. Screenshots land in target/screenshots (docs/report.png is one).
 * Nothing is recorded in that warehouse, so its findings over time say so; the demo's report (the
 * sample exported and recorded on three days) draws them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceReportBrowserTest {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path dir;
  private PortfolioGenerator.Spec spec;
  private GeneratedEstate estate;
  private Path warehouse;
  private Path policy;
  private Path report;
  private Path demoReport;
  private ChromeDriver chrome;
  private List<GeneratedEstate.Finding> planted;

  @BeforeAll
  void exportTheSampleAndWriteTheReport() throws Exception {
    spec = PortfolioGenerator.Spec.sample();
    warehouse = dir.resolve("warehouse");
    try (ExportFixture fixture = ExportFixture.start(spec)) {
      estate = fixture.estate;
      fixture.export(warehouse, spec.asOf().toString());
    }
    report = dir.resolve("out/report.html");
    policy = Files.writeString(dir.resolve("policy.yaml"), Policy.demoText());
    assertThat(
            Main.execute(
                "report",
                "--warehouse",
                warehouse.toString(),
                "--policy",
                policy.toString(),
                "--out",
                report.toString()))
        .isZero();
    planted = SampleFindings.planted(estate, spec.asOf());
    // The demo exports the sample on the two days before its snapshot time and on it, recording
    // each day's findings.
    demoReport = dir.resolve("demo/report.html");
    assertThat(
            Main.execute(
                "demo",
                "--warehouse",
                dir.resolve("demo/warehouse").toString(),
                "--policy",
                policy.toString(),
                "--report",
                demoReport.toString()))
        .isZero();
    chrome = Chromium.start(1440, 1000);
  }

  @AfterAll
  void quit() {
    if (chrome != null) {
      chrome.quit();
    }
  }

  @BeforeEach
  void open() {
    openPage(report);
  }

  private void openPage(Path page) {
    chrome.get(page.toUri().toString());
    assertThat(chrome.findElement(By.tagName("body")).getAttribute("data-rendered"))
        .as("the page's script ran to the end")
        .isEqualTo("true");
    assertThat(chrome.findElement(By.tagName("body")).getAttribute("data-errors"))
        .as("script errors")
        .isNull();
  }

  @Test
  void theReportNeedsNoNetwork() throws Exception {
    String html = Files.readString(report);
    assertThat(
            Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//", Pattern.CASE_INSENSITIVE)
                .matcher(html)
                .find())
        .as("no script, style or image from elsewhere")
        .isFalse();
    assertThat(html).doesNotContain("<link", "@import");
  }

  @Test
  void theFindingsTableHoldsEveryPlantedFinding() {
    List<WebElement> rows = findingRows();
    assertThat(rows).hasSize(planted.size());
    assertThat(
            rows.stream()
                .map(r -> r.getAttribute("data-rule"))
                .collect(Collectors.groupingBy(r -> r, Collectors.counting())))
        .isEqualTo(
            planted.stream()
                .collect(
                    Collectors.groupingBy(GeneratedEstate.Finding::ruleId, Collectors.counting())));
    assertThat(chrome.findElement(By.id("finding-count")).getText())
        .isEqualTo("(" + planted.size() + " of " + planted.size() + ")");
    assertThat(rows.get(0).getAttribute("data-severity")).as("worst first").isEqualTo("critical");
    screenshot("report.png");
  }

  @Test
  void theFiltersNarrowTheTable() {
    choose("filter-severity", "high");
    long high = planted.stream().filter(f -> f.severity().equals("high")).count();
    assertThat(findingRows())
        .hasSize((int) high)
        .allSatisfy(r -> assertThat(r.getAttribute("data-severity")).isEqualTo("high"));

    choose("filter-severity", "");
    Map<String, Long> byCategory = countBy("data-category");
    choose("filter-category", "undocumented");
    assertThat(findingRows())
        .hasSize(byCategory.get("undocumented").intValue())
        .allSatisfy(r -> assertThat(r.getAttribute("data-category")).isEqualTo("undocumented"));
    assertThat(chrome.findElement(By.id("finding-count")).getText())
        .isEqualTo("(" + byCategory.get("undocumented") + " of " + planted.size() + ")");

    choose("filter-category", "");
    GeneratedEstate.Finding endpointFinding =
        planted.stream().filter(f -> f.endpointName() != null).findFirst().orElseThrow();
    chrome.findElement(By.id("filter-text")).sendKeys(endpointFinding.endpointName());
    long onEndpoint =
        planted.stream()
            .filter(f -> endpointFinding.endpointName().equals(f.endpointName()))
            .count();
    assertThat(findingRows())
        .hasSizeGreaterThanOrEqualTo((int) onEndpoint)
        .allSatisfy(r -> assertThat(r.getText()).contains(endpointFinding.endpointName()));
  }

  @Test
  void theRuleLegendCountsEachRulesFindingsAndARowFiltersTheTable() {
    Map<String, Long> perRule =
        planted.stream()
            .collect(Collectors.groupingBy(GeneratedEstate.Finding::ruleId, Collectors.counting()));
    List<WebElement> legend = chrome.findElements(By.cssSelector("#rules-table tbody tr"));
    assertThat(legend)
        .extracting(r -> r.getAttribute("data-rule"))
        .containsExactlyElementsOf(RuleCatalog.load().ids());
    for (WebElement row : legend) {
      String rule = row.getAttribute("data-rule");
      assertThat(row.findElements(By.tagName("td")).get(4).getText())
          .as("findings of %s", rule)
          .isEqualTo(String.valueOf(perRule.getOrDefault(rule, 0L)));
    }
    // The sample plants every rule; a click on one shows only its findings.
    String stale = "STALE_PRODUCTION_MODEL";
    chrome.findElement(By.cssSelector("#rules-table tbody tr[data-rule='" + stale + "']")).click();
    assertThat(findingRows())
        .hasSize(perRule.get(stale).intValue())
        .allSatisfy(r -> assertThat(r.getAttribute("data-rule")).isEqualTo(stale));
    choose("filter-rule", "");
    assertThat(findingRows()).hasSize(planted.size());
  }

  @Test
  void aClickOpensTheVersionWithItsApprovalLineageAndDeployment() {
    GeneratedEstate.Finding rejectedInProduction =
        planted.stream()
            .filter(
                f ->
                    f.ruleId().equals("UNAPPROVED_IN_PRODUCTION")
                        && f.severity().equals("critical"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("the sample plants a Rejected version in production"));
    GeneratedEstate.Version version = versions().get(rejectedInProduction.modelPackageArn());
    assertThat(chrome.findElement(By.id("detail")).isDisplayed()).isFalse();

    chrome
        .findElement(
            By.cssSelector(
                "#findings-table tbody tr[data-rule='UNAPPROVED_IN_PRODUCTION'][data-arn='"
                    + version.arn()
                    + "']"))
        .click();

    assertThat(chrome.findElement(By.id("detail")).isDisplayed()).isTrue();
    assertThat(text("detail-title")).isEqualTo(version.group() + " version " + version.version());
    assertThat(text("detail-approval-status")).isEqualTo("Rejected");
    assertThat(text("detail-approver")).isEqualTo(version.lastModifiedBy());
    assertThat(text("detail-approval-note"))
        .isEqualTo(
            version.approvalNote() == null || version.approvalNote().isEmpty()
                ? "(none)"
                : version.approvalNote());
    assertThat(text("detail-deployments")).contains(rejectedInProduction.endpointName());
    if (version.datasetLineage()) {
      assertThat(text("detail-lineage")).contains("s3://").doesNotContain("No dataset");
    } else {
      assertThat(text("detail-lineage")).contains("No dataset in its lineage");
    }
    assertThat(text("detail-rollback")).contains(rejectedInProduction.endpointName());
    // Every generated version's lineage names its training job (readable, or unknown with why).
    assertThat(text("detail-training"))
        .doesNotContain("No training job in its lineage")
        .containsPattern("Training job\\s+" + version.group() + "-" + version.version() + "-");
    if (version.dataQualityReport()) {
      // The sample's statistics: two numeric features drawn as boxes, one string feature.
      assertThat(text("detail-features"))
          .contains("monthly_spend (Fractional)", "tenure_months (Fractional)", "plan (String)")
          .contains("basic 2600, plus 1700, premium 700");
      assertThat(chrome.findElements(By.cssSelector("#detail-features svg"))).hasSize(2);
    } else {
      assertThat(text("detail-features")).isEqualTo("No data-quality statistics report");
    }
    screenshot("report-drilldown.png");
  }

  @Test
  void theDrillDownShowsTheApprovalAuditOfAVersionInProduction() {
    // The sample's rw-lending: approved in CloudTrail by a data scientist (not an approver role),
    // lacking the bias and explainability reports the lending business unit requires.
    String arn = "arn:aws:sagemaker:eu-west-1:111111111111:model-package/rw-lending/1";
    chrome
        .findElement(
            By.cssSelector(
                "#findings-table tbody tr[data-rule='APPROVER_NOT_AUTHORIZED'][data-arn='"
                    + arn
                    + "']"))
        .click();

    assertThat(text("detail-title")).isEqualTo("rw-lending version 1");
    assertThat(text("detail-audit-authorized")).isEqualTo("NO");
    assertThat(text("detail-audit-evidence")).isEqualTo("bias report, explainability report");
    assertThat(text("detail-audit-artifact")).isEqualTo("unchanged");
    assertThat(text("detail-audit-events"))
        .contains(
            "Approved by arn:aws:sts::111111111111:assumed-role/DataScientist/maya"
                + " (arn:aws:iam::111111111111:role/DataScientist): \u201cMetrics look good, approving for the lending pilot\u201d");
  }

  @Test
  void theOperationsTableFlagsIdleAndDriftingEndpoints() {
    Map<String, String> flags = new HashMap<>();
    for (WebElement row : chrome.findElements(By.cssSelector("#operations-table tbody tr"))) {
      flags.merge(
          row.getAttribute("data-endpoint"), row.getAttribute("data-flags"), (a, b) -> a + "," + b);
    }
    List<GeneratedEstate.Finding> idle =
        planted.stream().filter(f -> f.ruleId().equals("IDLE_ENDPOINT")).toList();
    List<GeneratedEstate.Finding> drifting =
        planted.stream().filter(f -> f.ruleId().equals("MONITORING_VIOLATIONS")).toList();
    assertThat(idle).isNotEmpty();
    assertThat(drifting).isNotEmpty();
    idle.forEach(
        f -> assertThat(flags.get(f.endpointName())).as(f.endpointName()).contains("idle"));
    drifting.forEach(
        f -> assertThat(flags.get(f.endpointName())).as(f.endpointName()).contains("drift"));
    assertThat(flags.values().stream().filter(v -> v.contains("idle")).count())
        .isEqualTo(idle.stream().map(GeneratedEstate.Finding::endpointName).distinct().count());
  }

  @Test
  void findingsOverTimeSayWhenNothingWasRecorded() {
    assertThat(text("finding-history-empty"))
        .isEqualTo("No findings recorded yet: run smgov findings record after each export");
    assertThat(chrome.findElements(By.cssSelector("#finding-history svg"))).isEmpty();
    assertThat(chrome.findElements(By.cssSelector("#finding-history table"))).isEmpty();
  }

  @Test
  void findingsOverTimeDrawTheRecordedDays() {
    openPage(demoReport);
    assertThat(chrome.findElements(By.id("finding-history-empty"))).isEmpty();
    assertThat(text("finding-history-note"))
        .isEqualTo("(3 recorded snapshot dates, 2026-10-30 to 2026-11-01)");
    // (a) One line per category with a finding, a dot on each recorded day; the sample plants
    // every category.
    List<String> lines =
        chrome.findElements(By.cssSelector("#finding-trend-svg path[data-category]")).stream()
            .map(p -> p.getAttribute("data-category"))
            .toList();
    assertThat(lines)
        .containsExactly("integrity", "operational", "stale", "unapproved", "undocumented");
    assertThat(chrome.findElements(By.cssSelector("#finding-trend-svg circle"))).hasSize(5 * 3);
    // (b) The three days are Friday 30 October to Sunday 1 November: one ISO week, two bars.
    assertThat(chrome.findElements(By.cssSelector("#finding-week-svg rect[data-week]")))
        .extracting(r -> r.getAttribute("data-week") + " " + r.getAttribute("data-kind"))
        .containsExactly("2026-10-26 opened", "2026-10-26 resolved");
    // (c) A bar or a "none resolved yet" per business unit.
    assertThat(chrome.findElement(By.id("finding-resolve-svg")).getText()).isNotEmpty();
    // (d) The newest changes: the demo changes the estate between its days.
    List<WebElement> changes =
        chrome.findElements(By.cssSelector("#finding-changes-table tbody tr[data-change]"));
    assertThat(changes)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.getAttribute("data-change")).isIn("opened", "resolved"));
    // (e) The demo policy waives NOT_FROM_REGISTRY on the legacy-scoring endpoints.
    List<WebElement> waived =
        chrome.findElements(By.cssSelector("#finding-waivers-table tbody tr[data-rule]"));
    assertThat(waived)
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(r.getText())
                    .contains(
                        "NOT_FROM_REGISTRY",
                        "legacy-scoring-",
                        "head-of-ml-platform@example.com",
                        "Legacy scoring service predates the registry",
                        "2027-03-31"));
    ((JavascriptExecutor) chrome)
        .executeScript("document.getElementById('finding-history').scrollIntoView()");
    screenshot("report-findings-over-time.png");
  }

  @Test
  void whatEndpointsCostShowsEachBusinessUnitAndTheTenCostliestVariants() {
    // What the views say, read from the warehouse with the report's policy.
    List<List<Object>> units;
    List<List<Object>> variants;
    long unknown;
    try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse, Policy.load(policy))) {
      units =
          engine
              .query(
                  "SELECT business_unit, monthly_cost_usd, idle_monthly_cost_usd, unapproved_monthly_cost_usd,"
                      + " stale_monthly_cost_usd FROM cost_summary ORDER BY monthly_cost_usd DESC, business_unit")
              .rows();
      variants =
          engine
              .query(
                  "SELECT endpoint_name, variant_name, monthly_cost_usd FROM endpoint_costs"
                      + " ORDER BY monthly_cost_usd DESC NULLS LAST, endpoint_name, variant_name")
              .rows();
      unknown =
          ((Number)
                  engine
                      .query("SELECT count(*) FROM endpoint_costs WHERE cost_status <> 'priced'")
                      .rows()
                      .get(0)
                      .get(0))
              .longValue();
    }
    // The sample serves more than ten variants, in more than one business unit, some idle.
    assertThat(variants).hasSizeGreaterThan(GovernanceReport.TOP_COSTS);
    assertThat(units).hasSizeGreaterThan(1);

    // Four sums, in dollars and cents a month.
    List<WebElement> kpis = chrome.findElements(By.cssSelector("#cost-kpis .kpi"));
    assertThat(kpis)
        .extracting(k -> k.getAttribute("data-kpi"))
        .containsExactly(
            "monthly_cost_usd",
            "idle_monthly_cost_usd",
            "unapproved_monthly_cost_usd",
            "stale_monthly_cost_usd");
    for (int i = 0; i < kpis.size(); i++) {
      final int column = i + 1;
      double total = units.stream().mapToDouble(u -> ((Number) u.get(column)).doubleValue()).sum();
      assertThat(kpis.get(i).findElement(By.className("value")).getText())
          .isEqualTo(Summary.money(total) + " a month");
    }
    assertThat(units.stream().mapToDouble(u -> ((Number) u.get(2)).doubleValue()).sum())
        .as("the sample has idle endpoints, and they cost")
        .isPositive();

    // A row per business unit, costliest first, with its four sums.
    List<WebElement> rows = chrome.findElements(By.cssSelector("#cost-units-table tbody tr"));
    assertThat(rows)
        .extracting(r -> r.getAttribute("data-business-unit"))
        .containsExactlyElementsOf(units.stream().map(u -> String.valueOf(u.get(0))).toList());
    for (int i = 0; i < rows.size(); i++) {
      List<WebElement> cells = rows.get(i).findElements(By.tagName("td"));
      for (int c = 1; c <= 4; c++) {
        assertThat(cells.get(c + 1).getText())
            .as("%s, column %d", units.get(i).get(0), c)
            .isEqualTo(Summary.money(((Number) units.get(i).get(c)).doubleValue()));
      }
    }
    assertThat(chrome.findElement(By.cssSelector("#cost-units-table tfoot tr")).getText())
        .startsWith("All business units");

    // The ten costliest variants, as endpoint_costs orders them.
    List<WebElement> top = chrome.findElements(By.cssSelector("#cost-top-table tbody tr"));
    assertThat(top)
        .extracting(r -> r.getAttribute("data-endpoint") + " / " + r.getAttribute("data-variant"))
        .containsExactlyElementsOf(
            variants.subList(0, GovernanceReport.TOP_COSTS).stream()
                .map(v -> v.get(0) + " / " + v.get(1))
                .toList());
    for (int i = 0; i < top.size(); i++) {
      Object cost = variants.get(i).get(2);
      assertThat(top.get(i).findElements(By.tagName("td")).get(5).getText())
          .isEqualTo(cost == null ? "unknown" : Summary.money(((Number) cost).doubleValue()));
    }

    // Unknown costs are counted and said not to be zero.
    WebElement note = chrome.findElement(By.id("costs-unknown"));
    assertThat(note.getAttribute("data-unknown")).isEqualTo(String.valueOf(unknown));
    if (unknown > 0) {
      assertThat(note.getText()).contains(unknown + " of the ").contains("Unknown is not zero");
    } else {
      assertThat(note.getText()).contains("is known");
    }
    assertThat(text("costs-basis"))
        .contains("on-demand list prices x current capacity")
        .contains("data transfer, storage, savings plans");
    ((JavascriptExecutor) chrome)
        .executeScript("document.getElementById('costs').scrollIntoView()");
    screenshot("report-costs.png");
  }

  private Map<String, GeneratedEstate.Version> versions() {
    Map<String, GeneratedEstate.Version> byArn = new HashMap<>();
    estate.groups().forEach(g -> g.versions().forEach(v -> byArn.put(v.arn(), v)));
    return byArn;
  }

  private List<WebElement> findingRows() {
    return chrome.findElements(By.cssSelector("#findings-table tbody tr"));
  }

  private Map<String, Long> countBy(String attribute) {
    return findingRows().stream()
        .collect(Collectors.groupingBy(r -> r.getAttribute(attribute), Collectors.counting()));
  }

  private void choose(String select, String value) {
    chrome.findElement(By.cssSelector("#" + select + " option[value='" + value + "']")).click();
  }

  private String text(String id) {
    return chrome.findElement(By.id(id)).getText();
  }

  private void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.move(
          chrome.getScreenshotAs(OutputType.FILE).toPath(),
          SCREENSHOTS.resolve(name),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
