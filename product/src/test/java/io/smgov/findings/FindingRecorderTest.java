package io.smgov.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.ExportFixture;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unknown is not none, over time: a finding whose rule cannot judge its resource on a later day
 * (what the rule needs was not read) is carried into that day's record, marked with the day it was
 * last judged, and stays open; and the recorder's finding id is the view's.
 */
class FindingRecorderTest {
  private static final PortfolioGenerator.Spec SAMPLE = PortfolioGenerator.Spec.sample();
  private static final Instant DAY2 = SAMPLE.asOf();
  private static final Instant DAY1 = DAY2.minusSeconds(86_400);

  @TempDir Path warehouse;

  @Test
  void aFindingItsRuleCannotJudgeIsCarriedNotResolved() throws Exception {
    List<String> operational;
    try (ExportFixture fixture = ExportFixture.start(SAMPLE)) {
      fixture.export(fixture.options(warehouse.toString(), DAY1.toString()));
      ExportFixture.recordFindings(warehouse, Policy.defaults());
      try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse, Policy.defaults())) {
        operational =
            column(
                engine,
                "SELECT finding_id FROM findings WHERE rule_id IN ('IDLE_ENDPOINT', 'LATENCY_OVER_BUDGET')"
                    + " ORDER BY finding_id");
        // The recorder's identity of a finding is the view's.
        for (List<Object> row :
            engine
                .query(
                    "SELECT rule_id, resource_arn, variant_name, finding_id FROM governance_findings"
                        + " WHERE rule_id IN ('IDLE_ENDPOINT', 'NO_MONITORING')")
                .rows()) {
          String resource =
              row.get(0).equals("NO_MONITORING")
                  ? (String) row.get(1)
                  : row.get(1) + "|" + row.get(2);
          assertThat(FindingId.of((String) row.get(0), resource)).isEqualTo(row.get(3));
        }
      }
      assertThat(operational).as("the sample has idle and slow endpoints").isNotEmpty();
      // Day 2 reads no CloudWatch metrics: idleness and latency cannot be judged.
      fixture.export(fixture.options(warehouse.toString(), DAY2.toString()).metricsDays(0));
    }
    ExportFixture.recordFindings(warehouse, Policy.defaults());

    try (EmbeddedEngine engine = EmbeddedEngine.open(warehouse, Policy.defaults())) {
      assertThat(
              column(
                  engine,
                  "SELECT finding_id FROM governance_findings WHERE rule_id IN ('IDLE_ENDPOINT', 'LATENCY_OVER_BUDGET')"))
          .as("the view is silent on day 2")
          .isEmpty();
      assertThat(
              column(
                  engine,
                  "SELECT finding_id || ' ' || CAST(carried_from_date AS VARCHAR) FROM findings"
                      + " WHERE snapshot_date = DATE '2026-11-01' AND rule_id IN ('IDLE_ENDPOINT', 'LATENCY_OVER_BUDGET')"
                      + " ORDER BY 1"))
          .isEqualTo(operational.stream().map(id -> id + " 2026-10-31").toList());
      assertThat(
              column(
                  engine,
                  "SELECT DISTINCT status || ' ' || CAST(last_seen_date AS VARCHAR) FROM finding_history"
                      + " WHERE rule_id IN ('IDLE_ENDPOINT', 'LATENCY_OVER_BUDGET')"))
          .containsExactly("open 2026-11-01");
      assertThat(
              column(
                  engine,
                  "SELECT count(*) FROM finding_changes WHERE rule_id IN ('IDLE_ENDPOINT', 'LATENCY_OVER_BUDGET')"))
          .containsExactly("0");
    }
  }

  private static List<String> column(EmbeddedEngine engine, String sql) {
    return engine.query(sql).rows().stream().map(r -> String.valueOf(r.get(0))).toList();
  }
}
