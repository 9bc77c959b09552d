package io.smgov.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.Version;
import io.smgov.views.RuleCatalog;
import io.smgov.views.TemplateRenderer;
import io.smgov.views.ViewCatalog;
import io.smgov.wire.SdkJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.quicksight.model.CreateAnalysisRequest;
import software.amazon.awssdk.services.quicksight.model.CreateDashboardRequest;
import software.amazon.awssdk.services.quicksight.model.CreateDataSetRequest;
import software.amazon.awssdk.services.quicksight.model.CreateDataSourceRequest;
import software.amazon.awssdk.services.quicksight.model.RefreshSchedule;

/**
 * The QuickSight requests of one target, in the API's own JSON shapes: what {@code dashboard apply}
 * sends and {@code dashboard render} writes. Everything is derived: the data sets' InputColumns
 * from the views' declared columns, the RLS wiring from the manifest, the definition from {@code
 * definition.json} rendered strictly. Each request is checked against the SDK's request model
 * (unknown member, wrong type, unknown enum value) and the definition against the views.
 */
public final class QuickSightRequests {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The only placeholders quicksight/ may use. */
  static final List<String> PLACEHOLDERS =
      List.of("account_id", "region", "database", "data_source_arn", "principal_arn");

  /** One target's requests. {@code dataSource} is empty when an existing data source is used. */
  public record Rendered(
      Optional<ObjectNode> dataSource,
      List<ObjectNode> dataSets,
      Map<String, ObjectNode> refreshSchedules,
      ObjectNode analysis,
      ObjectNode dashboard) {

    /** The definition both the analysis and the dashboard are made of. */
    public JsonNode definition() {
      return analysis.path("Definition");
    }
  }

  private QuickSightRequests() {}

  public static Rendered render(
      QuickSightManifest manifest, DashboardTarget target, ViewCatalog views) {
    List<String> problems = new ArrayList<>();
    Optional<ObjectNode> dataSource =
        target.externalDataSourceArn().isPresent()
            ? Optional.empty()
            : Optional.of(dataSource(manifest, target));
    List<ObjectNode> dataSets = new ArrayList<>();
    target.rlsRules().ifPresent(rules -> dataSets.add(rulesDataSet(manifest, target, rules)));
    Map<String, Map<String, String>> viewColumns = new LinkedHashMap<>();
    for (QuickSightManifest.DataSet dataSet : manifest.dataSets()) {
      ViewCatalog.View view = views.view(dataSet.view());
      dataSets.add(dataSet(manifest, target, dataSet, view));
      Map<String, String> columns = new LinkedHashMap<>();
      view.columns().forEach(c -> columns.put(c.name(), c.type()));
      viewColumns.put(dataSet.identifier(), columns);
    }
    Map<String, ObjectNode> schedules = new LinkedHashMap<>();
    if (target.importMode() == DashboardTarget.ImportMode.SPICE) {
      for (ObjectNode dataSet : dataSets) {
        schedules.put(dataSet.path("DataSetId").asText(), schedule(manifest));
      }
    }
    JsonNode definition = definition(manifest, target);
    withRules(definition, RuleCatalog.load(), problems);
    DefinitionCheck.problems(definition, viewColumns)
        .forEach(p -> problems.add("quicksight/definition.json: " + p));
    ObjectNode analysis = JSON.createObjectNode();
    analysis
        .put("AwsAccountId", target.accountId())
        .put("AnalysisId", manifest.analysis().id())
        .put("Name", manifest.analysis().name());
    analysis.set("Definition", definition);
    analysis.set("Permissions", permissions(target, manifest.permissions().analysis()));
    ObjectNode dashboard = JSON.createObjectNode();
    dashboard
        .put("AwsAccountId", target.accountId())
        .put("DashboardId", manifest.dashboard().id())
        .put("Name", manifest.dashboard().name());
    dashboard.set("Definition", definition.deepCopy());
    dashboard.set("Permissions", permissions(target, manifest.permissions().dashboard()));
    dashboard.put("VersionDescription", "smgov " + Version.current());
    ObjectNode publish = dashboard.putObject("DashboardPublishOptions");
    publish.putObject("AdHocFilteringOption").put("AvailabilityStatus", "ENABLED");
    publish.putObject("ExportToCSVOption").put("AvailabilityStatus", "ENABLED");
    publish.putObject("SheetControlsOption").put("VisibilityState", "EXPANDED");

    Rendered rendered = new Rendered(dataSource, dataSets, schedules, analysis, dashboard);
    dataSource.ifPresent(
        d ->
            validate(
                d,
                CreateDataSourceRequest.class,
                "data source " + d.path("DataSourceId").asText(),
                problems));
    dataSets.forEach(
        d ->
            validate(
                d,
                CreateDataSetRequest.class,
                "data set " + d.path("DataSetId").asText(),
                problems));
    schedules.forEach(
        (id, s) -> validate(s, RefreshSchedule.class, "refresh schedule of " + id, problems));
    validate(
        analysis, CreateAnalysisRequest.class, "analysis " + manifest.analysis().id(), problems);
    validate(
        dashboard,
        CreateDashboardRequest.class,
        "dashboard " + manifest.dashboard().id(),
        problems);
    if (!problems.isEmpty()) {
      throw new DashboardException(problems);
    }
    return rendered;
  }

