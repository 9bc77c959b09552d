package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.Table;

/**
 * The AWS Glue Data Catalog (JSON 1.1, {@code AWSGlue.<Operation>}): the calls {@code smgov catalog
 * apply} makes and the calls Trino's Glue metastore makes to read tables and store views. Every
 * request is checked against the SDK's own request model (an unknown member is an
 * InvalidInputException, as a malformed request is); table definitions must name columns and give
 * each a Hive type. One catalog per account (the catalog id).
 */
final class GlueService implements JsonService {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String MODEL = "software.amazon.awssdk.services.glue.model.";
  private static final Pattern HIVE_TYPE =
      Pattern.compile(
          "(string|int|integer|bigint|smallint|tinyint|double|float|boolean|timestamp|date|binary"
              + "|decimal\\(\\d+,\\s*\\d+\\)|varchar\\(\\d+\\)|char\\(\\d+\\)|(array|map|struct)<.+>)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,255}");
  private static final int PAGE = 100;

  /** API_TableInput: ViewOriginalText and ViewExpandedText, "Maximum length of 409600". */
  private static final int VIEW_TEXT_LIMIT = 409_600;

  /** API_TableInput: Description, "Maximum length of 2048". */
  private static final int DESCRIPTION_LIMIT = 2048;

  /** catalog id → database name → database; catalog id → "db/table" → table. */
  private final Map<String, Map<String, ObjectNode>> databases = new ConcurrentHashMap<>();

  private final Map<String, Map<String, ObjectNode>> tables = new ConcurrentHashMap<>();

  /** Who may see and change which table, when Lake Formation governs it. */
  private final LakeFormationService lakeFormation;

  GlueService(LakeFormationService lakeFormation) {
    this.lakeFormation = lakeFormation;
  }

  @Override
  public String targetPrefix() {
    return "AWSGlue";
  }

  @Override
  public String actionPrefix() {
    return "glue";
  }

  @Override
  public boolean throttled() {
    return false;
  }

  @Override
  public Result handle(String operation, SimRequest request) {
    checkAgainstModel(operation, request);
    String catalog = request.text("CatalogId").orElse(request.caller().account());
    switch (operation) {
      case "GetDatabase":
        return new Result(
            wrap("Database", database(catalog, request.requiredText("Name"))),
            -1,
            request.requiredText("Name"));
      case "GetDatabases":
        return page(new ArrayList<>(databases(catalog).values()), request, "DatabaseList");
      case "CreateDatabase":
        return createDatabase(catalog, request);
      case "UpdateDatabase":
        return updateDatabase(catalog, request);
      case "DeleteDatabase":
        return deleteDatabase(catalog, request);
      case "GetTable":
        {
          ObjectNode table =
              table(catalog, request.requiredText("DatabaseName"), request.requiredText("Name"));
          lakeFormation.check(
              request.caller(),
              request.requiredText("DatabaseName"),
              request.requiredText("Name"),
              null);
          return new Result(
              wrap("Table", table),
              -1,
              request.requiredText("DatabaseName") + "." + request.requiredText("Name"));
        }
      case "GetTables":
        return getTables(catalog, request);
      case "CreateTable":
        return createTable(catalog, request);
      case "UpdateTable":
        return updateTable(catalog, request);
      case "DeleteTable":
        return deleteTable(catalog, request);
      case "GetPartitions":
        table(catalog, request.requiredText("DatabaseName"), request.requiredText("TableName"));
        return new Result(empty("Partitions"), 0, request.requiredText("TableName"));
      case "BatchGetPartition":
        table(catalog, request.requiredText("DatabaseName"), request.requiredText("TableName"));
        ObjectNode batch = empty("Partitions");
        batch.putArray("UnprocessedKeys");
        return new Result(batch, 0, request.requiredText("TableName"));
      case "GetColumnStatisticsForTable":
      case "GetColumnStatisticsForPartition":
        ObjectNode statistics = empty("ColumnStatisticsList");
        statistics.putArray("Errors");
        return new Result(statistics, 0, request.text("TableName").orElse(null));
      case "UpdateColumnStatisticsForTable":
      case "UpdateColumnStatisticsForPartition":
        return new Result(empty("Errors"), -1, request.text("TableName").orElse(null));
      case "DeleteColumnStatisticsForTable":
      case "DeleteColumnStatisticsForPartition":
        return new Result(NODES.objectNode(), -1, request.text("TableName").orElse(null));
      default:
        throw new ApiException(
            400, "UnknownOperationException", "The simulator does not serve AWSGlue." + operation);
    }
  }

  /** The request must fit the SDK's model of the operation's input. */
  private static void checkAgainstModel(String operation, SimRequest request) {
    List<String> problems = request.problemsAgainstModel(MODEL, operation);
    if (!problems.isEmpty()) {
      throw invalid(String.join("; ", problems));
    }
  }

  private Map<String, ObjectNode> databases(String catalog) {
    return databases.computeIfAbsent(catalog, k -> new ConcurrentHashMap<>());
  }

