package io.smgov.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.views.RuleCatalog;
import io.smgov.views.TemplateRenderer;
import io.smgov.views.ViewCatalog;
import io.smgov.wire.SdkJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.quicksight.model.CreateAnalysisRequest;
import software.amazon.awssdk.services.quicksight.model.CreateDashboardRequest;
import software.amazon.awssdk.services.quicksight.model.CreateDataSetRequest;
import software.amazon.awssdk.services.quicksight.model.CreateDataSourceRequest;
import software.amazon.awssdk.services.quicksight.model.InputColumn;
import software.amazon.awssdk.services.quicksight.model.RefreshSchedule;

/**
 * The rendered QuickSight requests: the SDK's own request classes accept them, and mistakes are
 * named.
 */
class QuickSightRequestsTest {
  static final String PRINCIPAL =
      "arn:aws:quicksight:eu-west-1:111111111111:group/default/ml-platform";
  private final QuickSightManifest manifest = QuickSightManifest.load();
  private final ViewCatalog views = ViewCatalog.load();

  static DashboardTarget target(DashboardTarget.ImportMode mode, Optional<RlsRules> rules) {
    return new DashboardTarget(
        "111111111111",
        "eu-west-1",
        "governance",
        PRINCIPAL,
        Optional.empty(),
        mode,
        "primary",
        rules);
  }

  @Test
  void everyRequestParsesIntoTheSdksOwnRequestClass() {
    QuickSightRequests.Rendered rendered =
        QuickSightRequests.render(
            manifest, target(DashboardTarget.ImportMode.SPICE, Optional.empty()), views);

    CreateDataSourceRequest source =
        SdkJson.toPojo(
            rendered.dataSource().orElseThrow(), CreateDataSourceRequest.class, "data source");
    assertThat(source.dataSourceParameters().athenaParameters().workGroup()).isEqualTo("primary");
    assertThat(rendered.dataSets()).hasSize(manifest.dataSets().size());
    for (ObjectNode json : rendered.dataSets()) {
      CreateDataSetRequest dataSet = SdkJson.toPojo(json, CreateDataSetRequest.class, "data set");
      var table = dataSet.physicalTableMap().get("view").relationalTable();
      ViewCatalog.View view = views.view(table.name());
      assertThat(table.schema()).isEqualTo("governance");
      assertThat(table.dataSourceArn())
          .isEqualTo(
              "arn:aws:quicksight:eu-west-1:111111111111:datasource/" + manifest.dataSource().id());
      // The data set's columns are the view's declared columns, in order, never a hand-kept copy.
      assertThat(table.inputColumns())
          .extracting(InputColumn::name)
          .containsExactlyElementsOf(
              view.columns().stream().map(ViewCatalog.ViewColumn::name).toList());
      assertThat(table.inputColumns())
          .extracting(InputColumn::typeAsString)
          .containsExactlyElementsOf(
              view.columns().stream().map(c -> QuickSightRequests.inputType(c.type())).toList());
      assertThat(dataSet.permissions())
          .singleElement()
          .satisfies(p -> assertThat(p.principal()).isEqualTo(PRINCIPAL));
      // The current data preparation form from the first apply, without row-level security.
      assertThat(dataSet.dataPrepConfiguration()).isNotNull();
      assertThat(
              dataSet
                  .semanticModelConfiguration()
                  .tableMap()
                  .get("semantic")
                  .rowLevelPermissionConfiguration())
          .as("no row-level security without rules")
          .isNull();
    }
    assertThat(rendered.refreshSchedules()).hasSize(manifest.dataSets().size());
    rendered
        .refreshSchedules()
        .values()
        .forEach(
            s ->
                assertThat(
                        SdkJson.toPojo(s, RefreshSchedule.class, "schedule")
                            .scheduleFrequency()
                            .intervalAsString())
                    .isEqualTo("DAILY"));
    CreateAnalysisRequest analysis =
        SdkJson.toPojo(rendered.analysis(), CreateAnalysisRequest.class, "analysis");
    CreateDashboardRequest dashboard =
        SdkJson.toPojo(rendered.dashboard(), CreateDashboardRequest.class, "dashboard");
    assertThat(analysis.definition().sheets())
        .extracting(s -> s.name())
        .containsExactly(
            "Portfolio overview",
            "Findings",
            "Approval funnel",
            "Metric trends",
            "Version detail",
            "Endpoint operations",
            "Export health",
            "Trends",
            "Costs");
    assertThat(dashboard.definition().dataSetIdentifierDeclarations())
        .extracting(d -> d.dataSetArn())
        .allMatch(
            arn -> arn.startsWith("arn:aws:quicksight:eu-west-1:111111111111:dataset/smgov-"));
    assertThat(SdkJson.toJson(dashboard.definition()))
        .isEqualTo(SdkJson.toJson(analysis.definition()));
  }

