package io.smgov.sink;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One warehouse object: {@code table/snapshot_date=D/region=R/ACCOUNT.parquet}, or, for a table
 * that gains one object per run ({@code export_runs}), {@code ACCOUNT.PART.parquet}: several runs
 * of a day then never read, change and rewrite one object, so two at once lose nothing.
 */
public record ObjectKey(String table, LocalDate date, String region, String account, String part) {
  private static final Pattern PART = Pattern.compile("[0-9A-Za-z-]*");

  public ObjectKey {
    Objects.requireNonNull(table, "table is null");
    Objects.requireNonNull(date, "date is null");
    Objects.requireNonNull(region, "region is null");
    Objects.requireNonNull(account, "account is null");
    Objects.requireNonNull(part, "part is null");
    if (!PART.matcher(part).matches()) {
      throw new IllegalArgumentException("an object key part is letters, digits and -: " + part);
    }
  }

  /** The account's one object of the table in that partition. */
  public ObjectKey(String table, LocalDate date, String region, String account) {
    this(table, date, region, account, "");
  }

  /** The folder of the partition, relative to the warehouse. */
  public String partition() {
    return partition(table, date, region);
  }

  public static String partition(String table, LocalDate date, String region) {
    return table + "/snapshot_date=" + date + "/region=" + region;
  }

  public String path() {
    return partition() + "/" + account + (part.isEmpty() ? "" : "." + part) + ".parquet";
  }

  /**
   * The key of {@code fileName} in a partition, if it is a warehouse object name ({@code
   * ACCOUNT.parquet} or {@code ACCOUNT.PART.parquet}); temporary and foreign files are not.
   */
  public static Optional<ObjectKey> parse(
      String table, LocalDate date, String region, String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new ObjectKey(table, date, region, m.group(1), m.group(2) == null ? "" : m.group(2)));
  }

  private static final Pattern NAME = Pattern.compile("(\\d{12})(?:\\.([0-9A-Za-z-]+))?\\.parquet");
}
