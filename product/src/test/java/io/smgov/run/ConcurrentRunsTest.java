package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.Warehouses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two exports of one account and region at once both keep their export_runs row: each run writes
 * its own object and reads none back (docs/failure-modes.md).
 */
class ConcurrentRunsTest {
  static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          1, List.of("eu-west-1"), 2, 3, 5L, PortfolioGenerator.DEFAULT_AS_OF);

  @Test
  void twoRunsAtOnceKeepBothRows(@TempDir Path warehouse) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ExportFixture fixture = ExportFixture.start(SPEC)) {
      List<Future<ExportJob.Outcome>> runs =
          List.of(
              pool.submit(() -> fixture.export(warehouse, "2026-11-01T06:00:00Z")),
              pool.submit(() -> fixture.export(warehouse, "2026-11-01T06:00:00Z")));
      for (Future<ExportJob.Outcome> run : runs) {
        assertThat(run.get().anyFailed()).isFalse();
      }
    } finally {
      pool.shutdown();
    }
    List<Map<String, Object>> rows = Warehouses.rows(warehouse, "export_runs");
    assertThat(rows).hasSize(2);
    assertThat(rows.stream().map(r -> r.get("run_id")).distinct()).hasSize(2);
    Path partition = warehouse.resolve("export_runs/snapshot_date=2026-11-01/region=eu-west-1");
    try (Stream<Path> files = Files.list(partition)) {
      // One object per run, named ACCOUNT.RUN_ID.parquet.
      assertThat(files.map(f -> f.getFileName().toString()))
          .hasSize(2)
          .allMatch(name -> name.matches("111111111111\\.\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.parquet"));
    }
  }

  @Test
  void aRunStoredWhileAnotherReadsIsDetectedAndWarned(@TempDir Path dir) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Path elsewhere = dir.resolve("elsewhere");
    String partition = "export_runs/snapshot_date=2026-11-01/region=eu-west-1";
    try (ExportFixture fixture = ExportFixture.start(SPEC)) {
      // The other run's row, stored (as that run would) at this run's first SageMaker request:
      // after this run listed the day's runs, before it stores its own objects.
      fixture.export(elsewhere, "2026-11-01T06:00:00Z");
      Path other;
      try (Stream<Path> files = Files.list(elsewhere.resolve(partition))) {
        other = files.findFirst().orElseThrow();
      }
      AtomicBoolean stored = new AtomicBoolean();
      fixture
          .requests()
          .onEntry(
              e -> {
                if (e.service().equals("sagemaker") && stored.compareAndSet(false, true)) {
                  try {
                    Files.createDirectories(warehouse.resolve(partition));
                    Files.copy(other, warehouse.resolve(partition).resolve(other.getFileName()));
                  } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                  }
                }
              });
      ExportJob.Outcome outcome = fixture.export(warehouse, "2026-11-01T06:00:00Z");
      assertThat(outcome.anyFailed()).isFalse();
      String otherRun =
          other.getFileName().toString().replace("111111111111.", "").replace(".parquet", "");
      List<Map<String, Object>> rows = Warehouses.rows(warehouse, "export_runs");
      assertThat(rows).hasSize(2);
      assertThat(rows)
          .filteredOn(r -> !otherRun.equals(r.get("run_id")))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(String.valueOf(r.get("warnings")))
                      .contains(
                          "another export of this account and region (run "
                              + otherRun
                              + ") stored its objects while this run read the estate"));
      assertThat(fixture.log()).contains("another export of this account and region");
    }
  }
}
