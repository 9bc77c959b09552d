package io.smgov.testing;

import io.smgov.table.ColumnDefinition;
import io.smgov.table.ColumnType;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import io.smgov.views.ViewCatalog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * A local warehouse registered in Trino's hive catalog as one schema: one external Parquet table
 * per declaration (partitioned by snapshot_date and region, partitions synced from the folders),
 * and every sql/ view created in it, exactly as rendered for Athena.
 */
public final class TrinoWarehouse implements AutoCloseable {
  private final Connection connection;
  private final String schema;

  private TrinoWarehouse(Connection connection, String schema) {
    this.connection = connection;
    this.schema = schema;
  }

  /** {@code warehouse} must lie under {@link TrinoExtension#dataRoot()}. */
  public static TrinoWarehouse register(
      TrinoServer trino, Path warehouse, String schema, Policy policy) throws SQLException {
    TrinoWarehouse registered = registerTablesOnly(trino, warehouse, schema);
    for (ViewCatalog.View view : ViewCatalog.load().views()) {
      try {
        registered.execute(view.render(schema, policy));
      } catch (SQLException e) {
        throw new SQLException("Trino refused view " + view.name() + ": " + e.getMessage(), e);
      }
    }
    return registered;
  }

  /** The tables only, no views. */
  public static TrinoWarehouse registerTablesOnly(TrinoServer trino, Path warehouse, String schema)
      throws SQLException {
    Path relative = TrinoExtension.dataRoot().relativize(warehouse.toAbsolutePath());
    if (relative.startsWith("..")) {
      throw new IllegalArgumentException(warehouse + " is not under " + TrinoExtension.dataRoot());
    }
    Connection connection = trino.connect("hive");
    TrinoWarehouse registered = new TrinoWarehouse(connection, schema);
    registered.execute("CREATE SCHEMA hive." + schema);
    for (TableSpec<?> table : Tables.ALL) {
      List<String> columns = new ArrayList<>();
      for (ColumnDefinition c : table.storedColumns()) {
        columns.add(c.name() + " " + trinoType(c.type()));
      }
      for (ColumnDefinition c : Tables.PARTITION_KEYS) {
        columns.add(c.name() + " " + trinoType(c.type()));
      }
      registered.execute(
          "CREATE TABLE hive."
              + schema
              + "."
              + table.name()
              + " ("
              + String.join(", ", columns)
              + ") WITH ("
              + "external_location = 'local:///"
              + relative.resolve(table.name())
              + "', format = 'PARQUET',"
              + " partitioned_by = ARRAY['snapshot_date', 'region'])");
      registered.execute(
          "CALL hive.system.sync_partition_metadata('"
              + schema
              + "', '"
              + table.name()
              + "', 'FULL')");
    }
    return registered;
  }

  public String schema() {
    return schema;
  }

  static String trinoType(ColumnType type) {
    switch (type) {
      case STRING:
        return "varchar";
      case INT:
        return "integer";
      case BIGINT:
        return "bigint";
      case DOUBLE:
        return "double";
      case BOOLEAN:
        return "boolean";
      case TIMESTAMP:
        return "timestamp(3)";
      case DATE:
        return "date";
    }
    throw new IllegalArgumentException(type.toString());
  }

  public void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  public EmbeddedEngine.QueryResult query(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("USE hive." + schema);
      try (ResultSet result = statement.executeQuery(sql)) {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
          columns.add(result.getMetaData().getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (result.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            Object value = result.getObject(i);
            if (value instanceof Timestamp) {
              value = ((Timestamp) value).toLocalDateTime();
            } else if (value instanceof Date) {
              value = ((Date) value).toLocalDate();
            }
            row.add(value);
          }
          rows.add(row);
        }
        return new EmbeddedEngine.QueryResult(columns, rows);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
