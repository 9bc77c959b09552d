package io.smgov.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.simulator.GeneratedEstate;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.PlantedFindings;
import io.smgov.testing.Results;
import io.smgov.testing.TrinoExtension;
import io.smgov.testing.TrinoServer;
import io.smgov.testing.TrinoWarehouse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On several generated portfolios: every view returns the same rows on Trino (Athena's engine) and
 * on DuckDB (the embedded one), and the findings are exactly what the generator planted.
 */
@ExtendWith(TrinoExtension.class)
class ViewsParityTest {
  static final Set<String> RULES_SEEN = new HashSet<>();

  /**
   * The views that returned rows in some portfolio: a small estate may lack what a view shows (20
   * versions may register no data-quality report), so each view must have rows in one of them.
   */
  static final Set<String> VIEWS_WITH_ROWS = new HashSet<>();

  /**
   * Trino's query.max-stage-count is 150; a view leaves room (45 stages) for the queries built on
   * it. The largest is portfolio_summary (101): governance_findings (93) plus the registry counts
   * and the endpoint rows with their CloudWatch metrics (serverless costs); dashboards read it with
   * a filter and a sort, a few stages. Raised from 100 when costs joined it.
   */
  static final long MAX_STAGES = 105;

  static Stream<PortfolioGenerator.Spec> portfolios() {
    return Stream.of(
        new PortfolioGenerator.Spec(
            1, List.of("eu-west-1"), 4, 5, 2L, PortfolioGenerator.DEFAULT_AS_OF),
        new PortfolioGenerator.Spec(
            3, List.of("eu-west-1", "us-east-1"), 5, 6, 31L, PortfolioGenerator.DEFAULT_AS_OF),
        new PortfolioGenerator.Spec(
            4, List.of("eu-west-1"), 8, 12, 77L, PortfolioGenerator.DEFAULT_AS_OF));
  }

  @ParameterizedTest
  @MethodSource("portfolios")
  void everyViewAgreesAndTheFindingsAreThePlantedOnes(
      PortfolioGenerator.Spec spec, TrinoServer trino) throws Exception {
    Path warehouse = TrinoExtension.dataRoot().resolve("parity-" + UUID.randomUUID());
    List<GeneratedEstate.Finding> planted;
    try (ExportFixture fixture = ExportFixture.start(spec)) {
      fixture.export(warehouse, spec.asOf().minusSeconds(86_400 - 6 * 3600).toString());
      fixture.export(warehouse, spec.asOf().toString());
      // The newest day's findings recorded (the first record opens each: finding_changes has
      // rows); histories over several days are FindingHistoryTest's.
      ExportFixture.recordFindings(warehouse, Policy.defaults());
      Policy policy = Policy.defaults();
      planted =
          PlantedFindings.of(
              fixture.estate,
              spec.asOf(),
              policy.staleAfterDays(),
              policy.pendingAfterDays(),
              policy.requiredTags(),
              policy.idleDays(),
              policy.latencyP90Ms());
    }
    Policy policy = Policy.defaults();
    try (EmbeddedEngine duck = EmbeddedEngine.open(warehouse, policy);
        TrinoWarehouse athena =
            TrinoWarehouse.register(
                trino,
                warehouse,
                "parity_" + UUID.randomUUID().toString().substring(0, 8),
                policy)) {
      for (ViewCatalog.View view : ViewCatalog.load().views()) {
        EmbeddedEngine.QueryResult onDuck = duck.query("SELECT * FROM " + view.name());
        EmbeddedEngine.QueryResult onTrino = athena.query("SELECT * FROM " + view.name());
        assertThat(onTrino.columns()).as(view.name() + " columns").isEqualTo(onDuck.columns());
        assertThat(Results.canonical(onTrino))
            .as(view.name() + " rows")
            .isEqualTo(Results.canonical(onDuck));
        if (!onDuck.rows().isEmpty()) {
          VIEWS_WITH_ROWS.add(view.name());
        }
        // The declared columns (sql/manifest.yaml) are what Athena returns: names, order and types.
        List<String> described =
            athena.query("DESCRIBE " + view.name()).rows().stream()
                .map(r -> r.get(0) + " " + r.get(1).toString().replaceAll("\\(.*\\)", ""))
                .toList();
        assertThat(described)
            .as(view.name() + " columns on Trino against sql/manifest.yaml")
            .isEqualTo(view.columns().stream().map(c -> c.name() + " " + c.type()).toList());
        // Athena inlines every view a query names; Trino refuses a query of more than 150 stages.
        // Keep each view well under it, so dashboards can filter and join on top of it.
        long stages =
            athena.query("EXPLAIN (TYPE DISTRIBUTED) SELECT * FROM " + view.name()).rows().stream()
                .mapToLong(
                    r -> r.get(0).toString().lines().filter(l -> l.startsWith("Fragment ")).count())
                .sum();
        assertThat(stages).as(view.name() + " stages on Trino").isLessThanOrEqualTo(MAX_STAGES);
      }
      List<String> found =
          Results.canonical(
              duck.query(
                  "SELECT rule_id, severity, account_id, region, coalesce(endpoint_name, '-'), coalesce(variant_name, '-'),"
                      + " coalesce(model_package_arn, '-') FROM governance_findings"));
      List<String> expected =
          planted.stream()
              .map(
                  f ->
                      String.join(
                          " | ",
                          f.ruleId(),
                          f.severity(),
                          f.account(),
                          f.region(),
                          f.endpointName() == null ? "-" : f.endpointName(),
                          f.variantName() == null ? "-" : f.variantName(),
                          f.modelPackageArn() == null ? "-" : f.modelPackageArn()))
              .sorted()
              .toList();
      assertThat(found).isEqualTo(expected);
      planted.forEach(f -> RULES_SEEN.add(f.ruleId()));
    }
  }

  @AfterAll
  static void theGeneratedPortfoliosPlantEveryRule() {
    // Every rule of the catalog but the four the generator cannot plant: the audit rules need
    // CloudTrail history, a policy's approver_roles or required_evidence, and S3 artefacts, which
    // the hand-written real-world cases and AuditRulesTest cover.
    Set<String> expected = new HashSet<>(RuleCatalog.load().ids());
    expected.removeAll(
        Set.of(
            "APPROVER_NOT_AUTHORIZED",
            "DEPLOYED_BEFORE_APPROVAL",
            "ARTIFACT_CHANGED_AFTER_REGISTRATION",
            "MISSING_REQUIRED_EVIDENCE"));
    assertThat(expected).hasSize(17);
    assertThat(RULES_SEEN).containsExactlyInAnyOrderElementsOf(expected);
  }

  @AfterAll
  static void everyViewHasRowsInSomePortfolio() {
    assertThat(VIEWS_WITH_ROWS)
        .containsExactlyInAnyOrderElementsOf(
            ViewCatalog.load().views().stream().map(ViewCatalog.View::name).toList());
  }
}
