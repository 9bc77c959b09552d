package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.protocols.core.OperationInfo;

/**
 * Amazon QuickSight over its REST-JSON protocol: the calls {@code smgov dashboard apply} makes.
 *
 * <p>The routes are the SDK's own: each operation's HTTP method and URI template are read from the
 * SDK marshaller, so a path the SDK sends is a path this answers. Every request (body, path and
 * query members together) is checked against the SDK's request model, unknown members and enum
 * values included. Beyond the shapes it checks what QuickSight would refuse or fail on: a data
 * set's data source must exist, a relational table's view must exist in the Glue catalog (the one
 * this simulator serves, where Trino wrote the views) with every input column there and of a
 * compatible type, and every column an analysis or dashboard definition names must be a column (or
 * calculated field) of its data set. Creation is asynchronous as on AWS: a new data source,
 * analysis or dashboard version reports IN_PROGRESS to its first Describe and its final status
 * after that.
 */
final class QuickSightService {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "software.amazon.awssdk.services.quicksight.model.";
  private static final String TRANSFORM = "software.amazon.awssdk.services.quicksight.transform.";
  private static final List<String> OPERATIONS =
      List.of(
          "CreateDataSource",
          "DescribeDataSource",
          "UpdateDataSource",
          "DescribeDataSourcePermissions",
          "UpdateDataSourcePermissions",
          "CreateDataSet",
          "DescribeDataSet",
          "ListDataSets",
          "CreateIngestion",
          "DescribeIngestion",
          "ListIngestions",
          "UpdateDataSet",
          "DescribeDataSetPermissions",
          "UpdateDataSetPermissions",
          "CreateRefreshSchedule",
          "ListRefreshSchedules",
          "UpdateRefreshSchedule",
          "DeleteRefreshSchedule",
          "CreateAnalysis",
          "DescribeAnalysis",
          "DescribeAnalysisDefinition",
          "UpdateAnalysis",
          "DescribeAnalysisPermissions",
          "UpdateAnalysisPermissions",
          "CreateDashboard",
          "DescribeDashboard",
          "DescribeDashboardDefinition",
          "UpdateDashboard",
          "UpdateDashboardPublishedVersion",
          "DescribeDashboardPermissions",
          "UpdateDashboardPermissions",
          "TagResource",
          "ListTagsForResource");

  /** Which Glue column types each QuickSight input column type may read. */
  private static final Map<String, Pattern> COMPATIBLE =
      Map.of(
          "STRING", Pattern.compile("string|varchar.*|char.*"),
          "INTEGER", Pattern.compile("int|integer|bigint|smallint|tinyint"),
          "DECIMAL", Pattern.compile("double|float|real|decimal.*|int|integer|bigint"),
          "DATETIME", Pattern.compile("timestamp.*|date"),
          "BOOLEAN", Pattern.compile("boolean"),
          "BIT", Pattern.compile("boolean"));

  private static final Pattern CALCULATED_REFERENCE = Pattern.compile("\\{([^}]+)}");
  private static final Pattern PRESTO_VIEW =
      Pattern.compile("/\\* Presto View: (.*) \\*/", Pattern.DOTALL);

  /** One operation's route: method and the URI template as a pattern with named segments. */
  private record Route(
      String operation, String method, Pattern path, List<String> names, Class<?> request) {}

  private final List<Route> routes = new ArrayList<>();
  private final GlueService glue;

  /** Everything one account holds; QuickSight resources are per account and region. */
  private final Map<String, Account> accounts = new HashMap<>();

  private static final class Account {
    final Map<String, ObjectNode> dataSources = new LinkedHashMap<>();
    final Map<String, ObjectNode> dataSets = new LinkedHashMap<>();
    final Map<String, Map<String, ObjectNode>> schedules = new LinkedHashMap<>();

    /** Each data set's ingestions, oldest first. */
    final Map<String, List<ObjectNode>> ingestions = new LinkedHashMap<>();

    final Map<String, ObjectNode> analyses = new LinkedHashMap<>();
    final Map<String, ObjectNode> dashboards = new LinkedHashMap<>();
    final Map<String, Map<String, Set<String>>> permissions = new HashMap<>();
    final Map<String, Map<String, String>> tags = new HashMap<>();

    /** Describes left before an asynchronous resource (by ARN) reaches its final status. */
    final Map<String, Integer> pending = new HashMap<>();
  }