  private Map<String, ObjectNode> tables(String catalog) {
    return tables.computeIfAbsent(catalog, k -> new ConcurrentHashMap<>());
  }

  /** Throws EntityNotFoundException unless the database exists (for Lake Formation's grants). */
  void requireDatabase(String catalog, String name) {
    database(catalog, name);
  }

  private ObjectNode database(String catalog, String name) {
    ObjectNode database = databases(catalog).get(name.toLowerCase(Locale.ROOT));
    if (database == null) {
      throw new ApiException(400, "EntityNotFoundException", "Database " + name + " not found.");
    }
    return database;
  }

  /** A table or view of one account's catalog, for the services that read it (QuickSight). */
  synchronized Optional<ObjectNode> findTable(String catalog, String databaseName, String name) {
    return Optional.ofNullable(tables(catalog).get(key(databaseName, name)));
  }

  private ObjectNode table(String catalog, String databaseName, String name) {
    database(catalog, databaseName);
    ObjectNode table = tables(catalog).get(key(databaseName, name));
    if (table == null) {
      throw new ApiException(400, "EntityNotFoundException", "Table " + name + " not found.");
    }
    return table;
  }

  private static String key(String database, String table) {
    return database.toLowerCase(Locale.ROOT) + "/" + table.toLowerCase(Locale.ROOT);
  }

  private Result createDatabase(String catalog, SimRequest request) {
    JsonNode input = request.member("DatabaseInput");
    String name = input.path("Name").asText("");
    if (!NAME.matcher(name).matches()) {
      throw invalid(
          "DatabaseInput.Name '"
              + name
              + "' must be 1-255 lower-case letters, digits or underscores");
    }
    ObjectNode database = SdkJson.project(input, Database.class);
    database.set("CreateTime", SdkJson.epochSecondsNode(Instant.now()));
    database.put("CatalogId", catalog);
    if (!database.has("CreateTableDefaultPermissions")) {
      // Lake Formation's default, "use only IAM access control for new tables".
      ObjectNode iamOnly = database.putArray("CreateTableDefaultPermissions").addObject();
      iamOnly
          .putObject("Principal")
          .put("DataLakePrincipalIdentifier", LakeFormationService.IAM_ALLOWED_PRINCIPALS);
      iamOnly.putArray("Permissions").add("ALL");
    }
    if (databases(catalog).putIfAbsent(name, database) != null) {
      throw new ApiException(400, "AlreadyExistsException", "Database already exists.");
    }
    lakeFormation.databaseCreated(request.caller(), name);
    return new Result(NODES.objectNode(), -1, name);
  }

  private Result updateDatabase(String catalog, SimRequest request) {
    String name = request.requiredText("Name");
    ObjectNode existing = database(catalog, name);
    ObjectNode updated = SdkJson.project(request.member("DatabaseInput"), Database.class);
    if (!updated.has("CreateTableDefaultPermissions")
        && existing.has("CreateTableDefaultPermissions")) {
      updated.set("CreateTableDefaultPermissions", existing.get("CreateTableDefaultPermissions"));
    }
    updated.set("CreateTime", existing.get("CreateTime"));
    updated.put("CatalogId", catalog);
    databases(catalog).put(name.toLowerCase(Locale.ROOT), updated);
    return new Result(NODES.objectNode(), -1, name);
  }

  private Result deleteDatabase(String catalog, SimRequest request) {
    String name = request.requiredText("Name");
    database(catalog, name);
    databases(catalog).remove(name.toLowerCase(Locale.ROOT));
    tables(catalog).keySet().removeIf(k -> k.startsWith(name.toLowerCase(Locale.ROOT) + "/"));
    lakeFormation.droppedDatabase(catalog, name);
    return new Result(NODES.objectNode(), -1, name);
  }