  /** A text literal in a calculated field's expression, e.g. 'UNAPPROVED_IN_PRODUCTION'. */
  private static final Pattern LITERAL = Pattern.compile("'([^']*)'");

  /**
   * The rule catalog in the definition: every dropdown or list control of a filter on {@code
   * rule_id} offers every rule (so a rule with no finding today is still there to pick), and every
   * literal in a calculated field that reads {@code rule_id} (=, in(), ifelse) is a rule the
   * catalog has.
   */
  static void withRules(JsonNode definition, RuleCatalog rules, List<String> problems) {
    Set<String> ruleFilters = new HashSet<>();
    for (JsonNode group : definition.path("FilterGroups")) {
      for (JsonNode filter : group.path("Filters")) {
        JsonNode category = filter.path("CategoryFilter");
        if (category.path("Column").path("ColumnName").asText().equals("rule_id")) {
          ruleFilters.add(category.path("FilterId").asText());
        }
      }
    }
    for (JsonNode sheet : definition.path("Sheets")) {
      for (JsonNode control : sheet.path("FilterControls")) {
        for (String kind : List.of("Dropdown", "List")) {
          JsonNode c = control.path(kind);
          if (c.isObject() && ruleFilters.contains(c.path("SourceFilterId").asText())) {
            ArrayNode values = ((ObjectNode) c).putObject("SelectableValues").putArray("Values");
            rules.ids().forEach(values::add);
          }
        }
      }
    }
    for (JsonNode field : definition.path("CalculatedFields")) {
      String expression = field.path("Expression").asText();
      if (!expression.contains("{rule_id}")) {
        continue;
      }
      Matcher m = LITERAL.matcher(expression);
      while (m.find()) {
        if (!rules.ids().contains(m.group(1))) {
          problems.add(
              "quicksight/definition.json: calculated field "
                  + field.path("Name").asText()
                  + " compares rule_id with '"
                  + m.group(1)
                  + "', which is not a rule of sql/rules.yaml");
        }
      }
    }
  }

