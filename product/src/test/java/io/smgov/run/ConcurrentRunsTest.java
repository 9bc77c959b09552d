package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.simulator.PortfolioGenerator;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
}
