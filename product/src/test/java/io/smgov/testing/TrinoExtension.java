package io.smgov.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.simulator.AthenaEngine;
import io.smgov.simulator.PortfolioLoader;
import io.smgov.simulator.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * One Trino per test run, shared by every test class that uses this extension: started on first
 * use, stopped when the run ends. It has two catalogs:
 *
 * <ul>
 *   <li>{@code hive}: a file metastore over local files under {@link #dataRoot()};
 *   <li>{@code awsdatacatalog}: Athena's catalog — Trino's Glue metastore pointed at a simulator
 *       (its Glue and Athena APIs; the simulated Athena runs its queries on this same Trino) and
 *       the warehouse on an in-process S3Proxy, exactly the chain that runs on AWS.
 * </ul>
 */
public final class TrinoExtension implements ParameterResolver {
  private static final String KEY = "smgov.trino";

  /** The account the shared simulator and Trino's Glue client stand for. */
  public static final String ACCOUNT = "123456789012";

  /** A role of that account that runs catalog apply as the task's job role does (not an admin). */
  public static final String JOB_ROLE = "smgov-job";

  /** A role of that account that reads the views when granted (Lake Formation tests). */
  public static final String ANALYST_ROLE = "smgov-analyst";

  /** A role of that account that is never granted anything. */
  public static final String OUTSIDER_ROLE = "smgov-outsider";

  /** Where warehouses for the file catalog live: table locations are local:/// paths below it. */
  public static Path dataRoot() {
    Path root =
        Path.of(System.getProperty("trino.work", "target/trino-work"))
            .toAbsolutePath()
            .resolve("warehouses");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  /** Trino and the AWS stand-ins it reads: Glue and Athena (a simulator) and S3 (S3Proxy). */
  public record Environment(TrinoServer trino, Simulator aws, S3ProxyServer s3) {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TrinoServer.class || type == Environment.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Environment environment =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(KEY, k -> new Resource(start()), Resource.class)
            .environment;
    return parameter.getParameter().getType() == TrinoServer.class
        ? environment.trino()
        : environment;
  }

  private static Environment start() {
    long started = System.currentTimeMillis();
    S3ProxyServer s3;
    try {
      s3 = S3ProxyServer.start();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start S3Proxy: " + e.getMessage(), e);
    }
    Simulator aws =
        Simulator.start(
            PortfolioLoader.fromText(
                "{\"accounts\": {}, \"callerAccount\": \""
                    + ACCOUNT
                    + "\", \"roles\": {\""
                    + ACCOUNT
                    + "\": {\""
                    + JOB_ROLE
                    + "\": {}, \""
                    + ANALYST_ROLE
                    + "\": {}, \""
                    + OUTSIDER_ROLE
                    + "\": {}}}}",
                "shared AWS account"),
            Simulator.Options.defaults());
    AwsBasicCredentials keys = (AwsBasicCredentials) TestAws.CALLER.resolveCredentials();
    TrinoServer trino =
        TrinoServer.start(
            Map.of(
                "hive",
                    Map.of(
                        "connector.name", "hive",
                        "hive.metastore", "file",
                        "hive.metastore.catalog.dir", "local:///metastore",
                        "fs.native-local.enabled", "true",
                        "local.location", dataRoot().toString(),
                        "hive.non-managed-table-writes-enabled", "true"),
                "awsdatacatalog",
                    Map.ofEntries(
                        Map.entry("connector.name", "hive"),
                        Map.entry("hive.metastore", "glue"),
                        Map.entry("hive.metastore.glue.region", "us-east-1"),
                        Map.entry("hive.metastore.glue.endpoint-url", aws.endpoint().toString()),
                        Map.entry("hive.metastore.glue.aws-access-key", keys.accessKeyId()),
                        Map.entry("hive.metastore.glue.aws-secret-key", keys.secretAccessKey()),
                        Map.entry("hive.metastore.glue.catalogid", ACCOUNT),
                        Map.entry("fs.native-s3.enabled", "true"),
                        Map.entry("s3.endpoint", s3.endpoint().toString()),
                        Map.entry("s3.region", "us-east-1"),
                        Map.entry("s3.path-style-access", "true"),
                        Map.entry("s3.aws-access-key", keys.accessKeyId()),
                        Map.entry("s3.aws-secret-key", keys.secretAccessKey()),
                        Map.entry("hive.partition-projection-enabled", "true"),
                        // Column statistics only steer join order; fetching them per projected
                        // partition costs
                        // a Glue call each, which is what makes a query slow here, not what it
                        // returns.
                        Map.entry("hive.table-statistics-enabled", "false"),
                        // Athena reads a projected partition without files as empty; Trino needs to
                        // be told.
                        Map.entry("hive.ignore-absent-partitions", "true"))));
    aws.athenaEngine(new TrinoAthenaEngine(trino));
    System.out.printf(
        "Trino 476 started in %.1f s on port %d%n",
        (System.currentTimeMillis() - started) / 1000.0, trino.port());
    return new Environment(trino, aws, s3);
  }

  /** Athena queries run on Trino: the catalog AwsDataCatalog is Trino's awsdatacatalog. */
  private static final class TrinoAthenaEngine implements AthenaEngine {
    private final TrinoServer trino;

    TrinoAthenaEngine(TrinoServer trino) {
      this.trino = trino;
    }

    /** Trino's own answer: EXPLAIN (TYPE IO) lists the tables a query reads, views expanded. */
    @Override
    public List<TableName> inputTables(String sql, String catalog, String database)
        throws Exception {
      Outcome plan = execute("EXPLAIN (TYPE IO, FORMAT JSON) " + sql, catalog, database);
      List<TableName> tables = new ArrayList<>();
      for (JsonNode input :
          new ObjectMapper().readTree(plan.rows().get(0).get(0)).path("inputTableColumnInfos")) {
        JsonNode table = input.path("table").path("schemaTable");
        tables.add(new TableName(table.path("schema").asText(), table.path("table").asText()));
      }
      return tables;
    }

    @Override
    public Outcome execute(String sql, String catalog, String database) throws Exception {
      try (Connection connection = trino.connect(catalog.toLowerCase(Locale.ROOT));
          Statement statement = connection.createStatement()) {
        if (database != null) {
          statement.execute("USE " + catalog.toLowerCase(Locale.ROOT) + "." + database);
        }
        if (!statement.execute(sql)) {
          return new Outcome(List.of(), List.of());
        }
        try (ResultSet result = statement.getResultSet()) {
          ResultSetMetaData meta = result.getMetaData();
          List<Column> columns = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(
                new Column(
                    meta.getColumnLabel(i), meta.getColumnTypeName(i).toLowerCase(Locale.ROOT)));
          }
          List<List<String>> rows = new ArrayList<>();
          while (result.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
              row.add(result.getString(i));
            }
            rows.add(row);
          }
          return new Outcome(columns, rows);
        }
      }
    }
  }

  /** Closed by JUnit when the run ends. */
  private record Resource(Environment environment)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      environment.trino().close();
      environment.aws().close();
      environment.s3().close();
    }
  }
}