  private Result getTables(String catalog, SimRequest request) {
    String databaseName = request.requiredText("DatabaseName");
    database(catalog, databaseName);
    String prefix = databaseName.toLowerCase(Locale.ROOT) + "/";
    Map<String, ObjectNode> sorted = new TreeMap<>();
    tables(catalog)
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix)
                  && (!lakeFormation.governed(catalog, databaseName, v.path("Name").asText())
                      || lakeFormation.holds(
                          request.caller(),
                          LakeFormationService.tableKey(databaseName, v.path("Name").asText()),
                          null))) {
                sorted.put(k, v);
              }
            });
    return page(new ArrayList<>(sorted.values()), request, "TableList");
  }

  private Result createTable(String catalog, SimRequest request) {
    String databaseName = request.requiredText("DatabaseName");
    JsonNode defaults = database(catalog, databaseName).path("CreateTableDefaultPermissions");
    lakeFormation.checkCreate(request.caller(), databaseName, defaults);
    JsonNode input = request.member("TableInput");
    ObjectNode table = tableFrom(catalog, databaseName, input, 1, Instant.now());
    if (tables(catalog).putIfAbsent(key(databaseName, table.path("Name").asText()), table)
        != null) {
      throw new ApiException(400, "AlreadyExistsException", "Table already exists.");
    }
    lakeFormation.tableCreated(
        request.caller(), databaseName, table.path("Name").asText(), defaults);
    return new Result(NODES.objectNode(), -1, databaseName + "." + table.path("Name").asText());
  }

  private Result updateTable(String catalog, SimRequest request) {
    String databaseName = request.requiredText("DatabaseName");
    JsonNode input = request.member("TableInput");
    ObjectNode existing = table(catalog, databaseName, input.path("Name").asText(""));
    lakeFormation.check(request.caller(), databaseName, input.path("Name").asText(""), "ALTER");
    request
        .text("VersionId")
        .ifPresent(
            version -> {
              if (!version.equals(existing.path("VersionId").asText())) {
                throw new ApiException(
                    400,
                    "ConcurrentModificationException",
                    "Table version " + version + " is not the current one.");
              }
            });
    Instant created = SdkJson.parseTimestamp(existing.get("CreateTime")).orElse(Instant.now());
    ObjectNode table =
        tableFrom(
            catalog,
            databaseName,
            input,
            Integer.parseInt(existing.path("VersionId").asText("0")) + 1,
            created);
    tables(catalog).put(key(databaseName, table.path("Name").asText()), table);
    return new Result(NODES.objectNode(), -1, databaseName + "." + table.path("Name").asText());
  }

  private Result deleteTable(String catalog, SimRequest request) {
    String databaseName = request.requiredText("DatabaseName");
    String name = request.requiredText("Name");
    table(catalog, databaseName, name);
    lakeFormation.check(request.caller(), databaseName, name, "DROP");
    tables(catalog).remove(key(databaseName, name));
    lakeFormation.dropped(catalog, LakeFormationService.tableKey(databaseName, name));
    return new Result(NODES.objectNode(), -1, databaseName + "." + name);
  }

  /** A stored table from a TableInput, after the checks Glue (and Athena) make. */
  private static ObjectNode tableFrom(
      String catalog, String databaseName, JsonNode input, int version, Instant created) {
    String name = input.path("Name").asText("");
    if (!NAME.matcher(name).matches()) {
      throw invalid(
          "TableInput.Name '" + name + "' must be 1-255 lower-case letters, digits or underscores");
    }
    boolean view = "VIRTUAL_VIEW".equals(input.path("TableType").asText());
    for (String member : List.of("ViewOriginalText", "ViewExpandedText", "Description")) {
      int limit = member.equals("Description") ? DESCRIPTION_LIMIT : VIEW_TEXT_LIMIT;
      int length = input.path(member).asText("").length();
      if (length > limit) {
        throw invalid(
            "Table "
                + name
                + ": TableInput."
                + member
                + " has "
                + length
                + " characters; the maximum length is "
                + limit);
      }
    }
    List<JsonNode> columns = new ArrayList<>();
    input.path("StorageDescriptor").path("Columns").forEach(columns::add);
    input.path("PartitionKeys").forEach(columns::add);
    if (!view && input.path("StorageDescriptor").path("Columns").size() == 0) {
      throw invalid("Table " + name + ": StorageDescriptor.Columns must list at least one column");
    }
    for (JsonNode column : columns) {
      String columnName = column.path("Name").asText("");
      String type = column.path("Type").asText("");
      if (columnName.isEmpty()) {
        throw invalid("Table " + name + ": a column has no Name");
      }
      if (!view && !HIVE_TYPE.matcher(type).matches()) {
        throw invalid(
            "Table "
                + name
                + ": column "
                + columnName
                + " has type '"
                + type
                + "', which is not a Hive type");
      }
    }
    ObjectNode table = SdkJson.project(input, Table.class);
    table.put("DatabaseName", databaseName);
    table.put("CatalogId", catalog);
    table.set("CreateTime", SdkJson.epochSecondsNode(created));
    table.set("UpdateTime", SdkJson.epochSecondsNode(Instant.now()));
    table.put("VersionId", Integer.toString(version));
    table.put("IsRegisteredWithLakeFormation", false);
    return table;
  }

  private static ApiException invalid(String message) {
    return new ApiException(400, "InvalidInputException", message);
  }

  private static ObjectNode wrap(String key, ObjectNode value) {
    ObjectNode body = NODES.objectNode();
    body.set(key, value);
    return body;
  }

  private static ObjectNode empty(String key) {
    ObjectNode body = NODES.objectNode();
    body.putArray(key);
    return body;
  }

  private static Result page(List<ObjectNode> all, SimRequest request, String key) {
    int size = request.integer("MaxResults").orElse(PAGE);
    if (size < 1 || size > 1000) {
      throw invalid("MaxResults must be between 1 and 1000");
    }
    int offset = Paging.offset(request.text("NextToken").orElse(null));
    int end = Math.min(all.size(), offset + size);
    ObjectNode body = NODES.objectNode();
    ArrayNode items = body.putArray(key);
    all.subList(Math.min(offset, all.size()), end).forEach(items::add);
    if (end < all.size()) {
      body.put("NextToken", Paging.token(end));
    }
    return new Result(body, items.size(), null);
  }
}
