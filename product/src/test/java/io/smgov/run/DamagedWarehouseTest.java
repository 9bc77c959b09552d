package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.model.RunStatus;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warehouse that lacks what its export_runs say was written is found, object by object, and an
 * export never carries forward less than its baseline held (docs/failure-modes.md).
 */
class DamagedWarehouseTest {
  static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          1, List.of("eu-west-1"), 2, 3, 5L, PortfolioGenerator.DEFAULT_AS_OF);
  static final String DAY1 = "snapshot_date=2026-11-01/region=eu-west-1/111111111111.parquet";

  @Test
  void theAuditNamesEachMissingOrDamagedObject(@TempDir Path warehouse) throws Exception {
    try (ExportFixture fixture = ExportFixture.start(SPEC)) {
      fixture.export(warehouse, "2026-11-01T06:00:00Z");
    }
    LocalWarehouse local = new LocalWarehouse(WarehouseLocation.parse(warehouse.toString()));
    WarehouseAudit.Result whole = WarehouseAudit.all(local);
    // One snapshot (one account, one region, one day), each of the twenty data tables counted.
    assertThat(whole.snapshots()).isEqualTo(1);
    assertThat(whole.objects()).isEqualTo(20);
    assertThat(whole.problems()).isEmpty();

    long versions = recorded(warehouse, "rows_model_packages");
    assertThat(versions).as("2 groups x 3 versions").isEqualTo(6);
    Files.delete(warehouse.resolve("model_cards/" + DAY1));
    Path packages = warehouse.resolve("model_packages/" + DAY1);
    byte[] bytes = Files.readAllBytes(packages);
    Files.write(packages, Arrays.copyOf(bytes, bytes.length / 2));
    long cards = recorded(warehouse, "rows_model_cards");

    List<WarehouseAudit.Problem> problems = WarehouseAudit.newest(local).problems();
    assertThat(problems)
        .extracting(WarehouseAudit.Problem::object)
        .containsExactly("model_packages/" + DAY1, "model_cards/" + DAY1);
    String run = String.valueOf(Warehouses.rows(warehouse, "export_runs").get(0).get("run_id"));
    assertThat(problems.get(0).what())
        .startsWith("cannot be read: not a whole Parquet file (")
        .endsWith("; export_runs (run " + run + ") records 6 rows");
    assertThat(problems.get(1).what())
        .isEqualTo("missing; export_runs (run " + run + ") records " + cards + " rows");
  }

  @Test
  void aBaselineObjectThatIsGoneFailsTheAccountNamingIt(@TempDir Path warehouse) throws Exception {
    try (ExportFixture fixture = ExportFixture.start(SPEC)) {
      fixture.export(warehouse, "2026-11-01T06:00:00Z");
      long deployments = recorded(warehouse, "rows_endpoint_deployments");
      assertThat(deployments).as("the spec deploys versions").isPositive();
      Files.delete(warehouse.resolve("endpoint_deployments/" + DAY1));

      ExportJob.Outcome next = fixture.export(warehouse, "2026-11-02T06:00:00Z");
      assertThat(next.runs())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.status()).isEqualTo(RunStatus.FAILED);
                assertThat(r.errorMessage())
                    .contains(
                        "the previous snapshot's endpoint_deployments/"
                            + DAY1
                            + " is missing, though export_runs (run ")
                    .contains(") records " + deployments + " rows: restore it");
              });
    }
  }

  private static long recorded(Path warehouse, String column) {
    Map<String, Object> run = Warehouses.rows(warehouse, "export_runs").get(0);
    return ((Number) run.get(column)).longValue();
  }
}
