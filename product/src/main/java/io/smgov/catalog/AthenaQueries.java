package io.smgov.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.Row;

/**
 * Runs statements through the Athena API: StartQueryExecution, then GetQueryExecution until the
 * query ends (waiting 100 ms, growing to 2 s between polls), then GetQueryResults page by page.
 */
public final class AthenaQueries {
  /** GetQueryResults returns at most 1000 rows a page. */
  private static final int PAGE = 1000;

  private static final Duration FIRST_POLL = Duration.ofMillis(100);
  private static final Duration MAX_POLL = Duration.ofSeconds(2);

  private final AthenaClient athena;
  private final String database;
  private final Optional<String> workGroup;
  private final Optional<String> outputLocation;

  public AthenaQueries(
      AthenaClient athena,
      String database,
      Optional<String> workGroup,
      Optional<String> outputLocation) {
    this.athena = athena;
    this.database = database;
    this.workGroup = workGroup;
    this.outputLocation = outputLocation;
  }

  /** A query Athena failed or cancelled; the message is Athena's reason. */
  public static final class QueryFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    QueryFailedException(String message) {
      super(message);
    }
  }

  /** Column names and rows as text (null for SQL NULL). */
  public record Result(List<String> columns, List<List<String>> rows) {}

  /**
   * The statement without its leading comments and blank lines: Athena decides a statement's kind
   * from its first word, and a leading block comment breaks its Hive DDL (CREATE EXTERNAL TABLE,
   * DESCRIBE); the views' comments stay in sql/, not in the query history.
   */
  static String statement(String sql) {
    String rest = sql;
    while (true) {
      String trimmed = rest.stripLeading();
      if (trimmed.startsWith("--")) {
        int end = trimmed.indexOf('\n');
        rest = end < 0 ? "" : trimmed.substring(end + 1);
      } else if (trimmed.startsWith("/*")) {
        int end = trimmed.indexOf("*/");
        if (end < 0) {
          return trimmed;
        }
        rest = trimmed.substring(end + 2);
      } else {
        return trimmed;
      }
    }
  }

  /** Runs a statement and waits for it; throws QueryFailedException with Athena's reason. */
  public QueryExecution execute(String sql) throws InterruptedException {
    String statement = statement(sql);
    String id =
        athena
            .startQueryExecution(
                r -> {
                  r.queryString(statement).queryExecutionContext(c -> c.database(database));
                  workGroup.ifPresent(r::workGroup);
                  outputLocation.ifPresent(o -> r.resultConfiguration(c -> c.outputLocation(o)));
                })
            .queryExecutionId();
    Duration wait = FIRST_POLL;
    while (true) {
      QueryExecution execution =
          athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution();
      QueryExecutionState state = execution.status().state();
      if (state == QueryExecutionState.SUCCEEDED) {
        return execution;
      }
      if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
        String reason = execution.status().stateChangeReason();
        throw new QueryFailedException(
            state + ": " + (reason == null ? "no reason given" : reason));
      }
      Thread.sleep(wait.toMillis()); // Athena has no completion callback: poll, backing off
      wait = wait.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : wait.multipliedBy(2);
    }
  }

  /** Runs a SELECT and returns every row (Athena's header row removed). */
  public Result query(String sql) throws InterruptedException {
    QueryExecution execution = execute(sql);
    List<String> columns = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    boolean header = true;
    for (GetQueryResultsResponse page :
        athena.getQueryResultsPaginator(
            r -> r.queryExecutionId(execution.queryExecutionId()).maxResults(PAGE))) {
      if (columns.isEmpty()) {
        for (ColumnInfo column : page.resultSet().resultSetMetadata().columnInfo()) {
          columns.add(column.name());
        }
      }
      for (Row row : page.resultSet().rows()) {
        if (header) {
          header = false; // a SELECT's first row holds the column names
          continue;
        }
        List<String> values = new ArrayList<>();
        for (Datum datum : row.data()) {
          values.add(datum.varCharValue());
        }
        rows.add(values);
      }
    }
    return new Result(columns, rows);
  }
}
