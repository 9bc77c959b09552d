package io.smgov.run;

import io.smgov.model.ExportRunRow;
import io.smgov.model.RunStatus;
import io.smgov.sink.ObjectKey;
import io.smgov.sink.ParquetFiles;
import io.smgov.sink.Warehouse;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the warehouse should hold, checked against what it holds. Every export records in its {@code
 * export_runs} row how many rows it wrote to each table for its snapshot, region and account; a
 * snapshot is whole when each of those objects exists, reads as Parquet and holds that many rows. A
 * missing or damaged object is then a problem that names it, never fewer findings.
 *
 * <p>The snapshot of a day is its newest run that did not fail (the one {@code latest_snapshot}
 * reads); a day whose runs all failed holds no snapshot. {@link #newest} checks only each account
 * and region's newest snapshot, what findings, report and query read; {@link #all} every snapshot
 * ({@code smgov verify}).
 */
public final class WarehouseAudit {
  /** One object that is not what export_runs says was written. */
  public record Problem(String object, String what) {
    @Override
    public String toString() {
      return object + ": " + what;
    }
  }

  /** What was checked, and what was wrong. */
  public record Result(int snapshots, int objects, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean whole() {
      return problems.isEmpty();
    }
  }

  private record Snapshot(LocalDate date, String region, String account, ExportRunRow run) {}

  private final Warehouse warehouse;
  private final Path scratch;
  private final List<Problem> problems = new ArrayList<>();

  private WarehouseAudit(Warehouse warehouse, Path scratch) {
    this.warehouse = warehouse;
    this.scratch = scratch;
  }

  /** Each account and region's newest snapshot. */
  public static Result newest(Warehouse warehouse) {
    return audit(warehouse, true);
  }

  /** Every snapshot. */
  public static Result all(Warehouse warehouse) {
    return audit(warehouse, false);
  }

  /** S3 objects are fetched into a scratch folder of the audit's own, removed when it ends. */
  private static Result audit(Warehouse warehouse, boolean newestOnly) {
    Path scratch;
    try {
      scratch = Files.createTempDirectory("smgov-audit-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a scratch folder: " + e.getMessage(), e);
    }
    try {
      return new WarehouseAudit(warehouse, scratch).run(newestOnly);
    } finally {
      ExportJob.deleteRecursively(scratch);
    }
  }

  private Result run(boolean newestOnly) {
    List<Snapshot> snapshots = snapshots();
    if (newestOnly) {
      Map<String, Snapshot> newest = new LinkedHashMap<>();
      for (Snapshot s : snapshots) {
        newest.merge(
            s.region() + "/" + s.account(), s, (a, b) -> a.date().isAfter(b.date()) ? a : b);
      }
      snapshots = List.copyOf(newest.values());
    }
    int objects = 0;
    for (Snapshot snapshot : snapshots) {
      for (TableSpec<?> table : Tables.DATA_TABLES) {
        Long expected = snapshot.run().rows().get(table.name());
        if (expected == null) {
          continue; // written by a version that did not count this table
        }
        objects++;
        check(
            new ObjectKey(table.name(), snapshot.date(), snapshot.region(), snapshot.account()),
            expected,
            snapshot.run().runId());
      }
    }
    return new Result(snapshots.size(), objects, problems);
  }

  /** Every (day, region, account) with a run that did not fail, and the newest such run. */
  private List<Snapshot> snapshots() {
    List<Snapshot> snapshots = new ArrayList<>();
    String runsTable = Tables.EXPORT_RUNS.name();
    for (LocalDate date : warehouse.snapshotDates(runsTable)) {
      for (String region : warehouse.regions()) {
        Map<String, List<ExportRunRow>> byAccount = new LinkedHashMap<>();
        for (ObjectKey key : warehouse.objects(runsTable, date, region)) {
          List<ExportRunRow> runs =
              byAccount.computeIfAbsent(key.account(), a -> new ArrayList<>());
          read(key).ifPresent(file -> ParquetFiles.forEach(Tables.EXPORT_RUNS, file, runs::add));
        }
        byAccount.forEach(
            (account, runs) ->
                runs.stream()
                    .filter(r -> r.status() != RunStatus.FAILED)
                    .max(
                        Comparator.comparing(
                            ExportRunRow::finishedAt,
                            Comparator.nullsFirst(Comparator.<Instant>naturalOrder())))
                    .ifPresent(run -> snapshots.add(new Snapshot(date, region, account, run))));
      }
    }
    return snapshots;
  }

  private Optional<Path> read(ObjectKey key) {
    try {
      Optional<Path> file = warehouse.fetch(key, scratch);
      if (file.isPresent()) {
        ParquetFiles.rowCount(file.get());
      }
      return file;
    } catch (RuntimeException e) {
      problems.add(new Problem(key.path(), "cannot be read: " + e.getMessage()));
      return Optional.empty();
    }
  }

  private void check(ObjectKey key, long expected, String runId) {
    String recorded = "export_runs (run " + runId + ") records " + expected + " rows";
    Optional<Path> file;
    try {
      file = warehouse.fetch(key, scratch);
    } catch (RuntimeException e) {
      problems.add(new Problem(key.path(), "cannot be fetched: " + e.getMessage()));
      return;
    }
    if (file.isEmpty()) {
      problems.add(new Problem(key.path(), "missing; " + recorded));
      return;
    }
    try {
      long rows = ParquetFiles.rowCount(file.get());
      if (rows != expected) {
        problems.add(new Problem(key.path(), "holds " + rows + " rows; " + recorded));
      }
    } catch (RuntimeException e) {
      problems.add(new Problem(key.path(), "cannot be read: " + e.getMessage() + "; " + recorded));
    }
  }
}
