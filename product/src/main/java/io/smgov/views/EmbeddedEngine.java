package io.smgov.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.sink.ParquetFiles;
import io.smgov.table.ColumnDefinition;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The embedded engine of {@code findings}, {@code query}, {@code report} and {@code demo}: DuckDB
 * over a local warehouse. Each table is a view over its Parquet files (Hive partitions as columns,
 * files of older versions read by column name); the {@code sql/} views are then created exactly as
 * Athena runs them.
 *
 * <p>The engine reads the warehouse and nothing else. Once the views exist, file access is limited
 * to the warehouse folder ({@code allowed_directories}, {@code enable_external_access = false}) and
 * the configuration is locked, so no statement can read or write another file, attach a database or
 * load an extension. A warehouse path with glob characters ({@code [ ] * ? { }}) is read literally,
 * through a link with a plain name: DuckDB's file globs would otherwise match siblings ({@code
 * wh[0]} would read {@code wh0}). {@link #select} runs a user's statement only when it is one
 * SELECT.
 */
public final class EmbeddedEngine implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The schema the tables and views live in (the ${database} of the SQL). */
  public static final String DATABASE = "smgov";

  /** What DuckDB's file globs treat as patterns. */
  private static final Pattern GLOB = Pattern.compile("[\\[\\]*?{}\\\\]");

  private final Connection connection;

  /** The folder the engine reads: the warehouse, or a plain-named link to it. */
  private final Path warehouse;

  /** The link's folder, deleted on close; null when the warehouse is read directly. */
  private final Path linkFolder;

  /** Damaged files set aside, by table. */
  private final Map<String, Set<Path>> skipped = new TreeMap<>();

  private EmbeddedEngine(Connection connection, Path warehouse, Path linkFolder) {
    this.connection = connection;
    this.warehouse = warehouse;
    this.linkFolder = linkFolder;
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
    Path linkFolder = null;
    Path readable = warehouse.toAbsolutePath().normalize();
    if (GLOB.matcher(readable.toString()).find()) {
      linkFolder = literalLink(readable);
      readable = linkFolder.resolve("warehouse");
    }
    try {
      Connection connection = DriverManager.getConnection("jdbc:duckdb:");
      EmbeddedEngine engine = new EmbeddedEngine(connection, readable, linkFolder);
      engine.execute("SET TimeZone = 'UTC'");
      // The functions the views use that DuckDB names or types differently: Trino's array_join.
      engine.execute("CREATE MACRO array_join(l, sep) AS array_to_string(l, sep)");
      // finding_id is lower(to_hex(sha256(to_utf8(...)))): Trino's sha256 takes and returns
      // varbinary, DuckDB's returns hex text. These two macros make the same expression give the
      // same id on both engines (a macro in main shadows the built-in function).
      engine.execute("CREATE MACRO to_utf8(s) AS encode(s)");
      engine.execute("CREATE MACRO sha256(b) AS unhex(system.main.sha256(b))");
      engine.execute("CREATE SCHEMA \"" + DATABASE + "\"");
      for (TableSpec<?> table : Tables.ALL) {
        engine.createTableView(table);
      }
      for (ViewCatalog.View view : ViewCatalog.load().views()) {
        try {
          engine.execute(view.render(DATABASE, policy));
        } catch (SQLException e) {
          throw new IllegalStateException(
              "Cannot create view " + view.name() + ": " + e.getMessage(), e);
        }
      }
      engine.execute("SET search_path = '" + DATABASE + "'");
      // From here on: the warehouse, read-only, and nothing else.
      engine.execute("SET allowed_directories = [" + ParquetFiles.literal(readable + "/") + "]");
      engine.execute("SET enable_external_access = false");
      engine.execute("SET lock_configuration = true");
      return engine;
    } catch (SQLException e) {
      deleteLink(linkFolder);
      throw new IllegalStateException(
          "Cannot open the warehouse at " + warehouse + ": " + e.getMessage(), e);
    }
  }

  /** A temporary folder holding a link named "warehouse" to {@code warehouse}. */
  private static Path literalLink(Path warehouse) {
    try {
      Path folder = Files.createTempDirectory("smgov-warehouse-");
      if (GLOB.matcher(folder.toString()).find()) {
        deleteLink(folder);
        throw new WarehouseException(
            "The warehouse path "
                + warehouse
                + " holds glob characters ([ ] * ? { } \\), and so does the temporary folder "
                + folder.getParent()
                + ": set java.io.tmpdir (SMGOV_JAVA_OPTS=-Djava.io.tmpdir=DIR) to a plain folder");
      }
      Files.createSymbolicLink(folder.resolve("warehouse"), warehouse);
      return folder;
    } catch (IOException | UnsupportedOperationException e) {
      throw new WarehouseException(
          "The warehouse path "
              + warehouse
              + " holds glob characters ([ ] * ? { } \\) and cannot be linked under a plain name"
              + " here ("
              + e.getMessage()
              + "): move or rename the warehouse folder");
    }
  }

  private static void deleteLink(Path folder) {
    if (folder == null) {
      return;
    }
    try {
      Files.deleteIfExists(folder.resolve("warehouse"));
      Files.deleteIfExists(folder);
    } catch (IOException e) {
      // a stale link in the temporary folder is harmless
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
              + files(table, folder)
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
    return "CREATE OR REPLACE VIEW "
        + name
        + " AS SELECT "
        + String.join(", ", select)
        + (source.isEmpty() ? " WHERE 1 = 0" : source);
  }

  /**
   * The table's files: a glob over its partitions, or, once a damaged file was found, the list of
   * every other file.
   */
  private String files(TableSpec<?> table, Path folder) {
    Set<Path> damaged = skipped.getOrDefault(table.name(), Set.of());
    if (damaged.isEmpty()) {
      return ParquetFiles.literal(folder + "/snapshot_date=*/region=*/*.parquet");
    }
    // The files the glob would read: snapshot_date=*/region=*/*.parquet, through links too.
    try (Stream<Path> files = Files.walk(folder, 3, FileVisitOption.FOLLOW_LINKS)) {
      return files
          .filter(f -> folder.relativize(f).getNameCount() == 3)
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .filter(f -> f.getParent().getFileName().toString().startsWith("region="))
          .filter(
              f -> f.getParent().getParent().getFileName().toString().startsWith("snapshot_date="))
          .filter(f -> !damaged.contains(f))
          .sorted()
          .map(f -> ParquetFiles.literal(f.toString()))
          .collect(Collectors.joining(", ", "[", "]"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Pattern QUOTED_FILE = Pattern.compile("'([^']+\\.parquet)'");

  /**
   * The damaged warehouse file an engine error names, if any: DuckDB names the file it could not
   * read ("No magic bytes found at end of file '...'"); it counts only when its footer does not
   * read (a schema error names files too).
   */
  private Optional<Path> damagedFile(SQLException e) {
    Matcher m = QUOTED_FILE.matcher(String.valueOf(e.getMessage()));
    while (m.find()) {
      Path file = Path.of(m.group(1));
      if (file.startsWith(warehouse) && Files.isRegularFile(file)) {
        try {
          ParquetFiles.rowCount(file);
        } catch (RuntimeException unreadable) {
          return Optional.of(file);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code work}; an error naming a damaged file sets that file aside (its table's view is
   * recreated without it, and {@link #skipped()} lists it) and runs it again. The caller checked
   * the newest snapshots first, so what is set aside belongs to older snapshots.
   */
  private <T> T aside(SqlWork<T> work) throws SQLException {
    Set<TableSpec<?>> rebuild = new LinkedHashSet<>();
    while (true) {
      try {
        // Rebuilt inside the try: a second damaged file of the table is set aside in turn.
        for (TableSpec<?> table : rebuild) {
          execute(tableView(table));
        }
        rebuild.clear();
        return work.run();
      } catch (SQLException e) {
        Optional<Path> file = damagedFile(e);
        if (file.isEmpty() || newest(file.get())) {
          throw e;
        }
        String table = warehouse.relativize(file.get()).getName(0).toString();
        Optional<TableSpec<?>> spec = Tables.byName(table);
        if (spec.isEmpty()
            || !skipped.computeIfAbsent(table, t -> new TreeSet<>()).add(file.get())) {
          throw e;
        }
        rebuild.add(spec.get());
      }
    }
  }

  /**
   * Whether {@code file} belongs to its account and region's newest snapshot of its table: such a
   * file is never set aside (the current views would lose that account), its error stands.
   */
  private boolean newest(Path file) {
    Path relative = warehouse.relativize(file);
    if (relative.getNameCount() != 4) {
      return true;
    }
    String date = relative.getName(1).toString();
    String region = relative.getName(2).toString();
    String name = relative.getFileName().toString();
    try (Stream<Path> days = Files.list(warehouse.resolve(relative.getName(0)))) {
      return days.map(d -> d.getFileName().toString())
          .filter(d -> d.startsWith("snapshot_date="))
          .filter(
              d ->
                  Files.exists(
                      warehouse
                          .resolve(relative.getName(0))
                          .resolve(d)
                          .resolve(region)
                          .resolve(name)))
          .max(String::compareTo)
          .map(d -> d.equals(date))
          .orElse(true);
    } catch (IOException e) {
      return true;
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private void createTableView(TableSpec<?> table) throws SQLException {
    aside(
        () -> {
          execute(tableView(table));
          return null;
        });
  }

  /** The damaged files set aside so far, relative to the warehouse, in name order. */
  public List<String> skipped() {
    return skipped.values().stream()
        .flatMap(Set::stream)
        .map(f -> warehouse.relativize(f).toString())
        .sorted()
        .toList();
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

  /**
   * Runs a user's statement when it is exactly one SELECT (WITH, FROM-first, VALUES, DESCRIBE and
   * SUMMARIZE are SELECTs), else refuses it naming why; the engine's own access limits hold either
   * way.
   */
  public QueryResult select(String sql) {
    String parsed;
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT CAST(json_serialize_sql(?) AS VARCHAR)")) {
      statement.setString(1, sql);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        parsed = result.getString(1);
      }
    } catch (SQLException e) {
      throw new QueryException(e.getMessage(), e);
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(parsed);
    } catch (IOException e) {
      throw new IllegalStateException("DuckDB's parse of the statement is not JSON: " + parsed, e);
    }
    if (tree.path("error").asBoolean()) {
      String message = tree.path("error_message").asText();
      throw new QueryException(
          message.startsWith("Only SELECT statements")
              ? "only a SELECT runs here (the warehouse is read-only): COPY, ATTACH, INSTALL, LOAD,"
                  + " SET, CREATE, INSERT, PIVOT and EXPLAIN are refused"
              : message,
          null);
    }
    int statements = tree.path("statements").size();
    if (statements != 1) {
      throw new QueryException(
          "one statement at a time: this text holds " + statements + " statements", null);
    }
    return query(sql);
  }

  /** Runs one statement; an SQL error carries the engine's own message. */
  public QueryResult query(String sql) {
    try {
      return aside(
          () -> {
            try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
              return QueryResult.from(result);
            }
          });
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
    deleteLink(linkFolder);
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
