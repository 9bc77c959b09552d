package io.smgov.sink;

import io.smgov.table.ColumnDefinition;
import io.smgov.table.ColumnType;
import io.smgov.table.TableSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes and reads one warehouse Parquet file with an in-memory DuckDB: ZSTD-compressed, timestamps
 * as INT64 UTC milliseconds, the common columns first, then the table's columns in declaration
 * order. Only {@link TableSpec} columns reach the file.
 */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** Writes {@code rows} (data-column values, in declaration order) to {@code file}. */
  public static void write(
      TableSpec<?> table, Instant snapshotTime, String accountId, List<Object[]> rows, Path file) {
    List<ColumnDefinition> columns = table.storedColumns();
    int common = columns.size() - table.columns().size();
    LocalDateTime snapshot = LocalDateTime.ofInstant(snapshotTime, ZoneOffset.UTC);
    try (DuckDBConnection connection = open()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE t (" + definitions(columns) + ")");
      }
      try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t")) {
        for (Object[] row : rows) {
          appender.beginRow();
          appender.append(snapshot);
          appender.append(accountId);
          for (int i = 0; i < row.length; i++) {
            append(appender, columns.get(common + i).type(), row[i]);
          }
          appender.endRow();
        }
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "COPY (SELECT "
                + projections(columns)
                + " FROM t) TO "
                + literal(file.toString())
                + " (FORMAT parquet, COMPRESSION zstd)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot write " + table.name() + " to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the data columns of a file written by {@link #write}; a column the file lacks (written by
   * an older version) reads as null, a column the table no longer declares is ignored.
   */
  public static List<Object[]> read(TableSpec<?> table, Path file) {
    List<Object[]> rows = new ArrayList<>();
    try (DuckDBConnection connection = open();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM read_parquet(" + literal(file.toString()) + ")")) {
      ResultSetMetaData meta = result.getMetaData();
      Map<String, Integer> positions = new HashMap<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        positions.put(meta.getColumnName(i), i);
      }
      int width = table.columns().size();
      int[] source = new int[width];
      for (int i = 0; i < width; i++) {
        source[i] = positions.getOrDefault(table.columns().get(i).name(), -1);
      }
      while (result.next()) {
        Object[] row = new Object[width];
        for (int i = 0; i < width; i++) {
          if (source[i] > 0) {
            row[i] = value(result, source[i], table.columns().get(i).type());
          }
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read " + table.name() + " from " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static DuckDBConnection open() throws SQLException {
    DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      // Small, bounded native footprint per file: the export writes files from several threads.
      statement.execute("SET threads = 1");
      statement.execute("SET memory_limit = '512MB'");
      statement.execute("SET TimeZone = 'UTC'");
    }
    return connection;
  }

  private static String definitions(List<ColumnDefinition> columns) {
    StringBuilder sql = new StringBuilder();
    for (ColumnDefinition c : columns) {
      if (sql.length() > 0) {
        sql.append(", ");
      }
      sql.append('"').append(c.name()).append("\" ").append(c.type().duckDbType());
    }
    return sql.toString();
  }

  /** Timestamps are stored as TIMESTAMP_MS: INT64 milliseconds, as Athena and Trino read them. */
  private static String projections(List<ColumnDefinition> columns) {
    StringBuilder sql = new StringBuilder();
    for (ColumnDefinition c : columns) {
      if (sql.length() > 0) {
        sql.append(", ");
      }
      if (c.type() == ColumnType.TIMESTAMP) {
        sql.append("CAST(\"").append(c.name()).append("\" AS TIMESTAMP_MS) AS \"").append(c.name()).append('"');
      } else {
        sql.append('"').append(c.name()).append('"');
      }
    }
    return sql.toString();
  }

  private static void append(DuckDBAppender appender, ColumnType type, Object value) throws SQLException {
    if (value == null) {
      appender.appendNull();
      return;
    }
    switch (type) {
      case STRING:
        appender.append((String) value);
        break;
      case INT:
        appender.append(((Integer) value).intValue());
        break;
      case BIGINT:
        appender.append(((Long) value).longValue());
        break;
      case DOUBLE:
        appender.append(((Double) value).doubleValue());
        break;
      case BOOLEAN:
        appender.append(((Boolean) value).booleanValue());
        break;
      case TIMESTAMP:
        appender.append(LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
        break;
      case DATE:
        appender.append((LocalDate) value);
        break;
    }
  }

  private static Object value(ResultSet result, int index, ColumnType type) throws SQLException {
    Object raw = result.getObject(index);
    if (raw == null) {
      return null;
    }
    switch (type) {
      case STRING:
        return raw.toString();
      case INT:
        return ((Number) raw).intValue();
      case BIGINT:
        return ((Number) raw).longValue();
      case DOUBLE:
        return ((Number) raw).doubleValue();
      case BOOLEAN:
        return (Boolean) raw;
      case TIMESTAMP:
        return result.getObject(index, LocalDateTime.class).toInstant(ZoneOffset.UTC);
      case DATE:
        return result.getObject(index, LocalDate.class);
    }
    throw new IllegalStateException("unreachable: " + type);
  }

  /** A SQL string literal. */
  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
