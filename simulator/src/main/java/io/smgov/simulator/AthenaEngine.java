package io.smgov.simulator;

import java.util.List;

/**
 * What executes the simulator's Athena queries: in the tests, the Trino that reads the simulator's
 * Glue catalog and the warehouse on S3, exactly the engine behind Athena engine v3.
 */
public interface AthenaEngine {
  /** A result column: its name and its type as Athena names it (varchar, bigint, ...). */
  record Column(String name, String type) {}

  /** Rows as text (null for SQL NULL); DDL and other statements without a result set have none. */
  record Outcome(List<Column> columns, List<List<String>> rows) {}

  /** A table a query reads. */
  record TableName(String database, String table) {}

  /**
   * The tables a query reads, views expanded to the tables below them (for the Lake Formation
   * check); an engine that cannot tell returns none.
   */
  default List<TableName> inputTables(String sql, String catalog, String database)
      throws Exception {
    return List.of();
  }

  /**
   * Runs one statement with the session's catalog and database; throws with the engine's message.
   */
  Outcome execute(String sql, String catalog, String database) throws Exception;
}
