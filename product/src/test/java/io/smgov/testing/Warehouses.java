package io.smgov.testing;

import io.smgov.sink.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a local warehouse's tables with DuckDB, for assertions. */
public final class Warehouses {
  private Warehouses() {}

  /** Every row of a table, all snapshots, with the partition columns, as column → value maps. */
  public static List<Map<String, Object>> rows(Path warehouse, String table) {
    Path folder = warehouse.resolve(table);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    return query(
        "SELECT * FROM read_parquet("
            + ParquetFiles.literal(folder + "/*/*/*.parquet")
            + ", hive_partitioning = true, hive_types_autocast = false, union_by_name = true)");
  }

  public static List<Map<String, Object>> rows(Path warehouse, String table, String snapshotDate) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> row : rows(warehouse, table)) {
      if (snapshotDate.equals(String.valueOf(row.get("snapshot_date")))) {
        rows.add(row);
      }
    }
    return rows;
  }

  public static List<Map<String, Object>> query(String sql) {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      try (ResultSet result = statement.executeQuery(sql)) {
        ResultSetMetaData meta = result.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = result.getObject(i);
            row.put(
                meta.getColumnName(i),
                value instanceof Timestamp ? result.getObject(i, LocalDateTime.class) : value);
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage() + "\n" + sql, e);
    }
  }
}