  @Test
  void dataSetOwnersMayChangeTheRefreshScheduleAsTheConsoleAllows() {
    QuickSightRequests.Rendered rendered =
        QuickSightRequests.render(
            manifest, target(DashboardTarget.ImportMode.SPICE, Optional.empty()), views);
    for (ObjectNode json : rendered.dataSets()) {
      CreateDataSetRequest dataSet = SdkJson.toPojo(json, CreateDataSetRequest.class, "data set");
      assertThat(dataSet.permissions())
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.actions())
                      // By hand: the console's 18 owner actions of a data set.
                      .hasSize(18)
                      .contains(
                          "quicksight:CreateRefreshSchedule",
                          "quicksight:UpdateRefreshSchedule",
                          "quicksight:DeleteRefreshSchedule",
                          "quicksight:ListRefreshSchedules",
                          "quicksight:DescribeRefreshSchedule",
                          "quicksight:PutDataSetRefreshProperties",
                          "quicksight:DescribeDataSetRefreshProperties",
                          "quicksight:DeleteDataSetRefreshProperties"));
    }
  }

  @Test
  void theDataSourceRunsAsTheStacksRoleWhenOneIsGiven() {
    DashboardTarget withRole =
        new DashboardTarget(
            "111111111111",
            "eu-west-1",
            "governance",
            PRINCIPAL,
            Optional.empty(),
            DashboardTarget.ImportMode.SPICE,
            "smgov",
            Optional.empty(),
            Optional.of("arn:aws:iam::111111111111:role/smgov-quicksight-athena"));
    CreateDataSourceRequest source =
        SdkJson.toPojo(
            QuickSightRequests.render(manifest, withRole, views).dataSource().orElseThrow(),
            CreateDataSourceRequest.class,
            "data source");
    assertThat(source.dataSourceParameters().athenaParameters().roleArn())
        .isEqualTo("arn:aws:iam::111111111111:role/smgov-quicksight-athena");
    assertThat(source.dataSourceParameters().athenaParameters().workGroup()).isEqualTo("smgov");
    assertThatThrownBy(
            () ->
                new DashboardTarget(
                    "111111111111",
                    "eu-west-1",
                    "governance",
                    PRINCIPAL,
                    Optional.empty(),
                    DashboardTarget.ImportMode.SPICE,
                    "smgov",
                    Optional.empty(),
                    Optional.of("arn:aws:iam::222222222222:role/elsewhere")))
        .isInstanceOf(DashboardException.class)
        .hasMessageContaining(
            "--data-source-role must be a role of account 111111111111 (QuickSight's own), got"
                + " one of 222222222222");
  }

  @Test
  void aNamespacePrincipalIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(
            () ->
                new DashboardTarget(
                    "111111111111",
                    "eu-west-1",
                    "governance",
                    "arn:aws:quicksight:us-east-1:111111111111:namespace/default",
                    Optional.empty(),
                    DashboardTarget.ImportMode.SPICE,
                    "primary",
                    Optional.empty()))
        .isInstanceOf(DashboardException.class)
        .hasMessageContaining(
            "--principal: a namespace cannot hold permissions on data sources and data sets");
  }

  @Test
  void theRuleFilterOffersEveryRuleOfTheCatalog() {
    CreateAnalysisRequest analysis =
        SdkJson.toPojo(
            QuickSightRequests.render(
                    manifest, target(DashboardTarget.ImportMode.SPICE, Optional.empty()), views)
                .analysis(),
            CreateAnalysisRequest.class,
            "analysis");
    var control =
        analysis.definition().sheets().stream()
            .filter(s -> s.sheetId().equals("findings"))
            .flatMap(s -> s.filterControls().stream())
            .filter(c -> c.dropdown() != null)
            .filter(c -> c.dropdown().filterControlId().equals("findings-rule_id-control"))
            .findFirst()
            .orElseThrow();
    assertThat(control.dropdown().selectableValues().values())
        .containsExactlyElementsOf(RuleCatalog.load().ids())
        .contains("UNAPPROVED_IN_PRODUCTION", "NO_MONITORING");
  }

  @Test
  void aCalculatedFieldNamingARuleTheCatalogLacksIsAProblem() {
    ObjectNode definition = new ObjectMapper().createObjectNode();
    definition
        .putArray("CalculatedFields")
        .addObject()
        .put("Name", "typo")
        .put(
            "Expression",
            "ifelse(in({rule_id}, ['NO_MONITORING', 'UNAPPROVED_IN_PRODCTION']), 1, 0)");
    List<String> problems = new ArrayList<>();
    QuickSightRequests.withRules(definition, RuleCatalog.load(), problems);
    assertThat(problems)
        .containsExactly(
            "quicksight/definition.json: calculated field typo compares rule_id with"
                + " 'UNAPPROVED_IN_PRODCTION', which is not a rule of sql/rules.yaml");
  }

  @Test
  void theDrillDownSetsTheVersionParameterAndOpensTheVersionSheet() {
    JsonNode definition =
        QuickSightRequests.render(
                manifest, target(DashboardTarget.ImportMode.SPICE, Optional.empty()), views)
            .definition();
    JsonNode findings = sheet(definition, "findings");
    JsonNode table = visual(findings, "findings-table").path("TableVisual");
    JsonNode operations = table.path("Actions").path(0).path("ActionOperations");
    assertThat(operations.findValue("DestinationParameterName").asText()).isEqualTo("VersionArn");
    assertThat(operations.findValue("TargetSheetId").asText()).isEqualTo("version");
    // Every table on the version sheet is filtered by that parameter.
    List<String> filtered = new ArrayList<>();
    for (JsonNode group : definition.path("FilterGroups")) {
      if ("VersionArn".equals(group.findPath("ParameterName").asText(null))) {
        group.findValues("VisualIds").forEach(ids -> ids.forEach(id -> filtered.add(id.asText())));
      }
    }
    List<String> onVersionSheet = new ArrayList<>();
    sheet(definition, "version")
        .path("Visuals")
        .forEach(
            v ->
                v.fields()
                    .forEachRemaining(
                        f -> onVersionSheet.add(f.getValue().path("VisualId").asText())));
    assertThat(filtered).containsExactlyInAnyOrderElementsOf(onVersionSheet);
  }

  @Test
  void theCostsSheetSumsKnownMonthlyCostsByFlagAndListsTheTenCostliestVariants() {
    CreateAnalysisRequest analysis =
        SdkJson.toPojo(
            QuickSightRequests.render(
                    manifest, target(DashboardTarget.ImportMode.SPICE, Optional.empty()), views)
                .analysis(),
            CreateAnalysisRequest.class,
            "analysis");
    var definition = analysis.definition();
    var costs =
        definition.sheets().stream()
            .filter(s -> s.sheetId().equals("costs"))
            .findFirst()
            .orElseThrow();
    // The four sums and the count of unknown costs: the KPIs, in the sheet's order.
    var kpis = costs.visuals().stream().filter(v -> v.kpiVisual() != null).toList();
    assertThat(kpis)
        .extracting(
            v -> {
              var value = v.kpiVisual().chartConfiguration().fieldWells().values().get(0);
              return value.numericalMeasureField().column().columnName()
                  + " "
                  + value
                      .numericalMeasureField()
                      .aggregationFunction()
                      .simpleNumericalAggregationAsString();
            })
        .containsExactly(
            "monthly_cost_usd SUM",
            "idle_monthly_cost_usd SUM",
            "unapproved_monthly_cost_usd SUM",
            "stale_monthly_cost_usd SUM",
            "unknown_cost SUM");
    assertThat(kpis.subList(0, 4))
        .allSatisfy(
            v ->
                assertThat(v.kpiVisual().title().formatText().plainText())
                    .endsWith(", USD per month"));
    // Each flag's sum is the known cost of the variants with the flag (QuickSight promotes the
    // view's booleans to integers); a cost is unknown when cost_status is not 'priced'.
    Map<String, String> calculated = new TreeMap<>();
    definition.calculatedFields().stream()
        .filter(f -> f.dataSetIdentifier().equals("costs"))
        .forEach(f -> calculated.put(f.name(), f.expression()));
    assertThat(calculated)
        .containsEntry("idle_monthly_cost_usd", "ifelse({is_idle} = 1, {monthly_cost_usd}, 0.0)")
        .containsEntry(
            "unapproved_monthly_cost_usd",
            "ifelse({serves_unapproved} = 1, {monthly_cost_usd}, 0.0)")
        .containsEntry(
            "stale_monthly_cost_usd", "ifelse({serves_stale} = 1, {monthly_cost_usd}, 0.0)")
        .containsEntry("unknown_cost", "ifelse({cost_status} = 'priced', 0, 1)");
    // Money is shown in US dollars.
    var bars = costs.visuals().stream().filter(v -> v.barChartVisual() != null).findFirst();
    assertThat(bars).isPresent();
    assertThat(
            bars.get()
                .barChartVisual()
                .chartConfiguration()
                .fieldWells()
                .barChartAggregatedFieldWells()
                .values())
        .hasSize(4)
        .allSatisfy(
            m ->
                assertThat(
                        m.numericalMeasureField()
                            .formatConfiguration()
                            .formatConfiguration()
                            .currencyDisplayFormatConfiguration()
                            .symbol())
                    .isEqualTo("USD"));
    assertThat(bars.get().barChartVisual().subtitle().formatText().plainText())
        .contains("on-demand list prices x current capacity")
        .contains("data transfer, storage, savings plans");
    // The table shows the ten variants with the highest monthly cost.
    var top =
        definition.filterGroups().stream()
            .filter(g -> g.filterGroupId().equals("costs-top-10"))
            .findFirst()
            .orElseThrow();
    var filter = top.filters().get(0).topBottomFilter();
    assertThat(filter.limit()).isEqualTo(10);
    assertThat(filter.aggregationSortConfigurations())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.column().columnName()).isEqualTo("monthly_cost_usd");
              assertThat(s.sortDirectionAsString()).isEqualTo("DESC");
            });
    assertThat(
            top.scopeConfiguration()
                .selectedSheets()
                .sheetVisualScopingConfigurations()
                .get(0)
                .visualIds())
        .containsExactly("costs-top-table");
  }

  @Test
  void rowLevelSecurityRestrictsEveryDataSetWithABusinessUnit(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules,
        "rules:\n  - {group: platform-admins}\n  - {group: retail-leads, business_unit: retail}\n  - {group: o'neil, business_unit: risk}\n");
    QuickSightRequests.Rendered rendered =
        QuickSightRequests.render(
            manifest,
            target(DashboardTarget.ImportMode.SPICE, Optional.of(RlsRules.load(rules))),
            views);
    CreateDataSetRequest rulesSet =
        SdkJson.toPojo(rendered.dataSets().get(0), CreateDataSetRequest.class, "rules");
    assertThat(rulesSet.useAsAsString()).isEqualTo("RLS_RULES");
    assertThat(rulesSet.physicalTableMap().get("rules").customSql().sqlQuery())
        .isEqualTo(
            "SELECT * FROM (VALUES ('platform-admins', CAST(NULL AS varchar)), ('retail-leads', 'retail'), ('o''neil', 'risk'))"
                + " AS rules(GroupName, business_unit)");
    String rulesArn =
        "arn:aws:quicksight:eu-west-1:111111111111:dataset/" + manifest.rowLevelSecurity().id();
    for (QuickSightManifest.DataSet declared : manifest.dataSets()) {
      CreateDataSetRequest dataSet =
          SdkJson.toPojo(
              rendered.dataSets().stream()
                  .filter(d -> d.path("DataSetId").asText().equals(declared.id()))
                  .findFirst()
                  .orElseThrow(),
              CreateDataSetRequest.class,
              declared.id());
      if (declared.rowLevelSecurity().isPresent()) {
        assertThat(
                dataSet
                    .semanticModelConfiguration()
                    .tableMap()
                    .get("semantic")
                    .rowLevelPermissionConfiguration()
                    .rowLevelPermissionDataSet()
                    .arn())
            .as(declared.id())
            .isEqualTo(rulesArn);
      } else {
        assertThat(
                dataSet
                    .semanticModelConfiguration()
                    .tableMap()
                    .get("semantic")
                    .rowLevelPermissionConfiguration())
            .as(declared.id())
            .isNull();
      }
    }
    assertThat(manifest.dataSets())
        .filteredOn(d -> d.rowLevelSecurity().isEmpty())
        .extracting(QuickSightManifest.DataSet::view)
        .containsExactly("export_health");
  }

  @Test
  void directQueryHasNoRefreshSchedules() {
    QuickSightRequests.Rendered rendered =
        QuickSightRequests.render(
            manifest, target(DashboardTarget.ImportMode.DIRECT_QUERY, Optional.empty()), views);
    assertThat(rendered.refreshSchedules()).isEmpty();
    assertThat(rendered.dataSets())
        .allSatisfy(d -> assertThat(d.path("ImportMode").asText()).isEqualTo("DIRECT_QUERY"));
    // A decimal sub-type is a SPICE setting: none in DIRECT_QUERY, FLOAT for doubles in SPICE.
    assertThat(rendered.dataSets()).allSatisfy(d -> assertThat(d.findValues("SubType")).isEmpty());
    assertThat(
            QuickSightRequests.render(
                    manifest, target(DashboardTarget.ImportMode.SPICE, Optional.empty()), views)
                .dataSets()
                .stream()
                .flatMap(d -> d.findValuesAsText("SubType").stream())
                .distinct())
        .containsExactly("FLOAT");
  }

  @Test
  void anUnknownMemberOrEnumValueIsRefusedWithItsPath() {
    assertThatThrownBy(
            () -> render(t -> t.replaceFirst("\"BarsArrangement\"", "\"BarArrangement\"")))
        .isInstanceOf(DashboardException.class)
        .hasMessageContaining(
            "analysis smgov-governance: CreateAnalysisRequest.Definition.Sheets[0].Visuals[6].BarChartVisual"
                + ".ChartConfiguration.BarArrangement: unknown field");
    assertThatThrownBy(
            () ->
                render(
                    t ->
                        t.replaceFirst(
                            "\"Orientation\": \"HORIZONTAL\"", "\"Orientation\": \"SIDEWAYS\"")))
        .hasMessageContaining("Orientation: 'SIDEWAYS' is not one of HORIZONTAL, VERTICAL");
  }

  @Test
  void aColumnTheViewsDoNotHaveOrOfTheWrongTypeIsNamedWithItsVisual() {
    assertThatThrownBy(
            () ->
                render(t -> t.replace("\"ColumnName\": \"detail\"", "\"ColumnName\": \"details\"")))
        .hasMessageContaining(
            "quicksight/definition.json: Sheets[findings].Visuals[findings-table]: column details is not in data set findings");
    assertThatThrownBy(
            () ->
                render(
                    t ->
                        t.replace(
                            "\"ColumnName\": \"days_behind\"", "\"ColumnName\": \"last_status\"")))
        .hasMessageContaining(
            "Sheets[health].Visuals[kpi-days-behind]: NumericalMeasureField last_status needs a number, but the view's column is varchar");
    assertThatThrownBy(
            () -> render(t -> t.replace("{production_endpoints} > 0", "{production_endpoint} > 0")))
        .hasMessageContaining(
            "CalculatedFields[in_production]: reads {production_endpoint}, which is not a column of versions");
    assertThatThrownBy(
            () ->
                render(
                    t ->
                        t.replace(
                            "\"TargetSheetId\": \"version\"", "\"TargetSheetId\": \"versions\"")))
        .hasMessageContaining("navigates to sheet versions, which does not exist");
  }

  @Test
  void placeholdersAreStrict() {
    assertThatThrownBy(() -> render(t -> t.replaceFirst("\\$\\{account_id}", "\\${acount_id}")))
        .hasMessageContaining("acount_id");
    assertThat(QuickSightRequests.PLACEHOLDERS)
        .containsExactlyInAnyOrderElementsOf(
            target(DashboardTarget.ImportMode.SPICE, Optional.empty())
                .placeholders(manifest)
                .keySet());
    assertThat(TemplateRenderer.placeholders(manifest.definitionTemplate()))
        .isSubsetOf(QuickSightRequests.PLACEHOLDERS);
  }

  @Test
  void badTargetsAreRefusedAllAtOnceNamingTheOptions(@TempDir Path dir) throws Exception {
    assertThatThrownBy(
            () ->
                new DashboardTarget(
                    "1234",
                    "eu-west-1",
                    "Gov",
                    "arn:aws:iam::111111111111:role/x",
                    Optional.empty(),
                    DashboardTarget.ImportMode.SPICE,
                    "primary",
                    Optional.empty()))
        .isInstanceOf(DashboardException.class)
        .satisfies(e -> assertThat(((DashboardException) e).problems()).hasSize(3))
        .hasMessageContaining("--aws-account-id")
        .hasMessageContaining("--database")
        .hasMessageContaining("--principal");
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "rules:\n  - {group: '', unit: retail}\n");
    assertThatThrownBy(() -> RlsRules.load(rules))
        .hasMessageContaining("rules[0].group must be a QuickSight group name, got ''")
        .hasMessageContaining("rules[0].unit is not a rule field");
  }

  private void render(UnaryOperator<String> edit) {
    QuickSightManifest edited =
        new QuickSightManifest(
            manifest.dataSource(),
            manifest.dataSets(),
            manifest.refreshSchedule(),
            manifest.rowLevelSecurity(),
            manifest.analysis(),
            manifest.dashboard(),
            manifest.permissions(),
            edit.apply(manifest.definitionTemplate()));
    String before = manifest.definitionTemplate();
    assertThat(edited.definitionTemplate()).as("the edit applies").isNotEqualTo(before);
    QuickSightRequests.render(
        edited, target(DashboardTarget.ImportMode.SPICE, Optional.empty()), views);
  }

  private static JsonNode sheet(JsonNode definition, String id) {
    for (JsonNode sheet : definition.path("Sheets")) {
      if (sheet.path("SheetId").asText().equals(id)) {
        return sheet;
      }
    }
    throw new AssertionError("no sheet " + id);
  }

  private static JsonNode visual(JsonNode sheet, String id) {
    for (JsonNode visual : sheet.path("Visuals")) {
      if (visual.findValue("VisualId").asText().equals(id)) {
        return visual;
      }
    }
    throw new AssertionError("no visual " + id);
  }
}
