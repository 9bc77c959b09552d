package io.smgov.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What QuickSight would only report after an upload, found before one: every column a visual,
 * filter, control or calculated field names exists in its data set's view with a type the use needs
 * (a numeric measure needs a number, a date dimension a date), and every id the definition refers
 * to (sheets, visuals, fields, filters, controls, parameters) is declared. Messages name the sheet
 * and visual.
 */
final class DefinitionCheck {
  private static final Set<String> NUMERIC = Set.of("integer", "bigint", "double");
  private static final Set<String> TEMPORAL = Set.of("date", "timestamp");

  /** The field kinds whose column must have a given type family. */
  private static final Map<String, Set<String>> NEEDS =
      Map.of(
          "NumericalMeasureField", NUMERIC,
          "NumericalDimensionField", NUMERIC,
          "NumericRangeFilter", NUMERIC,
          "NumericEqualityFilter", NUMERIC,
          "DateDimensionField", TEMPORAL,
          "DateMeasureField", TEMPORAL,
          "TimeRangeFilter", TEMPORAL,
          "TimeEqualityFilter", TEMPORAL,
          "RelativeDatesFilter", TEMPORAL);

  private static final Pattern REFERENCE = Pattern.compile("\\{([^}]+)}");
  private static final String CALCULATED = "calculated";

  private final Map<String, Map<String, String>> columns = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  private DefinitionCheck(Map<String, Map<String, String>> viewColumns) {
    viewColumns.forEach((identifier, cols) -> columns.put(identifier, new HashMap<>(cols)));
  }

  /**
   * The problems of {@code definition}; {@code viewColumns} maps each data set identifier to its
   * view's columns and their types.
   */
  static List<String> problems(JsonNode definition, Map<String, Map<String, String>> viewColumns) {
    DefinitionCheck check = new DefinitionCheck(viewColumns);
    check.run(definition);
    return check.problems;
  }

  private void run(JsonNode definition) {
    Set<String> declared = new HashSet<>();
    for (JsonNode declaration : definition.path("DataSetIdentifierDeclarations")) {
      String identifier = declaration.path("Identifier").asText();
      declared.add(identifier);
      if (!columns.containsKey(identifier)) {
        problems.add(
            "DataSetIdentifierDeclarations: "
                + identifier
                + " is not a data set of quicksight/manifest.yaml");
      }
    }
    columns.keySet().stream()
        .filter(i -> !declared.contains(i))
        .sorted()
        .forEach(
            i ->
                problems.add(
                    "DataSetIdentifierDeclarations: data set "
                        + i
                        + " of quicksight/manifest.yaml is not declared"));
    calculatedFields(definition);
    Set<String> parameters = new HashSet<>();
    for (JsonNode parameter : definition.path("ParameterDeclarations")) {
      parameter.fields().forEachRemaining(p -> parameters.add(p.getValue().path("Name").asText()));
    }
    Map<String, JsonNode> filters = new HashMap<>();
    Set<String> sheetIds = new HashSet<>();
    Map<String, Set<String>> visualsBySheet = new HashMap<>();
    for (JsonNode sheet : definition.path("Sheets")) {
      String sheetId = sheet.path("SheetId").asText();
      sheetIds.add(sheetId);
      Set<String> visuals = visualsBySheet.computeIfAbsent(sheetId, k -> new HashSet<>());
      for (JsonNode visual : sheet.path("Visuals")) {
        visual.fields().forEachRemaining(v -> visuals.add(v.getValue().path("VisualId").asText()));
      }
    }
    int g = 0;
    for (JsonNode group : definition.path("FilterGroups")) {
      String where = "FilterGroups[" + group.path("FilterGroupId").asText("#" + g++) + "]";
      for (JsonNode filter : group.path("Filters")) {
        filter
            .fields()
            .forEachRemaining(
                f -> {
                  filters.put(f.getValue().path("FilterId").asText(), f.getValue());
                  String parameter =
                      f.getValue()
                          .path("Configuration")
                          .path("CustomFilterConfiguration")
                          .path("ParameterName")
                          .asText(null);
                  if (parameter != null && !parameters.contains(parameter)) {
                    problems.add(
                        where
                            + ": parameter "
                            + parameter
                            + " is not declared in ParameterDeclarations");
                  }
                });
      }
      columnsIn(group.path("Filters"), where, null);
      for (JsonNode scope :
          group
              .path("ScopeConfiguration")
              .path("SelectedSheets")
              .path("SheetVisualScopingConfigurations")) {
        String sheetId = scope.path("SheetId").asText();
        if (!sheetIds.contains(sheetId)) {
          problems.add(where + ": scope names sheet " + sheetId + ", which does not exist");
        }
        for (JsonNode visual : scope.path("VisualIds")) {
          if (!visualsBySheet.getOrDefault(sheetId, Set.of()).contains(visual.asText())) {
            problems.add(
                where
                    + ": scope names visual "
                    + visual.asText()
                    + ", which is not on sheet "
                    + sheetId);
          }
        }
      }
    }
    Set<String> visualIds = new HashSet<>();
    for (JsonNode sheet : definition.path("Sheets")) {
      sheet(sheet, sheetIds, parameters, filters, visualIds);
    }
  }

