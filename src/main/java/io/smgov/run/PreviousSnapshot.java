package io.smgov.run;

import io.smgov.model.RunStatus;
import io.smgov.sink.ObjectKey;
import io.smgov.sink.ParquetFiles;
import io.smgov.sink.Warehouse;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The newest earlier snapshot of one account and region (today's, on a re-run): what a run carries
 * forward instead of reading it again. Tables are read on first use.
 */
final class PreviousSnapshot {
  private final Warehouse warehouse;
  private final LocalDate date;
  private final String region;
  private final String account;
  private final Path scratch;
  private final Map<String, List<Object[]>> tables = new HashMap<>();

  private PreviousSnapshot(Warehouse warehouse, LocalDate date, String region, String account, Path scratch) {
    this.warehouse = warehouse;
    this.date = date;
    this.region = region;
    this.account = account;
    this.scratch = scratch;
  }

  /**
   * The newest snapshot on or before {@code today} that holds this account and region, among
   * {@code dates} (the warehouse's snapshot dates of model_packages), and whose newest run did not
   * fail: a run that failed while storing may have replaced some of that day's objects, so that
   * day is not a baseline (nor is one whose export_runs cannot be read).
   */
  static Optional<PreviousSnapshot> find(
      Warehouse warehouse, List<LocalDate> dates, LocalDate today, String region, String account, Path scratch) {
    for (int i = dates.size() - 1; i >= 0; i--) {
      LocalDate date = dates.get(i);
      if (date.isAfter(today)) {
        continue;
      }
      if (warehouse.exists(new ObjectKey(Tables.MODEL_PACKAGES.name(), date, region, account))) {
        PreviousSnapshot candidate = new PreviousSnapshot(warehouse, date, region, account, scratch);
        if (candidate.usable()) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private boolean usable() {
    try {
      int status = Tables.EXPORT_RUNS.indexOf("status");
      return newestRun().map(row -> !RunStatus.FAILED.label().equals(row[status])).orElse(true);
    } catch (RuntimeException e) {
      return false; // export_runs unreadable: start afresh, and this run's row replaces it
    }
  }

  LocalDate date() {
    return date;
  }

  synchronized List<Object[]> rows(TableSpec<?> table) {
    return tables.computeIfAbsent(
        table.name(),
        name ->
            warehouse
                .fetch(new ObjectKey(name, date, region, account), scratch)
                .map(file -> ParquetFiles.read(table, file))
                .orElse(List.of()));
  }

  /**
   * Drops the tables read so far; a later {@link #rows} reads them again. The largest tables
   * (reports, metrics, lineage) are let go once used, so an account's export never holds two
   * copies of its estate.
   */
  synchronized void release(TableSpec<?>... done) {
    for (TableSpec<?> table : done) {
      tables.remove(table.name());
    }
  }

  /** A boolean column of the newest finished run of that snapshot (metrics_read, monitoring_read). */
  Optional<Boolean> lastRunFlag(String column) {
    return newestRun().map(row -> (Boolean) row[Tables.EXPORT_RUNS.indexOf(column)]);
  }

  /** A timestamp column of the newest finished run of that snapshot (approvals_watermark). */
  Optional<Instant> lastRunTime(String column) {
    return newestRun().map(row -> (Instant) row[Tables.EXPORT_RUNS.indexOf(column)]);
  }

  /** When the newest run of that snapshot started (wall clock). */
  Optional<Instant> lastRunStarted() {
    return newestRun().map(row -> (Instant) row[Tables.EXPORT_RUNS.indexOf("started_at")]);
  }

  private Optional<Object[]> newestRun() {
    int finished = Tables.EXPORT_RUNS.indexOf("finished_at");
    Object[] newest = null;
    for (Object[] row : rows(Tables.EXPORT_RUNS)) {
      Instant f = (Instant) row[finished];
      if (newest == null || (f != null && (newest[finished] == null || f.isAfter((Instant) newest[finished])))) {
        newest = row;
      }
    }
    return Optional.ofNullable(newest);
  }

  /** The lineage watermark of the newest run of that snapshot that listed lineage in bulk. */
  Optional<Instant> lineageWatermark() {
    int watermark = Tables.EXPORT_RUNS.indexOf("lineage_watermark");
    int finished = Tables.EXPORT_RUNS.indexOf("finished_at");
    Instant best = null;
    Instant bestFinished = null;
    for (Object[] row : rows(Tables.EXPORT_RUNS)) {
      Instant w = (Instant) row[watermark];
      Instant f = (Instant) row[finished];
      if (w != null && (bestFinished == null || (f != null && f.isAfter(bestFinished)))) {
        best = w;
        bestFinished = f;
      }
    }
    return Optional.ofNullable(best);
  }
}
