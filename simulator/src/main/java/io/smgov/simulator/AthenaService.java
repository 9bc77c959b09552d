package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon Athena (JSON 1.1, {@code AmazonAthena.<Operation>}): StartQueryExecution runs the query
 * asynchronously on the {@link AthenaEngine} it is given; GetQueryExecution reports QUEUED,
 * RUNNING, SUCCEEDED or FAILED with the engine's message; GetQueryResults pages the rows (at most
 * 1000 a page, the column names as the first row of a SELECT's first page, as Athena does).
 */
final class AthenaService implements JsonService {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_RESULTS = 1000;
  private static final Pattern CREATE_VIEW =
      Pattern.compile(
          "^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(?:\"?([A-Za-z0-9_]+)\"?\\.)?\"?([A-Za-z0-9_]+)\"?",
          Pattern.CASE_INSENSITIVE);

  private volatile AthenaEngine engine;

  /** The grants a query's tables are checked against. */
  private final LakeFormationService lakeFormation;

  AthenaService(LakeFormationService lakeFormation) {
    this.lakeFormation = lakeFormation;
  }

  private final Map<String, Execution> executions = new ConcurrentHashMap<>();
  private final Map<String, String> byClientToken = new ConcurrentHashMap<>();
  private final ExecutorService runner =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "athena-query");
            t.setDaemon(true);
            return t;
          });

  void engine(AthenaEngine engine) {
    this.engine = engine;
  }

  /** One query: what was asked, and (once done) its outcome. */
  private static final class Execution {
    final String id;
    final String query;
    final String catalog;
    final String database;
    final String workGroup;
    final String outputLocation;
    final SimRequest.Caller caller;
    final Instant submitted = Instant.now();
    volatile String state = "QUEUED";
    volatile String reason;
    volatile Instant completed;
    volatile AthenaEngine.Outcome outcome;

    Execution(
        String id,
        String query,
        String catalog,
        String database,
        String workGroup,
        String outputLocation,
        SimRequest.Caller caller) {
      this.id = id;
      this.caller = caller;
      this.query = query;
      this.catalog = catalog;
      this.database = database;
      this.workGroup = workGroup;
      this.outputLocation = outputLocation;
    }
  }

  @Override
  public String targetPrefix() {
    return "AmazonAthena";
  }

  @Override
  public String actionPrefix() {
    return "athena";
  }

  @Override
  public boolean throttled() {
    return false;
  }

  @Override
  public Result handle(String operation, SimRequest request) {
    switch (operation) {
      case "StartQueryExecution":
        return start(request);
      case "GetQueryExecution":
        {
          Execution execution = execution(request.requiredText("QueryExecutionId"));
          ObjectNode body = NODES.objectNode();
          body.set("QueryExecution", describe(execution));
          return new Result(body, -1, execution.id);
        }
      case "GetQueryResults":
        return results(request);
      case "StopQueryExecution":
        {
          Execution execution = execution(request.requiredText("QueryExecutionId"));
          if (execution.completed == null) {
            execution.state = "CANCELLED";
            execution.completed = Instant.now();
          }
          return new Result(NODES.objectNode(), -1, execution.id);
        }
      default:
        throw new ApiException(
            400,
            "InvalidRequestException",
            "The simulator does not serve AmazonAthena." + operation);
    }
  }

  private Result start(SimRequest request) {
    String query = request.requiredText("QueryString");
    if (query.getBytes(StandardCharsets.UTF_8).length > 262_144) {
      throw new ApiException(
          400, "InvalidRequestException", "QueryString is longer than 262144 bytes");
    }
    String token = request.text("ClientRequestToken").orElse(null);
    if (token != null && byClientToken.containsKey(token)) {
      return started(byClientToken.get(token)); // an idempotent retry
    }
    JsonNode context = request.member("QueryExecutionContext");
    String id = UUID.randomUUID().toString();
    Execution execution =
        new Execution(
            id,
            query,
            context.path("Catalog").asText("AwsDataCatalog"),
            context.path("Database").asText(null),
            request.text("WorkGroup").orElse("primary"),
            request.member("ResultConfiguration").path("OutputLocation").asText(null),
            request.caller());
    executions.put(id, execution);
    if (token != null) {
      byClientToken.put(token, id);
    }
    runner.submit(() -> run(execution));
    return started(id);
  }

  private static Result started(String id) {
    ObjectNode body = NODES.objectNode();
    body.put("QueryExecutionId", id);
    return new Result(body, -1, id);
  }

  private void run(Execution execution) {
    execution.state = "RUNNING";
    AthenaEngine current = engine;
    try {
      if (current == null) {
        throw new IllegalStateException(
            "This simulator has no query engine (the tests give it Trino)");
      }
      if (statementType(execution.query).equals("DML")
          && lakeFormation.governsAny(execution.caller.account())) {
        checkLakeFormation(current, execution);
      }
      execution.outcome = current.execute(execution.query, execution.catalog, execution.database);
      Matcher view = CREATE_VIEW.matcher(execution.query);
      if (view.find()) {
        // Athena creates a view with its caller's credentials: the caller is its creator.
        lakeFormation.createdBy(
            execution.caller,
            view.group(1) != null ? view.group(1) : execution.database,
            view.group(2));
      }
      execution.state = "SUCCEEDED";
    } catch (Exception e) {
      execution.reason = e.getMessage() == null ? e.toString() : e.getMessage();
      execution.state = "FAILED";
    } finally {
      execution.completed = Instant.now();
    }
  }

  /**
   * A query reading a table Lake Formation governs needs SELECT on it (views are expanded to the
   * tables below them: Athena views run with the caller's permissions), and Athena then asks Lake
   * Formation for the data with the caller's {@code lakeformation:GetDataAccess}.
   */
  private void checkLakeFormation(AthenaEngine current, Execution execution) throws Exception {
    boolean governed = false;
    for (AthenaEngine.TableName table :
        current.inputTables(execution.query, execution.catalog, execution.database)) {
      if (lakeFormation.governed(execution.caller.account(), table.database(), table.table())) {
        governed = true;
        lakeFormation.check(execution.caller, table.database(), table.table(), "SELECT");
      }
    }
    if (governed) {
      Census.record("lakeformation", "GetDataAccess", execution.caller.role());
    }
  }

  private Execution execution(String id) {
    Execution execution = executions.get(id);
    if (execution == null) {
      throw new ApiException(
          400, "InvalidRequestException", "QueryExecution " + id + " was not found");
    }
    return execution;
  }

  private static String statementType(String query) {
    String first =
        query
            .stripLeading()
            .replaceAll("^(--[^\\n]*\\n|(?s:/\\*.*?\\*/)|\\s)+", "")
            .split("\\s+", 2)[0]
            .toUpperCase(Locale.ROOT);
    switch (first) {
      case "SELECT":
      case "WITH":
      case "VALUES":
      case "INSERT":
        return "DML";
      case "SHOW":
      case "DESCRIBE":
      case "EXPLAIN":
        return "UTILITY";
      default:
        return "DDL";
    }
  }

  private static ObjectNode describe(Execution execution) {
    ObjectNode node = NODES.objectNode();
    node.put("QueryExecutionId", execution.id);
    node.put("Query", execution.query);
    node.put("StatementType", statementType(execution.query));
    if (execution.outputLocation != null) {
      node.putObject("ResultConfiguration")
          .put("OutputLocation", execution.outputLocation + execution.id + ".csv");
    }
    ObjectNode context = node.putObject("QueryExecutionContext");
    context.put("Catalog", execution.catalog);
    if (execution.database != null) {
      context.put("Database", execution.database);
    }
    ObjectNode status = node.putObject("Status");
    status.put("State", execution.state);
    if (execution.reason != null) {
      status.put("StateChangeReason", execution.reason);
      ObjectNode error = status.putObject("AthenaError");
      error.put("ErrorCategory", 2);
      error.put("ErrorType", 1006);
      error.put("Retryable", false);
      error.put("ErrorMessage", execution.reason);
    }
    status.set("SubmissionDateTime", SdkJson.epochSecondsNode(execution.submitted));
    if (execution.completed != null) {
      status.set("CompletionDateTime", SdkJson.epochSecondsNode(execution.completed));
    }
    node.put("WorkGroup", execution.workGroup);
    node.putObject("EngineVersion")
        .put("SelectedEngineVersion", "AUTO")
        .put("EffectiveEngineVersion", "Athena engine version 3");
    return node;
  }

  private Result results(SimRequest request) {
    Execution execution = execution(request.requiredText("QueryExecutionId"));
    if (!"SUCCEEDED".equals(execution.state)) {
      throw new ApiException(
          400,
          "InvalidRequestException",
          "Query has not yet finished. Current state: " + execution.state);
    }
    int size = request.integer("MaxResults").orElse(MAX_RESULTS);
    if (size < 1 || size > MAX_RESULTS) {
      throw new ApiException(
          400, "InvalidRequestException", "MaxResults must be between 1 and " + MAX_RESULTS);
    }
    AthenaEngine.Outcome outcome = execution.outcome;
    boolean select = statementType(execution.query).equals("DML") && !outcome.columns().isEmpty();
    // A SELECT's first row is its header, as Athena returns it.
    int total = outcome.rows().size() + (select ? 1 : 0);
    int offset = Paging.offset(request.text("NextToken").orElse(null));
    int end = Math.min(total, offset + size);
    ObjectNode body = NODES.objectNode();
    body.put("UpdateCount", 0);
    ObjectNode resultSet = body.putObject("ResultSet");
    ArrayNode rows = resultSet.putArray("Rows");
    for (int i = offset; i < end; i++) {
      List<String> values =
          select && i == 0
              ? outcome.columns().stream().map(AthenaEngine.Column::name).toList()
              : outcome.rows().get(i - (select ? 1 : 0));
      ArrayNode data = rows.addObject().putArray("Data");
      for (String value : values) {
        ObjectNode datum = data.addObject();
        if (value != null) {
          datum.put("VarCharValue", value);
        }
      }
    }
    ArrayNode columns = resultSet.putObject("ResultSetMetadata").putArray("ColumnInfo");
    for (AthenaEngine.Column column : outcome.columns()) {
      columns
          .addObject()
          .put("CatalogName", "hive")
          .put("SchemaName", "")
          .put("TableName", "")
          .put("Name", column.name())
          .put("Label", column.name())
          .put("Type", column.type())
          .put("Precision", 0)
          .put("Scale", 0)
          .put("Nullable", "UNKNOWN")
          .put("CaseSensitive", false);
    }
    if (end < total) {
      body.put("NextToken", Paging.token(end));
    }
    return new Result(body, end - offset, execution.id);
  }
}