  private void sheet(
      JsonNode sheet,
      Set<String> sheetIds,
      Set<String> parameters,
      Map<String, JsonNode> filters,
      Set<String> visualIds) {
    String sheetWhere = "Sheets[" + sheet.path("SheetId").asText() + "]";
    Set<String> elements = new HashSet<>();
    for (JsonNode control : sheet.path("FilterControls")) {
      control
          .fields()
          .forEachRemaining(
              c -> {
                elements.add(c.getValue().path("FilterControlId").asText());
                String source = c.getValue().path("SourceFilterId").asText();
                if (!filters.containsKey(source)) {
                  problems.add(
                      sheetWhere
                          + ".FilterControls["
                          + c.getValue().path("FilterControlId").asText()
                          + "]: filter "
                          + source
                          + " does not exist");
                }
              });
    }
    for (JsonNode control : sheet.path("ParameterControls")) {
      control
          .fields()
          .forEachRemaining(
              c -> {
                elements.add(c.getValue().path("ParameterControlId").asText());
                String source = c.getValue().path("SourceParameterName").asText();
                if (!parameters.contains(source)) {
                  problems.add(
                      sheetWhere
                          + ".ParameterControls["
                          + c.getValue().path("ParameterControlId").asText()
                          + "]: parameter "
                          + source
                          + " is not declared");
                }
              });
    }
    for (JsonNode visual : sheet.path("Visuals")) {
      visual
          .fields()
          .forEachRemaining(
              v -> {
                String visualId = v.getValue().path("VisualId").asText();
                String where = sheetWhere + ".Visuals[" + visualId + "]";
                if (!visualIds.add(visualId)) {
                  problems.add(where + ": visual id " + visualId + " is used twice");
                }
                elements.add(visualId);
                Set<String> fieldIds = new HashSet<>();
                collectFieldIds(v.getValue().path("ChartConfiguration"), fieldIds, where);
                columnsIn(v.getValue(), where, null);
                actions(v.getValue().path("Actions"), where, fieldIds, sheetIds, parameters);
              });
    }
    for (JsonNode layout : sheet.path("Layouts")) {
      for (JsonNode element : layout.path("Configuration").path("GridLayout").path("Elements")) {
        String id = element.path("ElementId").asText();
        if (!elements.contains(id)) {
          problems.add(
              sheetWhere + ".Layouts: element " + id + " is not a visual or control of the sheet");
        }
        elements.remove(id);
      }
    }
    elements.stream()
        .sorted()
        .forEach(
            id -> problems.add(sheetWhere + ".Layouts: " + id + " has no place in the layout"));
  }

  private void collectFieldIds(JsonNode node, Set<String> fieldIds, String where) {
    if (node.isObject()) {
      if (node.has("FieldId")
          && node.has("Column")
          && !fieldIds.add(node.path("FieldId").asText())) {
        problems.add(where + ": field id " + node.path("FieldId").asText() + " is used twice");
      }
      node.forEach(child -> collectFieldIds(child, fieldIds, where));
    } else if (node.isArray()) {
      node.forEach(child -> collectFieldIds(child, fieldIds, where));
    }
  }

