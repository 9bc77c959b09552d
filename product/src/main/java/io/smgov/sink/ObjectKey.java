package io.smgov.sink;

import java.time.LocalDate;
import java.util.Objects;

/** One warehouse object: {@code table/snapshot_date=D/region=R/ACCOUNT.parquet}. */
public record ObjectKey(String table, LocalDate date, String region, String account) {
  public ObjectKey {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(date, "date is null");
    Objects.requireNonNull(region, "region is null");
    Objects.requireNonNull(account, "account is null");
  }

  public String path() {
    return table + "/snapshot_date=" + date + "/region=" + region + "/" + account + ".parquet";
  }
}