  /** {@code definition.json} with the target's values, parsed. */
  static JsonNode definition(QuickSightManifest manifest, DashboardTarget target) {
    Map<String, String> values = new LinkedHashMap<>();
    // JSON-escaped: a value is inserted inside a JSON string.
    target.placeholders(manifest).forEach((k, v) -> values.put(k, jsonEscape(v)));
    String text =
        TemplateRenderer.render(
            manifest.definitionTemplate(), values, "quicksight/definition.json");
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new DashboardException(
          "quicksight/definition.json is not JSON after rendering: " + e.getMessage());
    }
  }

  private static String jsonEscape(String value) {
    String quoted = JSON.getNodeFactory().textNode(value).toString();
    return quoted.substring(1, quoted.length() - 1);
  }

  private static ObjectNode dataSource(QuickSightManifest manifest, DashboardTarget target) {
    ObjectNode source = JSON.createObjectNode();
    source
        .put("AwsAccountId", target.accountId())
        .put("DataSourceId", manifest.dataSource().id())
        .put("Name", manifest.dataSource().name())
        .put("Type", "ATHENA");
    ObjectNode athena =
        source
            .putObject("DataSourceParameters")
            .putObject("AthenaParameters")
            .put("WorkGroup", target.workgroup());
    // The role QuickSight assumes to query Athena for this data source (the job stack's
    // QuickSightDataSourceRole): read on the warehouse, its key, the catalog, the workgroup.
    target.dataSourceRole().ifPresent(role -> athena.put("RoleArn", role));
    source.set("Permissions", permissions(target, manifest.permissions().dataSource()));
    return source;
  }

  private static ObjectNode dataSet(
      QuickSightManifest manifest,
      DashboardTarget target,
      QuickSightManifest.DataSet dataSet,
      ViewCatalog.View view) {
    ObjectNode request = JSON.createObjectNode();
    request
        .put("AwsAccountId", target.accountId())
        .put("DataSetId", dataSet.id())
        .put("Name", dataSet.name())
        .put("ImportMode", target.importMode().name());
    ObjectNode table =
        request.putObject("PhysicalTableMap").putObject("view").putObject("RelationalTable");
    table
        .put("DataSourceArn", target.dataSourceArn(manifest))
        .put("Catalog", "AwsDataCatalog")
        .put("Schema", target.database())
        .put("Name", view.name());
    ArrayNode columns = table.putArray("InputColumns");
    for (ViewCatalog.ViewColumn column : view.columns()) {
      // The column's name is its id: stable across applies, unique in the view, at most 64.
      ObjectNode input =
          columns
              .addObject()
              .put("Name", column.name())
              .put("Id", column.name())
              .put("Type", inputType(column.type()));
      // A decimal sub-type is a SPICE setting: a DIRECT_QUERY data set carries none.
      if (column.type().equals("double")
          && target.importMode() == DashboardTarget.ImportMode.SPICE) {
        input.put("SubType", "FLOAT");
      }
    }
    dataPreparation(
        request,
        view.name(),
        target.rlsRules().isPresent() && dataSet.rowLevelSecurity().isPresent()
            ? Optional.of(target.arn("dataset/" + manifest.rowLevelSecurity().id()))
            : Optional.empty());
    request.set("Permissions", permissions(target, manifest.permissions().dataSet()));
    return request;
  }

  /**
   * Every data set in the current data preparation model, with or without row-level security: the
   * physical table is imported as the data set's one destination table, and its semantic table
   * carries the rules data set when there is one. One form from the first apply, so turning
   * row-level security on or off updates the semantic table and never converts the data set between
   * the legacy and the current form (QuickSight does not convert in place; deleting and recreating
   * it would break the analyses built on it).
   */
  private static void dataPreparation(ObjectNode request, String alias, Optional<String> rulesArn) {
    ObjectNode prep = request.putObject("DataPrepConfiguration");
    prep.putObject("SourceTableMap").putObject("source").put("PhysicalTableId", "view");
    ObjectNode importStep =
        prep.putObject("TransformStepMap").putObject("import").putObject("ImportTableStep");
    importStep.put("Alias", alias).putObject("Source").put("SourceTableId", "source");
    prep.putObject("DestinationTableMap")
        .putObject("destination")
        .put("Alias", alias)
        .putObject("Source")
        .put("TransformOperationId", "import");
    ObjectNode semantic =
        request.putObject("SemanticModelConfiguration").putObject("TableMap").putObject("semantic");
    semantic.put("Alias", alias).put("DestinationTableId", "destination");
    if (rulesArn.isEmpty()) {
      return;
    }
    semantic
        .putObject("RowLevelPermissionConfiguration")
        .putObject("RowLevelPermissionDataSet")
        .put("Arn", rulesArn.get())
        .put("PermissionPolicy", "GRANT_ACCESS")
        // VERSION_1: the rules name groups by GroupName (VERSION_2 would need GroupARN columns).
        .put("FormatVersion", "VERSION_1")
        .put("Status", "ENABLED");
  }

  private static ObjectNode rulesDataSet(
      QuickSightManifest manifest, DashboardTarget target, RlsRules rules) {
    String column =
        manifest.dataSets().stream()
            .flatMap(d -> d.rowLevelSecurity().stream())
            .findFirst()
            .orElse("business_unit");
    ObjectNode request = JSON.createObjectNode();
    request
        .put("AwsAccountId", target.accountId())
        .put("DataSetId", manifest.rowLevelSecurity().id())
        .put("Name", manifest.rowLevelSecurity().name())
        .put("ImportMode", target.importMode().name())
        .put("UseAs", "RLS_RULES");
    ObjectNode sql =
        request.putObject("PhysicalTableMap").putObject("rules").putObject("CustomSql");
    sql.put("DataSourceArn", target.dataSourceArn(manifest))
        .put("Name", manifest.rowLevelSecurity().id())
        .put("SqlQuery", rules.sql(column));
    ArrayNode columns = sql.putArray("Columns");
    columns.addObject().put("Name", "GroupName").put("Type", "STRING");
    columns.addObject().put("Name", column).put("Type", "STRING");
    request.set("Permissions", permissions(target, manifest.permissions().dataSet()));
    return request;
  }

  private static ObjectNode schedule(QuickSightManifest manifest) {
    ObjectNode schedule = JSON.createObjectNode();
    schedule.put("ScheduleId", manifest.refreshSchedule().id()).put("RefreshType", "FULL_REFRESH");
    schedule
        .putObject("ScheduleFrequency")
        .put("Interval", manifest.refreshSchedule().interval())
        .put("TimeOfTheDay", manifest.refreshSchedule().timeOfTheDay())
        .put("Timezone", manifest.refreshSchedule().timezone());
    return schedule;
  }

  private static ArrayNode permissions(DashboardTarget target, List<String> actions) {
    ArrayNode permissions = JSON.createArrayNode();
    ObjectNode grant = permissions.addObject().put("Principal", target.principalArn());
    actions.forEach(grant.putArray("Actions")::add);
    return permissions;
  }

  /** The QuickSight input column type of a view column type. */
  static String inputType(String viewType) {
    switch (viewType) {
      case "varchar":
        return "STRING";
      case "integer":
      case "bigint":
        return "INTEGER";
      case "double":
        return "DECIMAL";
      case "boolean":
        return "BOOLEAN";
      case "date":
      case "timestamp":
        return "DATETIME";
      default:
        throw new IllegalArgumentException("no QuickSight type for view type " + viewType);
    }
  }

  private static void validate(
      ObjectNode request, Class<?> shape, String what, List<String> problems) {
    List<String> found = new ArrayList<>();
    SdkJson.validateAndNormalize(
        request.deepCopy(), List.of(SdkJson.shape(shape)), shape.getSimpleName(), found);
    found.forEach(p -> problems.add(what + ": " + p));
  }
}
