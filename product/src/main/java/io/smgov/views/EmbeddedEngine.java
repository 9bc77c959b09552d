package io.smgov.views;

import io.smgov.sink.ParquetFiles;
import io.smgov.table.ColumnDefinition;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embedded engine of {@code findings}, {@code query}, {@code report} and {@code demo}: DuckDB
 * over a local warehouse. Each table is a view over its Parquet files (Hive partitions as columns,
 * files of older versions read by column name); the {@code sql/} views are then created exactly as
 * Athena runs them.
 */
public final class EmbeddedEngine implements AutoCloseable {
  /** The schema the tables and views live in (the ${database} of the SQL). */
  public static final String DATABASE = "smgov";

  private final Connection connection;
  private final Path warehouse;

  private EmbeddedEngine(Connection connection, Path warehouse) {
    this.connection = connection;
    this.warehouse = warehouse;
  }

  /** Opens the warehouse and creates every table and view; a missing folder is refused. */
  public static EmbeddedEngine open(Path warehouse, Policy policy) {
    if (!Files.isDirectory(warehouse)) {
      throw new WarehouseException(
          "There is no warehouse at "
              + warehouse
              + ": run 'smgov export --warehouse "
              + warehouse
              + "' (or 'smgov demo') first");
    }
    if (!hasFiles(warehouse.resolve(Tables.EXPORT_RUNS.name()))) {
      throw new WarehouseException(
          "The warehouse at "
              + warehouse
              + " holds no snapshot yet (no export_runs): run 'smgov export --warehouse "
              + warehouse
              + "' first");
    }
    try {
      Connection connection = DriverManager.getConnection("jdbc:duckdb:");
      EmbeddedEngine engine = new EmbeddedEngine(connection, warehouse);
      engine.execute("SET TimeZone = 'UTC'");
      // The one function the views use that DuckDB names differently: Trino's array_join.
      engine.execute("CREATE MACRO array_join(l, sep) AS array_to_string(l, sep)");
      engine.execute("CREATE SCHEMA \"" + DATABASE + "\"");
      for (TableSpec<?> table : Tables.ALL) {
        engine.execute(engine.tableView(table));
      }
      for (ViewCatalog.View view : ViewCatalog.load().views()) {
        try {
          engine.execute(view.render(DATABASE, policy));
        } catch (SQLException e) {
          throw new IllegalStateException(
              "Cannot create view " + view.name() + ": " + e.getMessage(), e);
        }
      }
      return engine;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot open the warehouse at " + warehouse + ": " + e.getMessage(), e);
    }
  }

  /**
   * A table as a view of its declared columns, in declared order, over its files: a column that no
   * file has yet (written by an older smgov) reads as a typed NULL, and a table without files is an
   * empty view.
   */
  private String tableView(TableSpec<?> table) throws SQLException {
    Path folder = warehouse.resolve(table.name());
    String name = "\"" + DATABASE + "\".\"" + table.name() + "\"";
    List<ColumnDefinition> declared = new ArrayList<>(table.storedColumns());
    declared.addAll(Tables.PARTITION_KEYS);
    List<String> present = new ArrayList<>();
    String source = "";
    if (hasFiles(folder)) {
      source =
          " FROM read_parquet("
              + ParquetFiles.literal(folder + "/snapshot_date=*/region=*/*.parquet")
              + ", hive_partitioning = true, union_by_name = true,"
              + " hive_types = {'snapshot_date': 'DATE', 'region': 'VARCHAR'})";
      try (Statement statement = connection.createStatement();
          ResultSet columns = statement.executeQuery("DESCRIBE SELECT *" + source)) {
        while (columns.next()) {
          present.add(columns.getString("column_name"));
        }
      }
    }
    List<String> select = new ArrayList<>();
    for (ColumnDefinition c : declared) {
      select.add(
          present.contains(c.name())
              ? "\"" + c.name() + "\""
              : "CAST(NULL AS " + c.type().duckDbType() + ") AS \"" + c.name() + "\"");
    }
    return "CREATE VIEW "
        + name
        + " AS SELECT "
        + String.join(", ", select)
        + (source.isEmpty() ? " WHERE 1 = 0" : source);
  }

  private static boolean hasFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Runs one statement; an SQL error carries the engine's own message. */
  public QueryResult query(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET search_path = '" + DATABASE + "'");
      try (ResultSet result = statement.executeQuery(sql)) {
        return QueryResult.from(result);
      }
    } catch (SQLException e) {
      throw new QueryException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing to keep
    }
  }

  /** The warehouse cannot be queried: missing or empty. */
  public static final class WarehouseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WarehouseException(String message) {
      super(message);
    }
  }

  /** The engine refused a query; the message is the engine's. */
  public static final class QueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueryException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Column names and rows of a result, values as JDBC returns them (dates and times as java.time).
   */
  public record QueryResult(List<String> columns, List<List<Object>> rows) {
    static QueryResult from(ResultSet result) throws SQLException {
      ResultSetMetaData meta = result.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (result.next()) {
        List<Object> row = new ArrayList<>(columns.size());
        for (int i = 1; i <= columns.size(); i++) {
          Object value = result.getObject(i);
          if (value instanceof Timestamp) {
            value = result.getObject(i, LocalDateTime.class);
          } else if (value instanceof Date) {
            value = result.getObject(i, LocalDate.class);
          }
          row.add(value);
        }
        rows.add(row);
      }
      return new QueryResult(columns, rows);
    }
  }
}
