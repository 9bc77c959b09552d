package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.model.Waiver;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.table.Column;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.Warehouses;
import io.smgov.views.Policy;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every declared column is filled by the export somewhere in the bundled sample (generated estate
 * plus the hand-written real-world cases, shared groups included, exported twice so the warm run's
 * carry-forward columns are filled too): a column nothing fills is a declaration that lies. The
 * allow-list names the columns the sample legitimately leaves empty, each with why.
 */
class ColumnCoverageTest {
  static final Map<String, String> EMPTY_IN_THE_SAMPLE =
      Map.ofEntries(
          Map.entry(
              "export_runs.error_kind",
              "no account/region fails in the sample (ExportScenariosTest fails some)"),
          Map.entry("export_runs.error_message", "no account/region fails in the sample"),
          Map.entry("export_runs.refreshed_groups", "only a --group or --event run names groups"),
          Map.entry("export_runs.shard", "only an export --shard K/N run has a shard"),
          Map.entry(
              "training_jobs.algorithm_name",
              "the sample's jobs name their image; an algorithm resource is the alternative"),
          Map.entry(
              "export_runs.changed_tables",
              "only a --group or --event run compares its tables with the snapshot it carried"),
          Map.entry(
              "endpoint_deployments.inference_component_base_name",
              "the sample has no adapter inference component (GovernanceTruthTest has)"),
          Map.entry("model_artifacts.error", "every artefact of the sample answers HeadObject"),
          Map.entry(
              "findings.carried_from_date",
              "every rule can judge the sample on both days (FindingRecorderTest makes one unable)"));

  @Test
  void everyDeclaredColumnIsFilledInTheSampleExport(@TempDir Path warehouse) throws Exception {
    PortfolioGenerator.Spec sample = PortfolioGenerator.Spec.sample();
    try (ExportFixture fixture = ExportFixture.start(sample)) {
      fixture.export(
          fixture
              .options(warehouse.toString(), sample.asOf().minusSeconds(86_400).toString())
              .includeShared(true));
      // Each day's findings recorded, the second day with a waiver (the waiver columns).
      ExportFixture.recordFindings(warehouse, Policy.defaults());
      fixture.export(
          fixture.options(warehouse.toString(), sample.asOf().toString()).includeShared(true));
      ExportFixture.recordFindings(
          warehouse,
          Policy.defaults()
              .withWaivers(
                  List.of(
                      new Waiver(
                          "MISSING_OWNER",
                          "arn:aws:sagemaker:*",
                          "owners are being assigned",
                          "platform-lead",
                          LocalDate.parse("2099-12-31")))));
    }
    Set<String> empty = new TreeSet<>();
    for (TableSpec<?> table : Tables.ALL) {
      List<Map<String, Object>> rows = Warehouses.rows(warehouse, table.name());
      for (Column<?> column : table.columns()) {
        if (rows.stream().allMatch(r -> r.get(column.name()) == null)) {
          empty.add(table.name() + "." + column.name());
        }
      }
    }
    assertThat(empty)
        .as("columns no row of the sample fills (allow-list: EMPTY_IN_THE_SAMPLE)")
        .isEqualTo(new TreeSet<>(EMPTY_IN_THE_SAMPLE.keySet()));
  }
}
