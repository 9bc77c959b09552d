package io.smgov.run;

import io.smgov.model.ExportRunRow;
import io.smgov.model.RunStatus;
import io.smgov.sink.ObjectKey;
import io.smgov.sink.ParquetFiles;
import io.smgov.sink.RowSinks;
import io.smgov.sink.Warehouse;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The newest earlier snapshot of one account and region (today's, on a re-run): what a run carries
 * forward instead of reading it again. Each table's object is fetched on first use and then
 * streamed.
 */
final class PreviousSnapshot {
  private final Warehouse warehouse;
  private final LocalDate date;
  private final String region;
  private final String account;
  private final Path scratch;
  private final Map<String, Optional<Path>> files = new HashMap<>();
  private List<ExportRunRow> runs;

  private PreviousSnapshot(
      Warehouse warehouse, LocalDate date, String region, String account, Path scratch) {
    this.warehouse = warehouse;
    this.date = date;
    this.region = region;
    this.account = account;
    this.scratch = scratch;
  }

  /**
   * The newest snapshot on or before {@code today} that holds this account and region, among {@code
   * dates} (the warehouse's snapshot dates of model_packages), and whose newest run did not fail: a
   * run that failed while storing may have replaced some of that day's objects, so that day is not
   * a baseline (nor is one whose export_runs cannot be read).
   */
  static Optional<PreviousSnapshot> find(
      Warehouse warehouse,
      List<LocalDate> dates,
      LocalDate today,
      String region,
      String account,
      Path scratch) {
    for (int i = dates.size() - 1; i >= 0; i--) {
      LocalDate date = dates.get(i);
      if (date.isAfter(today)) {
        continue;
      }
      if (warehouse.exists(new ObjectKey(Tables.MODEL_PACKAGES.name(), date, region, account))) {
        PreviousSnapshot candidate =
            new PreviousSnapshot(warehouse, date, region, account, scratch);
        if (candidate.usable()) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private boolean usable() {
    try {
      return newestRun().map(run -> run.status() != RunStatus.FAILED).orElse(true);
    } catch (RuntimeException e) {
      return false; // export_runs unreadable: start afresh, and this run's row replaces it
    }
  }

  LocalDate date() {
    return date;
  }

  /**
   * Streams the snapshot's rows of {@code table} (none when it has no such object), one row group
   * in memory at a time: carrying a table forward never holds it whole.
   */
  <R> void each(TableSpec<R> table, Consumer<R> action) {
    file(table).ifPresent(file -> ParquetFiles.forEach(table, file, action));
  }

  /** The digest of the table's rows, streamed, as {@link RowSinks#digest} takes it. */
  <R> String digest(TableSpec<R> table) {
    RowSinks.RowDigest digest = new RowSinks.RowDigest();
    each(table, row -> digest.add(table.values(row, false)));
    return digest.hex();
  }

  /**
   * The snapshot's rows of a table small enough to hold (export_runs, endpoint_deployments, cards).
   */
  <R> List<R> list(TableSpec<R> table) {
    List<R> rows = new ArrayList<>();
    each(table, rows::add);
    return rows;
  }

  /**
   * The table's object, fetched once into the scratch folder. An object the snapshot's run recorded
   * rows for but that is gone fails the account and region, naming it: carrying forward nothing
   * would silently drop history (approval events older than CloudTrail's 90 days cannot be read
   * again).
   */
  private synchronized Optional<Path> file(TableSpec<?> table) {
    ObjectKey key = new ObjectKey(table.name(), date, region, account);
    Optional<Path> file =
        files.computeIfAbsent(table.name(), name -> warehouse.fetch(key, scratch));
    if (file.isEmpty()) {
      Optional<ExportRunRow> run = newestRun();
      Long recorded = run.map(r -> r.rows().get(table.name())).orElse(null);
      if (recorded != null && recorded > 0) {
        throw new IllegalStateException(
            "the previous snapshot's "
                + key.path()
                + " is missing, though export_runs (run "
                + run.get().runId()
                + ") records "
                + recorded
                + " rows: restore it (S3 keeps earlier versions when the bucket is versioned),"
                + " or remove that day's objects of this account and region so that an earlier"
                + " snapshot is the baseline (smgov verify lists what is missing)");
      }
    }
    return file;
  }

  /**
   * A value of the newest finished run of that snapshot (metrics_read, approvals_watermark, ...).
   */
  <T> Optional<T> lastRun(Function<ExportRunRow, T> value) {
    return newestRun().map(value);
  }

  /**
   * The snapshot's export_runs rows, read once: every run's object (one per run), and the single
   * object of the day that earlier versions rewrote on each run.
   */
  private synchronized List<ExportRunRow> runs() {
    if (runs == null) {
      List<ExportRunRow> rows = new ArrayList<>();
      ObjectKey day = new ObjectKey(Tables.EXPORT_RUNS.name(), date, region, account);
      for (ObjectKey part : warehouse.parts(day)) {
        warehouse
            .fetch(part, scratch)
            .ifPresent(file -> ParquetFiles.forEach(Tables.EXPORT_RUNS, file, rows::add));
      }
      runs = rows;
    }
    return runs;
  }

  private Optional<ExportRunRow> newestRun() {
    ExportRunRow newest = null;
    for (ExportRunRow run : runs()) {
      Instant f = run.finishedAt();
      if (newest == null
          || (f != null && (newest.finishedAt() == null || f.isAfter(newest.finishedAt())))) {
        newest = run;
      }
    }
    return Optional.ofNullable(newest);
  }

  /** The lineage watermark of the newest run of that snapshot that listed lineage in bulk. */
  Optional<Instant> lineageWatermark() {
    ExportRunRow best = null;
    for (ExportRunRow run : runs()) {
      if (run.lineageWatermark() != null
          && (best == null
              || best.finishedAt() == null
              || (run.finishedAt() != null && run.finishedAt().isAfter(best.finishedAt())))) {
        best = run;
      }
    }
    return Optional.ofNullable(best).map(ExportRunRow::lineageWatermark);
  }
}
