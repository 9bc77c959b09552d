package io.smgov.testing;

import io.smgov.model.FindingRow;
import io.smgov.model.FindingRunRow;
import io.smgov.model.Waiver;
import io.smgov.model.WaiverRow;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.ObjectKey;
import io.smgov.sink.ParquetFiles;
import io.smgov.sink.WarehouseLocation;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Recorded findings written by hand, as smgov findings record would have written them: the history
 * views' and the report's tests build their days with it.
 */
public final class RecordedFindings {
  private final Path warehouse;
  private final String region;

  public RecordedFindings(Path warehouse, String region) {
    this.warehouse = warehouse;
    this.region = region;
  }

  /** A finding about "arn:ID" (its version "group-ID" 1), owned by "owner-ID". */
  public static FindingRow finding(
      String id, String rule, String category, String severity, String bu, String detail) {
    return new FindingRow(
        id,
        rule,
        category,
        severity,
        "arn:" + id,
        "group-" + id,
        "arn:" + id,
        1,
        null,
        null,
        "owner-" + id,
        bu,
        detail,
        null,
        null,
        null,
        null,
        null);
  }

  /** One account's day: its findings, the waivers it was judged with, and its finding_runs row. */
  public void record(String account, LocalDate day, List<FindingRow> rows, Waiver... waivers)
      throws IOException {
    List<WaiverRow> waiverRows = new ArrayList<>();
    for (Waiver w : waivers) {
      waiverRows.add(
          WaiverRow.of(
              w, rows.stream().filter(f -> w.resource().equals(f.waiverResource())).count()));
    }
    long waived = rows.stream().filter(f -> f.waiverResource() != null).count();
    write(Tables.FINDINGS, account, day, rows);
    write(Tables.WAIVERS, account, day, waiverRows);
    write(
        Tables.FINDING_RUNS,
        account,
        day,
        List.of(
            new FindingRunRow(
                Instant.parse(day + "T07:00:00Z"),
                "test",
                "policy",
                (long) rows.size(),
                waived,
                "test")));
  }

  /** One table's file of an account's day, snapshot time 06:00 UTC. */
  public <R> void write(TableSpec<R> table, String account, LocalDate day, List<R> rows)
      throws IOException {
    Path file = Files.createTempDirectory("smgov-recorded-").resolve("f.parquet");
    ParquetFiles.write(table, Instant.parse(day + "T06:00:00Z"), account, rows, file);
    new LocalWarehouse(WarehouseLocation.parse(warehouse.toString()))
        .put(new ObjectKey(table.name(), day, region, account), file);
  }
}
