package io.smgov.table;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The column types a table may declare, with their Glue (Hive) type, DuckDB type and the Java type
 * of their values. Timestamps are UTC instants, stored as INT64 milliseconds holding the UTC
 * wall-clock time ({@code isAdjustedToUTC=false}: Athena's {@code timestamp}, no time zone).
 */
public enum ColumnType {
  STRING("string", "VARCHAR", String.class),
  INT("int", "INTEGER", Integer.class),
  BIGINT("bigint", "BIGINT", Long.class),
  DOUBLE("double", "DOUBLE", Double.class),
  BOOLEAN("boolean", "BOOLEAN", Boolean.class),
  TIMESTAMP("timestamp", "TIMESTAMP", Instant.class),
  DATE("date", "DATE", LocalDate.class);

  private final String glueType;
  private final String duckDbType;
  private final Class<?> javaType;

  ColumnType(String glueType, String duckDbType, Class<?> javaType) {
    this.glueType = glueType;
    this.duckDbType = duckDbType;
    this.javaType = javaType;
  }

  public String glueType() {
    return glueType;
  }

  public String duckDbType() {
    return duckDbType;
  }

  public Class<?> javaType() {
    return javaType;
  }
}