  QuickSightService(GlueService glue) {
    this.glue = glue;
    for (String operation : OPERATIONS) {
      try {
        Class<?> marshaller = Class.forName(TRANSFORM + operation + "RequestMarshaller");
        Field binding = marshaller.getDeclaredField("SDK_OPERATION_BINDING");
        binding.setAccessible(true);
        OperationInfo info = (OperationInfo) binding.get(null);
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher segment =
            Pattern.compile("\\{([A-Za-z]+)\\+?}|[^{]+").matcher(info.requestUri().split("\\?")[0]);
        while (segment.find()) {
          if (segment.group(1) != null) {
            names.add(segment.group(1));
            regex.append("([^/]+)");
          } else {
            regex.append(Pattern.quote(segment.group()));
          }
        }
        routes.add(
            new Route(
                operation,
                info.httpMethod().name(),
                Pattern.compile(regex.toString()),
                names,
                Class.forName(MODEL + operation + "Request")));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "The QuickSight SDK has no " + operation + " operation: " + e, e);
      }
    }
  }

  /**
   * One answered call: the operation, the response body, its HTTP status, the resource and the
   * error code, if any.
   */
  record Answer(String operation, int status, ObjectNode body, String resource, String errorCode) {}

  synchronized Answer handle(SimRequest request) {
    for (Route route : routes) {
      Matcher path = route.path().matcher(request.path());
      if (!route.method().equals(request.method()) || !path.matches()) {
        continue;
      }
      try {
        ObjectNode input = input(route, path, request);
        String account = input.path("AwsAccountId").asText(request.caller().account());
        if (!account.equals(request.caller().account())) {
          throw new ApiException(
              401,
              "AccessDeniedException",
              "The caller "
                  + request.caller().arn()
                  + " cannot act in QuickSight account "
                  + account);
        }
        ObjectNode body =
            dispatch(
                route.operation(),
                input,
                request.region(),
                accounts.computeIfAbsent(account, a -> new Account()));
        int status = body.has("Status") ? body.get("Status").asInt() : 200;
        body.remove("Status");
        body.put("RequestId", UUID.randomUUID().toString());
        return new Answer(route.operation(), status, body, resourceOf(input), null);
      } catch (ApiException e) {
        ObjectNode error = JSON.createObjectNode();
        error.put("Message", e.getMessage());
        error.put("RequestId", UUID.randomUUID().toString());
        return new Answer(route.operation(), e.status(), error, null, e.code());
      }
    }
    throw new ApiException(
        404,
        "UnknownOperationException",
        "The simulator serves no QuickSight operation at "
            + request.method()
            + " "
            + request.path());
  }

  /** Body, path and query members as one JSON object, checked against the SDK's request model. */
  private static ObjectNode input(Route route, Matcher path, SimRequest request) {
    ObjectNode input;
    try {
      JsonNode body =
          request.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(request.body());
      if (!(body instanceof ObjectNode)) {
        throw invalid("the request body must be a JSON object");
      }
      input = (ObjectNode) body;
    } catch (IOException e) {
      throw invalid("the request body is not JSON: " + e.getMessage());
    }
    SdkJson.Shape shape = SdkJson.shape(route.request());
    for (int i = 0; i < route.names().size(); i++) {
      String value = URLDecoder.decode(path.group(i + 1), StandardCharsets.UTF_8);
      putTyped(input, shape, route.names().get(i), value);
    }
    if (request.rawQuery() != null) {
      for (String pair : request.rawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        for (String name : shape.fieldNames()) {
          SdkField<?> field = shape.field(name).orElseThrow();
          if (field.location() == MarshallLocation.QUERY_PARAM
              && field.locationName().equals(key)) {
            putTyped(input, shape, name, value);
          }
        }
      }
    }
    List<String> problems = new ArrayList<>();
    SdkJson.validateAndNormalize(input.deepCopy(), List.of(shape), route.operation(), problems);
    if (!problems.isEmpty()) {
      throw invalid(String.join("; ", problems));
    }
    return input;
  }

  private static void putTyped(ObjectNode input, SdkJson.Shape shape, String name, String value) {
    Object type =
        shape.field(name).<Object>map(SdkField::marshallingType).orElse(MarshallingType.STRING);
    if (type == MarshallingType.LONG || type == MarshallingType.INTEGER) {
      try {
        input.put(name, Long.parseLong(value));
      } catch (NumberFormatException e) {
        throw invalid(name + ": '" + value + "' is not a number");
      }
    } else {
      input.put(name, value);
    }
  }

  private static String resourceOf(ObjectNode input) {
    for (String id :
        List.of("DashboardId", "AnalysisId", "DataSetId", "DataSourceId", "ResourceArn")) {
      if (input.hasNonNull(id)) {
        return input.get(id).asText();
      }
    }
    return null;
  }

  private ObjectNode dispatch(String operation, ObjectNode in, String region, Account account) {
    String accountId = in.path("AwsAccountId").asText();
    switch (operation) {
      case "CreateDataSource":
        return createDataSource(in, region, accountId, account);
      case "DescribeDataSource":
        return describeDataSource(in, account);
      case "UpdateDataSource":
        return updateDataSource(in, account);
      case "CreateDataSet":
      case "UpdateDataSet":
        return putDataSet(operation.equals("CreateDataSet"), in, region, accountId, account);
      case "DescribeDataSet":
        return wrap("DataSet", dataSet(account, in.path("DataSetId").asText()).deepCopy());
      case "ListDataSets":
        return listDataSets(in, account);
      case "CreateIngestion":
        return createIngestion(in, account);
      case "DescribeIngestion":
        return wrap("Ingestion", ingestion(in, account).deepCopy());
      case "ListIngestions":
        return listIngestions(in, account);
      case "CreateRefreshSchedule":
      case "UpdateRefreshSchedule":
        return putSchedule(
            operation.equals("CreateRefreshSchedule"), in, region, accountId, account);
      case "ListRefreshSchedules":
        return listSchedules(in, account);
      case "DeleteRefreshSchedule":
        return deleteSchedule(in, account);
      case "CreateAnalysis":
      case "UpdateAnalysis":
        return putAnalysis(operation.equals("CreateAnalysis"), in, region, accountId, account);
      case "DescribeAnalysis":
        return describeAnalysis(in, account);
      case "DescribeAnalysisDefinition":
        return describeAnalysisDefinition(in, account);
      case "CreateDashboard":
      case "UpdateDashboard":
        return putDashboard(operation.equals("CreateDashboard"), in, region, accountId, account);
      case "DescribeDashboard":
        return describeDashboard(in, account);
      case "DescribeDashboardDefinition":
        return describeDashboardDefinition(in, account);
      case "UpdateDashboardPublishedVersion":
        return publish(in, account);
      case "TagResource":
        return tag(in, account);
      case "ListTagsForResource":
        return listTags(in, account);
      default:
        if (operation.endsWith("Permissions")) {
          return permissions(operation, in, account);
        }
        throw new IllegalStateException(operation);
    }
  }

  // ---------------------------------------------------------------- data sources

  private ObjectNode createDataSource(
      ObjectNode in, String region, String accountId, Account account) {
    String id = in.path("DataSourceId").asText();
    if (account.dataSources.containsKey(id)) {
      throw new ApiException(
          409, "ResourceExistsException", "Data source " + id + " already exists");
    }
    if (!"ATHENA".equals(in.path("Type").asText())) {
      throw invalid(
          "the simulator serves ATHENA data sources only, not " + in.path("Type").asText());
    }
    checkRunAsRole(in, accountId);
    String arn = arn(region, accountId, "datasource/" + id);
    ObjectNode source = JSON.createObjectNode();
    source
        .put("Arn", arn)
        .put("DataSourceId", id)
        .put("Name", in.path("Name").asText())
        .put("Type", "ATHENA");
    copy(in, source, "DataSourceParameters", "SslProperties", "VpcConnectionProperties");
    source.put("Status", "CREATION_IN_PROGRESS");
    stamp(source, true);
    account.dataSources.put(id, source);
    account.pending.put(arn, 1);
    grant(account, arn, in.path("Permissions"));
    putTags(account, arn, in.path("Tags"));
    ObjectNode out = JSON.createObjectNode();
    out.put("Arn", arn)
        .put("DataSourceId", id)
        .put("CreationStatus", "CREATION_IN_PROGRESS")
        .put("Status", 202);
    return out;
  }

  /**
   * AthenaParameters.RoleArn, the role QuickSight runs the data source's queries as, must be an IAM
   * role of the QuickSight account ("Running queries as an IAM role", QuickSight user guide).
   */
  private static final Pattern IAM_ROLE = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/.+");

  private static void checkRunAsRole(ObjectNode in, String accountId) {
    JsonNode role = in.path("DataSourceParameters").path("AthenaParameters").path("RoleArn");
    if (role.isMissingNode()) {
      return;
    }
    Matcher m = IAM_ROLE.matcher(role.asText());
    if (!m.matches() || !m.group(1).equals(accountId)) {
      throw invalid(
          "AthenaParameters.RoleArn: "
              + role.asText()
              + " must be an IAM role in the same AWS account as the QuickSight instance ("
              + accountId
              + ")");
    }
  }

  private ObjectNode describeDataSource(ObjectNode in, Account account) {
    ObjectNode source = dataSource(account, in.path("DataSourceId").asText());
    settle(account, source, "Status");
    return wrap("DataSource", source.deepCopy());
  }

  private ObjectNode updateDataSource(ObjectNode in, Account account) {
    ObjectNode source = dataSource(account, in.path("DataSourceId").asText());
    checkRunAsRole(in, source.path("Arn").asText().split(":")[4]);
    source.put("Name", in.path("Name").asText());
    copy(in, source, "DataSourceParameters", "SslProperties", "VpcConnectionProperties");
    source.put("Status", "UPDATE_IN_PROGRESS");
    stamp(source, false);
    account.pending.put(source.path("Arn").asText(), 1);
    ObjectNode out = JSON.createObjectNode();
    out.put("Arn", source.path("Arn").asText())
        .put("DataSourceId", source.path("DataSourceId").asText())
        .put("UpdateStatus", "UPDATE_IN_PROGRESS")
        .put("Status", 202);
    return out;
  }

  private static ObjectNode dataSource(Account account, String id) {
    ObjectNode source = account.dataSources.get(id);
    if (source == null) {
      throw notFound("DATA_SOURCE", "Data source " + id + " not found");
    }
    return source;
  }

  // ---------------------------------------------------------------- data sets

  private ObjectNode putDataSet(
      boolean create, ObjectNode in, String region, String accountId, Account account) {
    String id = in.path("DataSetId").asText();
    if (create && account.dataSets.containsKey(id)) {
      throw new ApiException(409, "ResourceExistsException", "Data set " + id + " already exists");
    }
    ObjectNode existing = create ? null : dataSet(account, id);
    if (!in.path("PhysicalTableMap").isObject() || in.path("PhysicalTableMap").isEmpty()) {
      throw invalid("PhysicalTableMap: a data set needs at least one physical table");
    }
    List<String> columns = new ArrayList<>();
    in.path("PhysicalTableMap")
        .fields()
        .forEachRemaining(
            table ->
                columns.addAll(
                    physicalTable(table.getKey(), table.getValue(), account, accountId)));
    checkDataPrep(in, account);
    if (!create && existing.has("DataPrepConfiguration") != in.has("DataPrepConfiguration")) {
      // The legacy form (LogicalTableMap) and the current one (DataPrepConfiguration with
      // SemanticModelConfiguration) are different data sets to QuickSight: an update keeps the
      // form the data set was created in.
      throw invalid(
          "UpdateDataSet: data set "
              + id
              + " was created "
              + (existing.has("DataPrepConfiguration")
                  ? "in the new data preparation experience (DataPrepConfiguration)"
                  : "in the legacy data preparation experience")
              + " and cannot be converted in place; create a new data set instead");
    }
    if ("DIRECT_QUERY".equals(in.path("ImportMode").asText())) {
      in.path("PhysicalTableMap")
          .forEach(
              t ->
                  t.path("RelationalTable")
                      .path("InputColumns")
                      .forEach(
                          c -> {
                            if (c.has("SubType")) {
                              throw invalid(
                                  "InputColumns: "
                                      + c.path("Name").asText()
                                      + ": SubType is only available for SPICE data sets");
                            }
                          }));
    }
    String arn = arn(region, accountId, "dataset/" + id);
    ObjectNode dataSet = JSON.createObjectNode();
    dataSet.put("Arn", arn).put("DataSetId", id).put("Name", in.path("Name").asText());
    copy(
        in,
        dataSet,
        "PhysicalTableMap",
        "LogicalTableMap",
        "ImportMode",
        "ColumnGroups",
        "FieldFolders",
        "RowLevelPermissionDataSet",
        "ColumnLevelPermissionRules",
        "DataSetUsageConfiguration",
        "DatasetParameters",
        "PerformanceConfiguration",
        "DataPrepConfiguration",
        "SemanticModelConfiguration");
    if (create) {
      copy(in, dataSet, "UseAs");
    } else if (existing.has("UseAs")) {
      dataSet.set("UseAs", existing.get("UseAs"));
    }
    ArrayNode output = dataSet.putArray("OutputColumns");
    columns.forEach(
        c ->
            output
                .addObject()
                .put("Name", c.substring(0, c.indexOf(' ')))
                .put("Type", c.substring(c.indexOf(' ') + 1)));
    dataSet.put("CreatedTime", existing == null ? now() : existing.path("CreatedTime").asDouble());
    dataSet.put("LastUpdatedTime", now());
    account.dataSets.put(id, dataSet);
    ObjectNode out = JSON.createObjectNode();
    out.put("Arn", arn).put("DataSetId", id);
    if ("SPICE".equals(dataSet.path("ImportMode").asText())) {
      String ingestion = UUID.randomUUID().toString();
      out.put("IngestionId", ingestion).put("IngestionArn", arn + "/ingestion/" + ingestion);
      account
          .ingestions
          .computeIfAbsent(id, d -> new ArrayList<>())
          .add(ingestionOf(arn, ingestion, create ? "INITIAL_INGESTION" : "EDIT", "COMPLETED"));
    }
    if (create) {
      grant(account, arn, in.path("Permissions"));
      putTags(account, arn, in.path("Tags"));
    }
    out.put("Status", create ? 201 : 200);
    return out;
  }

  /** The columns ("name TYPE") of one physical table, checked against the Glue catalog. */
  private List<String> physicalTable(
      String key, JsonNode table, Account account, String accountId) {
    List<String> columns = new ArrayList<>();
    JsonNode relational = table.path("RelationalTable");
    JsonNode custom = table.path("CustomSql");
    JsonNode source = relational.isObject() ? relational : custom;
    if (!source.isObject()) {
      throw invalid(
          "PhysicalTableMap."
              + key
              + ": the simulator serves RelationalTable and CustomSql tables");
    }
    String dataSourceArn = source.path("DataSourceArn").asText();
    if (account.dataSources.values().stream()
        .noneMatch(s -> s.path("Arn").asText().equals(dataSourceArn))) {
      throw invalid(
          "PhysicalTableMap."
              + key
              + ".DataSourceArn: no data source "
              + dataSourceArn
              + " in this account");
    }
    JsonNode declared =
        relational.isObject() ? relational.path("InputColumns") : custom.path("Columns");
    if (!declared.isArray() || declared.isEmpty()) {
      throw invalid("PhysicalTableMap." + key + ": InputColumns must list at least one column");
    }
    Map<String, String> glueColumns = new HashMap<>();
    if (relational.isObject()) {
      String database = relational.path("Schema").asText();
      String name = relational.path("Name").asText();
      ObjectNode glueTable =
          glue.findTable(accountId, database, name)
              .orElseThrow(
                  () ->
                      invalid(
                          "PhysicalTableMap."
                              + key
                              + ": table or view "
                              + database
                              + "."
                              + name
                              + " does not exist in the AwsDataCatalog"));
      glueColumns.putAll(columnsOf(glueTable));
    }
    for (JsonNode column : declared) {
      String name = column.path("Name").asText();
      String type = column.path("Type").asText();
      if (relational.isObject()) {
        String glueType = glueColumns.get(name.toLowerCase(Locale.ROOT));
        if (glueType == null) {
          throw invalid(
              "PhysicalTableMap."
                  + key
                  + ": column "
                  + name
                  + " is not a column of "
                  + relational.path("Schema").asText()
                  + "."
                  + relational.path("Name").asText()
                  + " (it has "
                  + new TreeSet<>(glueColumns.keySet())
                  + ")");
        }
        Pattern compatible = COMPATIBLE.get(type);
        if (compatible == null
            || !compatible.matcher(glueType.toLowerCase(Locale.ROOT)).matches()) {
          throw invalid(
              "PhysicalTableMap."
                  + key
                  + ": column "
                  + name
                  + " is "
                  + glueType
                  + " in "
                  + relational.path("Name").asText()
                  + ", which QuickSight cannot read as "
                  + type);
        }
      }
      columns.add(name + " " + type);
    }
    return columns;
  }

  /**
   * A Glue table's columns and types. A view made by Athena or Trino keeps its real columns in the
   * view text ({@code /* Presto View: <base64 JSON> *}{@code /}); its storage descriptor may hold
   * only a placeholder column.
   */
  static Map<String, String> columnsOf(JsonNode table) {
    Map<String, String> columns = new LinkedHashMap<>();
    String text = table.path("ViewOriginalText").asText("");
    Matcher view = PRESTO_VIEW.matcher(text);
    if (view.matches()) {
      try {
        JsonNode definition = JSON.readTree(Base64.getDecoder().decode(view.group(1).trim()));
        definition
            .path("columns")
            .forEach(
                c ->
                    columns.put(
                        c.path("name").asText().toLowerCase(Locale.ROOT), c.path("type").asText()));
        return columns;
      } catch (IOException | IllegalArgumentException e) {
        throw invalid(
            "view "
                + table.path("Name").asText()
                + " has an unreadable view text: "
                + e.getMessage());
      }
    }
    table
        .path("StorageDescriptor")
        .path("Columns")
        .forEach(
            c ->
                columns.put(
                    c.path("Name").asText().toLowerCase(Locale.ROOT), c.path("Type").asText()));
    table
        .path("PartitionKeys")
        .forEach(
            c ->
                columns.put(
                    c.path("Name").asText().toLowerCase(Locale.ROOT), c.path("Type").asText()));
    return columns;
  }

  /** The new data preparation: tables, steps and destinations must refer to each other. */
  private static void checkDataPrep(ObjectNode in, Account account) {
    JsonNode prep = in.path("DataPrepConfiguration");
    Set<String> destinations = new HashSet<>();
    if (prep.isObject()) {
      // Column ids: 1-64 characters and unique in their table (API_InputColumn); in this form every
      // input column carries one (AWS docs silent on requiring it; see docs/simulator-fidelity.md).
      in.path("PhysicalTableMap")
          .fields()
          .forEachRemaining(
              t -> {
                Set<String> ids = new HashSet<>();
                JsonNode table = t.getValue();
                JsonNode relational = table.path("RelationalTable");
                JsonNode columns =
                    relational.isObject()
                        ? relational.path("InputColumns")
                        : table.path("CustomSql").isObject()
                            ? table.path("CustomSql").path("Columns")
                            : table.path("S3Source").path("InputColumns");
                for (JsonNode column : columns) {
                  String id = column.path("Id").asText("");
                  if (id.isEmpty() || id.length() > 64) {
                    throw invalid(
                        "PhysicalTableMap."
                            + t.getKey()
                            + ": column "
                            + column.path("Name").asText()
                            + " needs an Id of 1 to 64 characters in a data set with"
                            + " DataPrepConfiguration");
                  }
                  if (!ids.add(id)) {
                    throw invalid(
                        "PhysicalTableMap." + t.getKey() + ": column Id " + id + " is not unique");
                  }
                }
              });
      Set<String> sources = new HashSet<>();
      prep.path("SourceTableMap")
          .fields()
          .forEachRemaining(
              s -> {
                String physical = s.getValue().path("PhysicalTableId").asText(null);
                if (physical != null && !in.path("PhysicalTableMap").has(physical)) {
                  throw invalid(
                      "DataPrepConfiguration.SourceTableMap."
                          + s.getKey()
                          + ": no physical table "
                          + physical);
                }
                sources.add(s.getKey());
              });
      Set<String> steps = new HashSet<>();
      prep.path("TransformStepMap")
          .fields()
          .forEachRemaining(
              step -> {
                JsonNode importStep = step.getValue().path("ImportTableStep");
                if (importStep.isObject()
                    && !sources.contains(
                        importStep.path("Source").path("SourceTableId").asText())) {
                  throw invalid(
                      "DataPrepConfiguration.TransformStepMap."
                          + step.getKey()
                          + ": no source table "
                          + importStep.path("Source").path("SourceTableId").asText());
                }
                steps.add(step.getKey());
              });
      prep.path("DestinationTableMap")
          .fields()
          .forEachRemaining(
              d -> {
                if (!steps.contains(
                    d.getValue().path("Source").path("TransformOperationId").asText())) {
                  throw invalid(
                      "DataPrepConfiguration.DestinationTableMap."
                          + d.getKey()
                          + ": no transform step "
                          + d.getValue().path("Source").path("TransformOperationId").asText());
                }
                destinations.add(d.getKey());
              });
    }
    in.path("SemanticModelConfiguration")
        .path("TableMap")
        .fields()
        .forEachRemaining(
            t -> {
              if (!destinations.contains(t.getValue().path("DestinationTableId").asText())) {
                throw invalid(
                    "SemanticModelConfiguration.TableMap."
                        + t.getKey()
                        + ": no destination table "
                        + t.getValue().path("DestinationTableId").asText()
                        + " in DataPrepConfiguration");
              }
              JsonNode rules =
                  t.getValue()
                      .path("RowLevelPermissionConfiguration")
                      .path("RowLevelPermissionDataSet");
              if (rules.isObject()) {
                String arn = rules.path("Arn").asText();
                JsonNode rulesSet =
                    account.dataSets.values().stream()
                        .filter(
                            d ->
                                d.path("Arn").asText().equals(arn)
                                    && "RLS_RULES".equals(d.path("UseAs").asText()))
                        .findFirst()
                        .orElse(null);
                if (rulesSet == null) {
                  throw invalid(
                      "RowLevelPermissionDataSet.Arn: "
                          + arn
                          + " is not a data set created with UseAs RLS_RULES");
                }
                checkRulesFormat(rules, rulesSet);
              }
            });
  }

  /**
   * RowLevelPermissionDataSet.FormatVersion and the rules data set agree: VERSION_1 (the default)
   * reads UserName/GroupName columns, VERSION_2 UserARN/GroupARN and takes no Namespace (QuickSight
   * API reference, RowLevelPermissionDataSet).
   */
  private static void checkRulesFormat(JsonNode rules, JsonNode rulesSet) {
    String version = rules.path("FormatVersion").asText("VERSION_1");
    Set<String> columns = new HashSet<>();
    rulesSet
        .path("PhysicalTableMap")
        .forEach(
            table -> {
              table
                  .path("CustomSql")
                  .path("Columns")
                  .forEach(c -> columns.add(c.path("Name").asText()));
              table
                  .path("RelationalTable")
                  .path("InputColumns")
                  .forEach(c -> columns.add(c.path("Name").asText()));
            });
    List<String> wanted =
        version.equals("VERSION_2")
            ? List.of("UserARN", "GroupARN")
            : List.of("UserName", "GroupName");
    List<String> other =
        version.equals("VERSION_2")
            ? List.of("UserName", "GroupName")
            : List.of("UserARN", "GroupARN");
    if (wanted.stream().noneMatch(columns::contains)
        || other.stream().anyMatch(columns::contains)) {
      throw invalid(
          "RowLevelPermissionDataSet: FormatVersion "
              + version
              + " needs the rules data set's user or group column as "
              + String.join(" or ", wanted)
              + "; it has "
              + new TreeSet<>(columns));
    }
    if (version.equals("VERSION_2") && rules.has("Namespace")) {
      throw invalid("RowLevelPermissionDataSet: FormatVersion VERSION_2 takes no Namespace");
    }
  }

  private static ObjectNode dataSet(Account account, String id) {
    ObjectNode dataSet = account.dataSets.get(id);
    if (dataSet == null) {
      throw notFound("DATA_SET", "Data set " + id + " not found");
    }
    return dataSet;
  }

  /** ListDataSets: summaries, pages of MaxResults (at most 100), in creation order. */
  private ObjectNode listDataSets(ObjectNode in, Account account) {
    List<ObjectNode> summaries = new ArrayList<>();
    for (ObjectNode dataSet : account.dataSets.values()) {
      ObjectNode summary = JSON.createObjectNode();
      for (String field :
          List.of("Arn", "DataSetId", "Name", "CreatedTime", "LastUpdatedTime", "ImportMode")) {
        if (dataSet.has(field)) {
          summary.set(field, dataSet.get(field));
        }
      }
      summaries.add(summary);
    }
    return page(in, summaries, "DataSetSummaries");
  }

  /**
   * The manual refreshes a data set may have in any 24 hours ("You can manually refresh datasets in
   * an Enterprise edition account 32 times in a 24-hour period", API_CreateIngestion); the
   * simulator models an Enterprise edition account.
   */
  static final int MANUAL_REFRESHES_PER_DAY = 32;

  /**
   * CreateIngestion: refused with LimitExceededException (409, ResourceType INGESTION) once the
   * data set had 32 manual refreshes in the 24 hours before now, and with ResourceExistsException
   * for an IngestionId used before. The simulator's ingestions complete at once; one of a
   * DIRECT_QUERY data set fails with DATA_SET_NOT_SPICE (API_ErrorInfo).
   */
  private ObjectNode createIngestion(ObjectNode in, Account account) {
    String dataSetId = in.path("DataSetId").asText();
    ObjectNode dataSet = dataSet(account, dataSetId);
    String id = in.path("IngestionId").asText();
    if (!id.matches("[a-zA-Z0-9_-]{1,128}")) {
      throw invalid("IngestionId '" + id + "' must match ^[a-zA-Z0-9-_]+$ (1 to 128 characters)");
    }
    List<ObjectNode> ingestions =
        account.ingestions.computeIfAbsent(dataSetId, d -> new ArrayList<>());
    if (ingestions.stream().anyMatch(i -> i.path("IngestionId").asText().equals(id))) {
      throw new ApiException(409, "ResourceExistsException", "Ingestion " + id + " already exists");
    }
    double dayAgo = now() - 24 * 3600;
    long manual =
        ingestions.stream()
            .filter(i -> i.path("RequestSource").asText().equals("MANUAL"))
            .filter(i -> !i.path("RequestType").asText().equals("INITIAL_INGESTION"))
            .filter(i -> !i.path("RequestType").asText().equals("EDIT"))
            .filter(i -> i.path("CreatedTime").asDouble() > dayAgo)
            .count();
    if (manual >= MANUAL_REFRESHES_PER_DAY) {
      throw new ApiException(
          409,
          "LimitExceededException",
          "Data set "
              + dataSetId
              + " was refreshed "
              + manual
              + " times in the last 24 hours, the most an Enterprise edition account allows");
    }
    boolean spice = "SPICE".equals(dataSet.path("ImportMode").asText());
    String type = in.path("IngestionType").asText("FULL_REFRESH");
    ObjectNode ingestion =
        ingestionOf(dataSet.path("Arn").asText(), id, type, spice ? "COMPLETED" : "FAILED");
    if (!spice) {
      ingestion
          .putObject("ErrorInfo")
          .put("Type", "DATA_SET_NOT_SPICE")
          .put("Message", "Data set " + dataSetId + " is not in SPICE");
    }
    ingestions.add(ingestion);
    ObjectNode out = JSON.createObjectNode();
    out.put("Arn", ingestion.path("Arn").asText())
        .put("IngestionId", id)
        .put("IngestionStatus", "INITIALIZED")
        .put("Status", 201);
    return out;
  }

  private static ObjectNode ingestionOf(
      String dataSetArn, String id, String requestType, String status) {
    ObjectNode ingestion = JSON.createObjectNode();
    ingestion
        .put("Arn", dataSetArn + "/ingestion/" + id)
        .put("IngestionId", id)
        .put("IngestionStatus", status)
        .put("CreatedTime", now())
        .put("RequestSource", "MANUAL")
        .put("RequestType", requestType);
    return ingestion;
  }

  private static ObjectNode ingestion(ObjectNode in, Account account) {
    String dataSetId = in.path("DataSetId").asText();
    dataSet(account, dataSetId);
    String id = in.path("IngestionId").asText();
    return account.ingestions.getOrDefault(dataSetId, List.of()).stream()
        .filter(i -> i.path("IngestionId").asText().equals(id))
        .findFirst()
        .orElseThrow(() -> notFound("INGESTION", "Ingestion " + id + " not found"));
  }

  /**
   * ListIngestions: pages of MaxResults (at most 100); AWS documents no order, this is oldest
   * first.
   */
  private ObjectNode listIngestions(ObjectNode in, Account account) {
    String dataSetId = in.path("DataSetId").asText();
    dataSet(account, dataSetId);
    return page(in, account.ingestions.getOrDefault(dataSetId, List.of()), "Ingestions");
  }

  /** One page of {@code items}: MaxResults (1 to 100, default 100) from NextToken (an offset). */
  private static ObjectNode page(ObjectNode in, List<ObjectNode> items, String member) {
    int max = in.has("MaxResults") ? in.path("MaxResults").asInt() : 100;
    if (max < 1 || max > 100) {
      throw invalid("MaxResults must be between 1 and 100, got " + max);
    }
    int from = 0;
    if (in.hasNonNull("NextToken")) {
      try {
        from = Integer.parseInt(in.path("NextToken").asText());
      } catch (NumberFormatException e) {
        throw invalid("NextToken '" + in.path("NextToken").asText() + "' is not valid");
      }
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode page = out.putArray(member);
    int to = Math.min(items.size(), from + max);
    for (int i = from; i < to; i++) {
      page.add(items.get(i).deepCopy());
    }
    if (to < items.size()) {
      out.put("NextToken", String.valueOf(to));
    }
    return out;
  }

  // ---------------------------------------------------------------- refresh schedules

  private ObjectNode putSchedule(
      boolean create, ObjectNode in, String region, String accountId, Account account) {
    String dataSetId = in.path("DataSetId").asText();
    ObjectNode dataSet = dataSet(account, dataSetId);
    if (!"SPICE".equals(dataSet.path("ImportMode").asText())) {
      throw invalid(
          "Data set "
              + dataSetId
              + " is not in SPICE: only SPICE data sets are refreshed on a schedule");
    }
    ObjectNode schedule = ((ObjectNode) in.path("Schedule")).deepCopy();
    String scheduleId = schedule.path("ScheduleId").asText();
    Map<String, ObjectNode> schedules =
        account.schedules.computeIfAbsent(dataSetId, k -> new LinkedHashMap<>());
    if (create && schedules.containsKey(scheduleId)) {
      throw new ApiException(
          409, "ResourceExistsException", "Refresh schedule " + scheduleId + " already exists");
    }
    if (!create && !schedules.containsKey(scheduleId)) {
      throw notFound("REFRESH_SCHEDULE", "Refresh schedule " + scheduleId + " not found");
    }
    String arn = arn(region, accountId, "dataset/" + dataSetId + "/refresh-schedule/" + scheduleId);
    schedule.put("Arn", arn);
    schedules.put(scheduleId, schedule);
    ObjectNode out = JSON.createObjectNode();
    out.put("ScheduleId", scheduleId).put("Arn", arn).put("Status", 200);
    return out;
  }

  private static ObjectNode listSchedules(ObjectNode in, Account account) {
    dataSet(account, in.path("DataSetId").asText());
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("RefreshSchedules");
    account
        .schedules
        .getOrDefault(in.path("DataSetId").asText(), Map.of())
        .values()
        .forEach(s -> list.add(s.deepCopy()));
    return out;
  }

  private static ObjectNode deleteSchedule(ObjectNode in, Account account) {
    Map<String, ObjectNode> schedules =
        account.schedules.getOrDefault(in.path("DataSetId").asText(), new LinkedHashMap<>());
    ObjectNode removed = schedules.remove(in.path("ScheduleId").asText());
    if (removed == null) {
      throw notFound(
          "REFRESH_SCHEDULE", "Refresh schedule " + in.path("ScheduleId").asText() + " not found");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("ScheduleId", in.path("ScheduleId").asText()).put("Arn", removed.path("Arn").asText());
    return out;
  }

  // ---------------------------------------------------------------- analyses

  private ObjectNode putAnalysis(
      boolean create, ObjectNode in, String region, String accountId, Account account) {
    String id = in.path("AnalysisId").asText();
    if (create && account.analyses.containsKey(id)) {
      throw new ApiException(409, "ResourceExistsException", "Analysis " + id + " already exists");
    }
    ObjectNode existing = create ? null : analysis(account, id);
    if (!in.path("Definition").isObject()) {
      throw invalid("the simulator creates analyses from a Definition only (no SourceEntity)");
    }
    String arn = arn(region, accountId, "analysis/" + id);
    ObjectNode analysis = JSON.createObjectNode();
    analysis.put("AnalysisId", id).put("Arn", arn).put("Name", in.path("Name").asText());
    analysis.set("Definition", in.get("Definition").deepCopy());
    ArrayNode errors = definitionErrors(in.get("Definition"), account);
    String verb = create ? "CREATION" : "UPDATE";
    analysis.put("Status", verb + "_IN_PROGRESS");
    analysis.put("FinalStatus", errors.isEmpty() ? verb + "_SUCCESSFUL" : verb + "_FAILED");
    analysis.set("Errors", errors);
    analysis.put("CreatedTime", existing == null ? now() : existing.path("CreatedTime").asDouble());
    analysis.put("LastUpdatedTime", now());
    account.analyses.put(id, analysis);
    account.pending.put(arn, 1);
    if (create) {
      grant(account, arn, in.path("Permissions"));
      putTags(account, arn, in.path("Tags"));
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("Arn", arn)
        .put("AnalysisId", id)
        .put(create ? "CreationStatus" : "UpdateStatus", verb + "_IN_PROGRESS")
        .put("Status", 202);
    return out;
  }

  private ObjectNode describeAnalysis(ObjectNode in, Account account) {
    ObjectNode analysis = analysis(account, in.path("AnalysisId").asText());
    settleFinal(account, analysis);
    ObjectNode out = analysis.deepCopy();
    out.remove(List.of("Definition", "FinalStatus"));
    ArrayNode dataSetArns = out.putArray("DataSetArns");
    analysis
        .path("Definition")
        .path("DataSetIdentifierDeclarations")
        .forEach(d -> dataSetArns.add(d.path("DataSetArn").asText()));
    if (!failed(analysis)) {
      out.remove("Errors");
    }
    return wrap("Analysis", out);
  }

  private ObjectNode describeAnalysisDefinition(ObjectNode in, Account account) {
    ObjectNode analysis = analysis(account, in.path("AnalysisId").asText());
    settleFinal(account, analysis);
    ObjectNode out = JSON.createObjectNode();
    out.put("AnalysisId", analysis.path("AnalysisId").asText())
        .put("Name", analysis.path("Name").asText());
    out.put("ResourceStatus", analysis.path("Status").asText());
    out.set("Definition", analysis.path("Definition").deepCopy());
    if (failed(analysis)) {
      out.set("Errors", analysis.path("Errors").deepCopy());
    }
    return out;
  }

  private static ObjectNode analysis(Account account, String id) {
    ObjectNode analysis = account.analyses.get(id);
    if (analysis == null) {
      throw notFound("ANALYSIS", "Analysis " + id + " not found");
    }
    return analysis;
  }

  // ---------------------------------------------------------------- dashboards

  private ObjectNode putDashboard(
      boolean create, ObjectNode in, String region, String accountId, Account account) {
    String id = in.path("DashboardId").asText();
    if (create && account.dashboards.containsKey(id)) {
      throw new ApiException(409, "ResourceExistsException", "Dashboard " + id + " already exists");
    }
    if (!in.path("Definition").isObject()) {
      throw invalid("the simulator creates dashboards from a Definition only (no SourceEntity)");
    }
    String arn = arn(region, accountId, "dashboard/" + id);
    ObjectNode dashboard = create ? JSON.createObjectNode() : dashboard(account, id);
    if (create) {
      dashboard
          .put("DashboardId", id)
          .put("Arn", arn)
          .put("CreatedTime", now())
          .putArray("Versions");
      account.dashboards.put(id, dashboard);
    }
    dashboard.put("Name", in.path("Name").asText());
    copy(in, dashboard, "DashboardPublishOptions");
    ArrayNode versions = (ArrayNode) dashboard.get("Versions");
    long number = versions.size() + 1L;
    ObjectNode version = versions.addObject();
    String versionArn = arn + "/version/" + number;
    ArrayNode errors = definitionErrors(in.get("Definition"), account);
    String verb = create ? "CREATION" : "UPDATE";
    version
        .put("VersionNumber", number)
        .put("Arn", versionArn)
        .put("CreatedTime", now())
        .put("Status", verb + "_IN_PROGRESS")
        .put("FinalStatus", errors.isEmpty() ? verb + "_SUCCESSFUL" : verb + "_FAILED");
    if (in.hasNonNull("VersionDescription")) {
      version.put("Description", in.get("VersionDescription").asText());
    }
    version.set("Errors", errors);
    version.set("Definition", in.get("Definition").deepCopy());
    dashboard.put("LastUpdatedTime", now());
    if (create) {
      dashboard.put("PublishedVersion", 1); // the first version is published on creation
      dashboard.put("LastPublishedTime", now());
      grant(account, arn, in.path("Permissions"));
      putTags(account, arn, in.path("Tags"));
    }
    account.pending.put(versionArn, 1);
    ObjectNode out = JSON.createObjectNode();
    out.put("Arn", arn)
        .put("VersionArn", versionArn)
        .put("DashboardId", id)
        .put("CreationStatus", verb + "_IN_PROGRESS")
        .put("Status", 202);
    return out;
  }

  private ObjectNode describeDashboard(ObjectNode in, Account account) {
    ObjectNode dashboard = dashboard(account, in.path("DashboardId").asText());
    ObjectNode version = version(dashboard, in);
    settleFinal(account, version);
    ObjectNode out = JSON.createObjectNode();
    out.put("DashboardId", dashboard.path("DashboardId").asText())
        .put("Arn", dashboard.path("Arn").asText())
        .put("Name", dashboard.path("Name").asText())
        .put("CreatedTime", dashboard.path("CreatedTime").asDouble())
        .put("LastUpdatedTime", dashboard.path("LastUpdatedTime").asDouble())
        .put("LastPublishedTime", dashboard.path("LastPublishedTime").asDouble());
    ObjectNode v = out.putObject("Version");
    v.put("VersionNumber", version.path("VersionNumber").asLong())
        .put("Arn", version.path("Arn").asText())
        .put("Status", version.path("Status").asText())
        .put("CreatedTime", version.path("CreatedTime").asDouble());
    if (version.has("Description")) {
      v.put("Description", version.path("Description").asText());
    }
    if (failed(version)) {
      v.set("Errors", version.path("Errors").deepCopy());
    }
    ArrayNode dataSetArns = v.putArray("DataSetArns");
    version
        .path("Definition")
        .path("DataSetIdentifierDeclarations")
        .forEach(d -> dataSetArns.add(d.path("DataSetArn").asText()));
    return wrap("Dashboard", out);
  }

  private ObjectNode describeDashboardDefinition(ObjectNode in, Account account) {
    ObjectNode dashboard = dashboard(account, in.path("DashboardId").asText());
    ObjectNode version = version(dashboard, in);
    settleFinal(account, version);
    ObjectNode out = JSON.createObjectNode();
    out.put("DashboardId", dashboard.path("DashboardId").asText())
        .put("Name", dashboard.path("Name").asText());
    out.put("ResourceStatus", version.path("Status").asText());
    out.set("Definition", version.path("Definition").deepCopy());
    if (dashboard.has("DashboardPublishOptions")) {
      out.set("DashboardPublishOptions", dashboard.get("DashboardPublishOptions").deepCopy());
    }
    if (failed(version)) {
      out.set("Errors", version.path("Errors").deepCopy());
    }
    return out;
  }

  private static ObjectNode publish(ObjectNode in, Account account) {
    ObjectNode dashboard = dashboard(account, in.path("DashboardId").asText());
    ObjectNode version = version(dashboard, in);
    if (!version.path("FinalStatus").asText().endsWith("_SUCCESSFUL")) {
      throw invalid(
          "Version "
              + version.path("VersionNumber").asLong()
              + " of dashboard "
              + dashboard.path("DashboardId").asText()
              + " did not succeed and cannot be published");
    }
    dashboard.put("PublishedVersion", version.path("VersionNumber").asLong());
    dashboard.put("LastPublishedTime", now());
    ObjectNode out = JSON.createObjectNode();
    out.put("DashboardId", dashboard.path("DashboardId").asText())
        .put("DashboardArn", dashboard.path("Arn").asText());
    return out;
  }

  private static ObjectNode dashboard(Account account, String id) {
    ObjectNode dashboard = account.dashboards.get(id);
    if (dashboard == null) {
      throw notFound("DASHBOARD", "Dashboard " + id + " not found");
    }
    return dashboard;
  }

  /** The version a request names (VersionNumber), else the published one, as AWS describes it. */
  private static ObjectNode version(ObjectNode dashboard, ObjectNode in) {
    long number =
        in.hasNonNull("VersionNumber")
            ? in.get("VersionNumber").asLong()
            : dashboard.path("PublishedVersion").asLong();
    JsonNode versions = dashboard.path("Versions");
    if (number < 1 || number > versions.size()) {
      throw notFound(
          "DASHBOARD",
          "Dashboard " + dashboard.path("DashboardId").asText() + " has no version " + number);
    }
    return (ObjectNode) versions.get((int) number - 1);
  }

  // ---------------------------------------------------------------- definitions

  /**
   * What would make an analysis or dashboard fail: a data set that does not exist, a column that is
   * not in its data set (nor a calculated field of the definition). AnalysisError shapes.
   */
  private static ArrayNode definitionErrors(JsonNode definition, Account account) {
    ArrayNode errors = JSON.createArrayNode();
    Map<String, Set<String>> columns = new HashMap<>();
    for (JsonNode declaration : definition.path("DataSetIdentifierDeclarations")) {
      String arn = declaration.path("DataSetArn").asText();
      Optional<ObjectNode> dataSet =
          account.dataSets.values().stream()
              .filter(d -> d.path("Arn").asText().equals(arn))
              .findFirst();
      if (dataSet.isEmpty()) {
        error(
            errors,
            "DATA_SET_NOT_FOUND",
            "Data set " + arn + " does not exist",
            "dataSetIdentifier/" + declaration.path("Identifier").asText());
        continue;
      }
      Set<String> names = new HashSet<>();
      dataSet.get().path("OutputColumns").forEach(c -> names.add(c.path("Name").asText()));
      columns.put(declaration.path("Identifier").asText(), names);
    }
    for (JsonNode field : definition.path("CalculatedFields")) {
      Set<String> names = columns.get(field.path("DataSetIdentifier").asText());
      if (names == null) {
        continue;
      }
      Matcher reference = CALCULATED_REFERENCE.matcher(field.path("Expression").asText());
      while (reference.find()) {
        if (!names.contains(reference.group(1))) {
          error(
              errors,
              "COLUMN_REPLACEMENT_MISSING",
              "Calculated field "
                  + field.path("Name").asText()
                  + " reads "
                  + reference.group(1)
                  + ", which is not a column of "
                  + field.path("DataSetIdentifier").asText(),
              "calculatedField/" + field.path("Name").asText());
        }
      }
    }
    for (JsonNode field : definition.path("CalculatedFields")) {
      columns
          .computeIfAbsent(field.path("DataSetIdentifier").asText(), k -> new HashSet<>())
          .add(field.path("Name").asText());
    }
    checkColumns(definition, "", columns, errors);
    return errors;
  }

  private static void checkColumns(
      JsonNode node, String parentPath, Map<String, Set<String>> columns, ArrayNode errors) {
    if (node.isObject()) {
      String id = node.path("SheetId").asText(node.path("VisualId").asText(""));
      String path = id.isEmpty() ? parentPath : parentPath + "/" + id;
      if (node.has("ColumnName") && node.has("DataSetIdentifier")) {
        String identifier = node.path("DataSetIdentifier").asText();
        Set<String> names = columns.get(identifier);
        if (names != null && !names.contains(node.path("ColumnName").asText())) {
          error(
              errors,
              "COLUMN_REPLACEMENT_MISSING",
              "Column " + node.path("ColumnName").asText() + " is not in data set " + identifier,
              path);
        }
      }
      node.fields().forEachRemaining(e -> checkColumns(e.getValue(), path, columns, errors));
    } else if (node.isArray()) {
      node.forEach(element -> checkColumns(element, parentPath, columns, errors));
    }
  }

  private static void error(ArrayNode errors, String type, String message, String entity) {
    ObjectNode error = errors.addObject();
    error.put("Type", type).put("Message", message);
    error.putArray("ViolatedEntities").addObject().put("Path", entity);
  }

  // ---------------------------------------------------------------- permissions and tags

  private ObjectNode permissions(String operation, ObjectNode in, Account account) {
    String arn = arnOf(operation, in, account);
    ObjectNode out = JSON.createObjectNode();
    if (operation.startsWith("Update")) {
      grant(account, arn, in.path("GrantPermissions"));
      for (JsonNode revoke : in.path("RevokePermissions")) {
        Set<String> actions =
            account.permissions.getOrDefault(arn, Map.of()).get(revoke.path("Principal").asText());
        if (actions != null) {
          revoke.path("Actions").forEach(a -> actions.remove(a.asText()));
        }
      }
    }
    ArrayNode list = out.putArray("Permissions");
    account
        .permissions
        .getOrDefault(arn, Map.of())
        .forEach(
            (principal, actions) -> {
              if (!actions.isEmpty()) {
                ObjectNode entry = list.addObject().put("Principal", principal);
                ArrayNode a = entry.putArray("Actions");
                new TreeSet<>(actions).forEach(a::add);
              }
            });
    return out;
  }

  private String arnOf(String operation, ObjectNode in, Account account) {
    if (operation.contains("DataSource")) {
      return dataSource(account, in.path("DataSourceId").asText()).path("Arn").asText();
    } else if (operation.contains("DataSet")) {
      return dataSet(account, in.path("DataSetId").asText()).path("Arn").asText();
    } else if (operation.contains("Analysis")) {
      return analysis(account, in.path("AnalysisId").asText()).path("Arn").asText();
    }
    return dashboard(account, in.path("DashboardId").asText()).path("Arn").asText();
  }

  private static void grant(Account account, String arn, JsonNode permissions) {
    for (JsonNode permission : permissions) {
      // Namespace principals share dashboards and analyses; data sources and data sets take users
      // and groups (QuickSight API reference, ResourcePermission).
      if (permission.path("Principal").asText().contains(":namespace/")
          && (arn.contains(":datasource/") || arn.contains(":dataset/"))) {
        throw invalid(
            "Permissions: a namespace principal cannot be granted permissions on "
                + arn
                + "; grant a user or group");
      }
      if (permission.path("Actions").size() < 1 || permission.path("Actions").size() > 20) {
        throw invalid(
            "Permissions: each entry grants 1 to 20 actions, found "
                + permission.path("Actions").size());
      }
      Set<String> actions =
          account
              .permissions
              .computeIfAbsent(arn, k -> new LinkedHashMap<>())
              .computeIfAbsent(permission.path("Principal").asText(), k -> new HashSet<>());
      permission.path("Actions").forEach(a -> actions.add(a.asText()));
    }
  }

  private ObjectNode tag(ObjectNode in, Account account) {
    String arn = in.path("ResourceArn").asText();
    requireResource(account, arn);
    putTags(account, arn, in.path("Tags"));
    return JSON.createObjectNode();
  }

  private ObjectNode listTags(ObjectNode in, Account account) {
    String arn = in.path("ResourceArn").asText();
    requireResource(account, arn);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("Tags");
    account
        .tags
        .getOrDefault(arn, Map.of())
        .forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
    return out;
  }

  private static void putTags(Account account, String arn, JsonNode tags) {
    for (JsonNode tag : tags) {
      account
          .tags
          .computeIfAbsent(arn, k -> new LinkedHashMap<>())
          .put(tag.path("Key").asText(), tag.path("Value").asText());
    }
  }

  private static void requireResource(Account account, String arn) {
    boolean exists =
        account.dataSources.values().stream().anyMatch(r -> r.path("Arn").asText().equals(arn))
            || account.dataSets.values().stream().anyMatch(r -> r.path("Arn").asText().equals(arn))
            || account.analyses.values().stream().anyMatch(r -> r.path("Arn").asText().equals(arn))
            || account.dashboards.values().stream()
                .anyMatch(r -> r.path("Arn").asText().equals(arn));
    if (!exists) {
      throw notFound("RESOURCE", "Resource " + arn + " not found");
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * A data source reports IN_PROGRESS to its first Describe after a change, then its final status.
   */
  private static void settle(Account account, ObjectNode resource, String statusField) {
    String arn = resource.path("Arn").asText();
    int left = account.pending.getOrDefault(arn, 0);
    if (left > 0) {
      account.pending.put(arn, left - 1);
      return;
    }
    resource.put(
        statusField, resource.path(statusField).asText().replace("_IN_PROGRESS", "_SUCCESSFUL"));
  }

  /** As {@link #settle}, for resources whose final status was decided when the request came in. */
  private static void settleFinal(Account account, ObjectNode resource) {
    String arn = resource.path("Arn").asText();
    int left = account.pending.getOrDefault(arn, 0);
    if (left > 0) {
      account.pending.put(arn, left - 1);
      return;
    }
    resource.put("Status", resource.path("FinalStatus").asText());
  }

  private static boolean failed(JsonNode resource) {
    return resource.path("Status").asText().endsWith("_FAILED");
  }

  private static void copy(ObjectNode from, ObjectNode to, String... members) {
    for (String member : members) {
      if (from.hasNonNull(member)) {
        to.set(member, from.get(member).deepCopy());
      }
    }
  }

  private static void stamp(ObjectNode resource, boolean created) {
    if (created) {
      resource.put("CreatedTime", now());
    }
    resource.put("LastUpdatedTime", now());
  }

  private static double now() {
    return Instant.now().toEpochMilli() / 1000.0;
  }

  private static ObjectNode wrap(String member, ObjectNode value) {
    ObjectNode out = JSON.createObjectNode();
    out.set(member, value);
    return out;
  }

  private static String arn(String region, String account, String resource) {
    return "arn:aws:quicksight:" + region + ":" + account + ":" + resource;
  }

  private static ApiException invalid(String message) {
    return new ApiException(400, "InvalidParameterValueException", message);
  }

  private static ApiException notFound(String type, String message) {
    return new ApiException(404, "ResourceNotFoundException", message + " (" + type + ")");
  }
}