  private void actions(
      JsonNode actions,
      String where,
      Set<String> fieldIds,
      Set<String> sheetIds,
      Set<String> parameters) {
    for (JsonNode action : actions) {
      for (JsonNode operation : action.path("ActionOperations")) {
        String target =
            operation
                .path("NavigationOperation")
                .path("LocalNavigationConfiguration")
                .path("TargetSheetId")
                .asText(null);
        if (target != null && !sheetIds.contains(target)) {
          problems.add(
              where
                  + ": action "
                  + action.path("CustomActionId").asText()
                  + " navigates to sheet "
                  + target
                  + ", which does not exist");
        }
        for (JsonNode value :
            operation.path("SetParametersOperation").path("ParameterValueConfigurations")) {
          String parameter = value.path("DestinationParameterName").asText();
          if (!parameters.contains(parameter)) {
            problems.add(
                where
                    + ": action "
                    + action.path("CustomActionId").asText()
                    + " sets parameter "
                    + parameter
                    + ", which is not declared");
          }
          String field = value.path("Value").path("SourceField").asText(null);
          if (field != null && !fieldIds.contains(field)) {
            problems.add(
                where
                    + ": action "
                    + action.path("CustomActionId").asText()
                    + " reads field "
                    + field
                    + ", which is not in the visual");
          }
        }
      }
    }
  }

  /** Calculated fields read existing columns, and become columns of their data set. */
  private void calculatedFields(JsonNode definition) {
    for (JsonNode field : definition.path("CalculatedFields")) {
      String identifier = field.path("DataSetIdentifier").asText();
      String name = field.path("Name").asText();
      Map<String, String> cols = columns.get(identifier);
      if (cols == null) {
        problems.add("CalculatedFields[" + name + "]: data set " + identifier + " is not declared");
        continue;
      }
      Matcher reference = REFERENCE.matcher(field.path("Expression").asText());
      while (reference.find()) {
        if (!cols.containsKey(reference.group(1))) {
          problems.add(
              "CalculatedFields["
                  + name
                  + "]: reads {"
                  + reference.group(1)
                  + "}, which is not a column of "
                  + identifier);
        }
      }
    }
    for (JsonNode field : definition.path("CalculatedFields")) {
      Map<String, String> cols = columns.get(field.path("DataSetIdentifier").asText());
      if (cols != null) {
        cols.putIfAbsent(field.path("Name").asText(), CALCULATED);
      }
    }
  }

  /** Every {DataSetIdentifier, ColumnName} under {@code node}, checked against its use. */
  private void columnsIn(JsonNode node, String where, String use) {
    if (node.isObject()) {
      if (node.has("ColumnName") && node.has("DataSetIdentifier")) {
        column(
            node.path("DataSetIdentifier").asText(), node.path("ColumnName").asText(), where, use);
        return;
      }
      node.fields()
          .forEachRemaining(
              e ->
                  columnsIn(e.getValue(), where, NEEDS.containsKey(e.getKey()) ? e.getKey() : use));
    } else if (node.isArray()) {
      node.forEach(child -> columnsIn(child, where, use));
    }
  }

  private void column(String identifier, String column, String where, String use) {
    Map<String, String> cols = columns.get(identifier);
    if (cols == null) {
      problems.add(where + ": data set " + identifier + " is not declared");
      return;
    }
    String type = cols.get(column);
    if (type == null) {
      problems.add(where + ": column " + column + " is not in data set " + identifier);
      return;
    }
    if (use != null && !type.equals(CALCULATED) && !NEEDS.get(use).contains(type)) {
      problems.add(
          where
              + ": "
              + use
              + " "
              + column
              + " needs a "
              + (NEEDS.get(use) == NUMERIC ? "number" : "date or timestamp")
              + ", but the view's column is "
              + type);
    }
  }
}
