package io.smgov.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.simulator.RequestLog;
import io.smgov.testing.GlueViews;
import io.smgov.testing.QuickSightFixture;
import io.smgov.views.ViewCatalog;
import io.smgov.wire.SdkJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.AnalysisDefinition;
import software.amazon.awssdk.services.quicksight.model.CreateDataSetRequest;
import software.amazon.awssdk.services.quicksight.model.CreateDataSourceRequest;
import software.amazon.awssdk.services.quicksight.model.DashboardVersionDefinition;
import software.amazon.awssdk.services.quicksight.model.InvalidParameterValueException;
import software.amazon.awssdk.services.quicksight.model.SheetDefinition;
import software.amazon.awssdk.services.quicksight.model.SheetTextBox;
import software.amazon.awssdk.services.quicksight.model.UpdateDataSetRequest;

/**
 * {@code dashboard apply} against the simulator's QuickSight, through the real SDK client: it
 * creates everything once, changes nothing the second time, and never silently overwrites what
 * someone edited in QuickSight.
 */
class DashboardApplyTest {
  private static final String DATABASE = "governance";
  private static final DashboardApply.Options FAST =
      new DashboardApply.Options(false, Duration.ofMillis(1), Duration.ofSeconds(30));

  private final QuickSightManifest manifest = QuickSightManifest.load();
  private final List<String> log = new ArrayList<>();
  private QuickSightFixture fixture;
  private QuickSightClient quickSight;
  private String account;

  @BeforeEach
  void start() {
    fixture = new QuickSightFixture(DATABASE);
    quickSight = fixture.quickSight;
    account = fixture.account;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private DashboardTarget target(DashboardTarget.ImportMode mode, Optional<RlsRules> rules) {
    return new DashboardTarget(
        account,
        "eu-west-1",
        DATABASE,
        "arn:aws:quicksight:eu-west-1:" + account + ":group/default/ml-platform",
        Optional.empty(),
        mode,
        "primary",
        rules);
  }

  private DashboardApply.Outcome apply(QuickSightManifest m, DashboardTarget target, boolean force)
      throws InterruptedException {
    QuickSightRequests.Rendered rendered = QuickSightRequests.render(m, target, ViewCatalog.load());
    return new DashboardApply(
            quickSight,
            m,
            target,
            new DashboardApply.Options(force, FAST.pollInterval(), FAST.timeout()),
            log::add)
        .apply(rendered);
  }

  private DashboardApply.Outcome apply(DashboardTarget target) throws InterruptedException {
    return apply(manifest, target, false);
  }

  /** The findings data set's request of a rendering. */
  private static ObjectNode findings(QuickSightRequests.Rendered rendered) {
    return rendered.dataSets().stream()
        .filter(d -> d.path("DataSetId").asText().equals("smgov-findings"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theSecondApplyChangesNothing() throws Exception {
    DashboardTarget target = target(DashboardTarget.ImportMode.SPICE, Optional.empty());
    DashboardApply.Outcome first = apply(target);
    int resources = 1 + 2 * manifest.dataSets().size() + 2;
    assertThat(first.changes())
        .hasSize(resources)
        .extracting(DashboardApply.Change::action)
        .containsOnly(DashboardApply.Action.CREATED);
    assertThat(first.changes())
        .filteredOn(c -> c.kind().equals("data set"))
        .allSatisfy(c -> assertThat(c.detail()).startsWith("first SPICE load: ingestion "));
    var dashboard =
        quickSight
            .describeDashboard(r -> r.awsAccountId(account).dashboardId(manifest.dashboard().id()))
            .dashboard();
    assertThat(dashboard.version().versionNumber()).isEqualTo(1L);
    assertThat(dashboard.version().statusAsString()).isEqualTo("CREATION_SUCCESSFUL");
    assertThat(
            quickSight
                .describeDashboardPermissions(
                    r -> r.awsAccountId(account).dashboardId(manifest.dashboard().id()))
                .permissions())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.actions())
                    .contains(
                        "quicksight:QueryDashboard", "quicksight:UpdateDashboardPublishedVersion"));

    fixture.simulator.requestLog().clear();
    DashboardApply.Outcome second = apply(target);
    assertThat(second.changes())
        .hasSize(resources)
        .extracting(DashboardApply.Change::action)
        .containsOnly(DashboardApply.Action.UNCHANGED);
    assertThat(fixture.simulator.requestLog().entries())
        .extracting(RequestLog.Entry::operation)
        .noneMatch(
            op ->
                op.startsWith("Create")
                    || op.startsWith("Update")
                    || op.startsWith("Delete")
                    || op.equals("TagResource"));
  }

  @Test
  void editsMadeInQuickSightAreKeptAndNeverSilentlyOverwritten() throws Exception {
    DashboardTarget target = target(DashboardTarget.ImportMode.SPICE, Optional.empty());
    apply(target);
    // Someone adds a text box to the overview, in the analysis and in a newly published dashboard
    // version.
    String analysisId = manifest.analysis().id();
    String dashboardId = manifest.dashboard().id();
    AnalysisDefinition analysis =
        quickSight
            .describeAnalysisDefinition(r -> r.awsAccountId(account).analysisId(analysisId))
            .definition();
    quickSight.updateAnalysis(
        r ->
            r.awsAccountId(account)
                .analysisId(analysisId)
                .name("Model governance")
                .definition(withNote(analysis)));
    DashboardVersionDefinition dashboard =
        quickSight
            .describeDashboardDefinition(r -> r.awsAccountId(account).dashboardId(dashboardId))
            .definition();
    quickSight.updateDashboard(
        r ->
            r.awsAccountId(account)
                .dashboardId(dashboardId)
                .name("Model governance")
                .definition(withNote(dashboard)));
    quickSight.describeDashboard(
        r -> r.awsAccountId(account).dashboardId(dashboardId).versionNumber(2L));
    quickSight.describeDashboard(
        r -> r.awsAccountId(account).dashboardId(dashboardId).versionNumber(2L));
    quickSight.updateDashboardPublishedVersion(
        r -> r.awsAccountId(account).dashboardId(dashboardId).versionNumber(2L));

    // smgov has nothing new: the edits stay.
    DashboardApply.Outcome unchangedSource = apply(target);
    assertThat(unchangedSource.changes())
        .filteredOn(c -> c.kind().equals("analysis") || c.kind().equals("dashboard"))
        .extracting(DashboardApply.Change::action)
        .containsOnly(DashboardApply.Action.KEPT);
    assertThat(unchangedSource.conflicts()).isFalse();

    // smgov has a new definition: a conflict that says what differs, and nothing is overwritten.
    QuickSightManifest retitled =
        withDefinition(
            manifest.definitionTemplate().replace("\"Findings by rule\"", "\"Findings per rule\""));
    DashboardApply.Outcome conflict = apply(retitled, target, false);
    assertThat(conflict.conflicts()).isTrue();
    assertThat(conflict.changes())
        .filteredOn(c -> c.action() == DashboardApply.Action.CONFLICT)
        .extracting(DashboardApply.Change::kind)
        .containsExactly("analysis", "dashboard");
    assertThat(conflict.changes())
        .filteredOn(c -> c.action() == DashboardApply.Action.CONFLICT)
        .allSatisfy(
            c ->
                assertThat(c.detail())
                    .contains("sheet overview: TextBoxes differ")
                    .contains("sheet findings: visual findings-by-rule differs"));
    assertThat(
            quickSight
                .describeDashboard(r -> r.awsAccountId(account).dashboardId(dashboardId))
                .dashboard()
                .version()
                .versionNumber())
        .as("the edited version stays published")
        .isEqualTo(2L);

    // --force overwrites, and then all is quiet again.
    DashboardApply.Outcome forced = apply(retitled, target, true);
    assertThat(forced.changes())
        .filteredOn(c -> c.kind().equals("dashboard"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.detail())
                    .isEqualTo(
                        "version 3 published; overwrote version 2, edited in QuickSight (--force)"));
    assertThat(
            quickSight
                .describeDashboardDefinition(r -> r.awsAccountId(account).dashboardId(dashboardId))
                .definition()
                .sheets()
                .get(0)
                .textBoxes())
        .isEmpty();
    assertThat(apply(retitled, target, false).changes())
        .extracting(DashboardApply.Change::action)
        .containsOnly(DashboardApply.Action.UNCHANGED);
  }

  @Test
  void aMovedWorkgroupANewOwnerAndAChangedScheduleAreBroughtBackInLine() throws Exception {
    apply(target(DashboardTarget.ImportMode.SPICE, Optional.empty()));
    // Someone moves the daily refresh to 07:00 in the console.
    var held =
        quickSight
            .listRefreshSchedules(r -> r.awsAccountId(account).dataSetId("smgov-findings"))
            .refreshSchedules()
            .get(0);
    quickSight.updateRefreshSchedule(
        r ->
            r.awsAccountId(account)
                .dataSetId("smgov-findings")
                .schedule(
                    held.toBuilder()
                        .scheduleFrequency(
                            held.scheduleFrequency().toBuilder().timeOfTheDay("07:00").build())
                        .build()));
    // The platform team moves the views to another workgroup and hands the dashboard to the
    // auditors.
    DashboardTarget moved =
        new DashboardTarget(
            account,
            "eu-west-1",
            DATABASE,
            "arn:aws:quicksight:eu-west-1:" + account + ":group/default/auditors",
            Optional.empty(),
            DashboardTarget.ImportMode.SPICE,
            "analysts",
            Optional.empty());
    DashboardApply.Outcome outcome = apply(moved);
    assertThat(outcome.changes())
        .filteredOn(c -> c.kind().equals("data source"))
        .extracting(DashboardApply.Change::action)
        .containsExactly(DashboardApply.Action.UPDATED);
    assertThat(outcome.changes())
        .filteredOn(
            c -> c.kind().equals("refresh schedule") && c.action() == DashboardApply.Action.UPDATED)
        .extracting(DashboardApply.Change::id)
        .containsExactly("smgov-findings/" + manifest.refreshSchedule().id());
    assertThat(
            quickSight
                .describeDataSource(
                    r -> r.awsAccountId(account).dataSourceId(manifest.dataSource().id()))
                .dataSource()
                .dataSourceParameters()
                .athenaParameters()
                .workGroup())
        .isEqualTo("analysts");
    String auditors = moved.principalArn();
    assertThat(
            quickSight
                .describeDataSourcePermissions(
                    r -> r.awsAccountId(account).dataSourceId(manifest.dataSource().id()))
                .permissions())
        .extracting(p -> p.principal())
        .contains(auditors);
    assertThat(
            quickSight
                .describeDataSetPermissions(
                    r -> r.awsAccountId(account).dataSetId("smgov-findings"))
                .permissions())
        .extracting(p -> p.principal())
        .contains(auditors);
    assertThat(
            quickSight
                .describeAnalysisPermissions(
                    r -> r.awsAccountId(account).analysisId(manifest.analysis().id()))
                .permissions())
        .extracting(p -> p.principal())
        .contains(auditors);
    assertThat(
            quickSight
                .describeDashboardPermissions(
                    r -> r.awsAccountId(account).dashboardId(manifest.dashboard().id()))
                .permissions())
        .extracting(p -> p.principal())
        .contains(auditors);
    assertThat(apply(moved).changes())
        .extracting(DashboardApply.Change::action)
        .containsOnly(DashboardApply.Action.UNCHANGED);
  }

  @Test
  void switchingToDirectQueryDropsTheRefreshSchedulesAndBack() throws Exception {
    apply(target(DashboardTarget.ImportMode.SPICE, Optional.empty()));
    DashboardApply.Outcome direct =
        apply(target(DashboardTarget.ImportMode.DIRECT_QUERY, Optional.empty()));
    int dataSets = manifest.dataSets().size();
    assertThat(direct.count(DashboardApply.Action.DELETED)).isEqualTo(dataSets);
    assertThat(direct.changes())
        .filteredOn(c -> c.kind().equals("data set"))
        .extracting(DashboardApply.Change::action)
        .containsOnly(DashboardApply.Action.UPDATED);
    assertThat(
            quickSight
                .describeDataSet(r -> r.awsAccountId(account).dataSetId("smgov-findings"))
                .dataSet()
                .importModeAsString())
        .isEqualTo("DIRECT_QUERY");
    DashboardApply.Outcome spice =
        apply(target(DashboardTarget.ImportMode.SPICE, Optional.empty()));
    assertThat(spice.changes())
        .filteredOn(c -> c.kind().equals("refresh schedule"))
        .hasSize(dataSets)
        .allSatisfy(
            c ->
                assertThat(c)
                    .extracting(DashboardApply.Change::action, DashboardApply.Change::detail)
                    .containsExactly(DashboardApply.Action.CREATED, "DAILY at 06:00 UTC"));
  }

  @Test
  void theRulesFormatVersionMustMatchTheRulesColumnsAsQuickSightRequires(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(file, "rules:\n  - {group: retail-leads, business_unit: retail}\n");
    DashboardTarget withRules =
        target(DashboardTarget.ImportMode.SPICE, Optional.of(RlsRules.load(file)));
    apply(withRules);
    // The rules data set names groups (GroupName): VERSION_1. VERSION_2 would need GroupARN.
    ObjectNode findings =
        findings(QuickSightRequests.render(manifest, withRules, ViewCatalog.load()));
    ObjectNode rules = (ObjectNode) findings.findValue("RowLevelPermissionDataSet");
    assertThat(rules.path("FormatVersion").asText()).isEqualTo("VERSION_1");
    rules.put("FormatVersion", "VERSION_2");
    findings.remove(List.of("Permissions", "Tags"));
    UpdateDataSetRequest update = SdkJson.toPojo(findings, UpdateDataSetRequest.class, "data set");
    assertThatThrownBy(() -> quickSight.updateDataSet(update))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining(
            "RowLevelPermissionDataSet: FormatVersion VERSION_2 needs the rules data set's user or"
                + " group column as UserARN or GroupARN; it has [GroupName, business_unit]");
  }

  @Test
  void rowLevelSecurityRulesComeFirstAndCanBeRemoved(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(
        file,
        "rules:\n  - {group: ml-platform}\n  - {group: retail-leads, business_unit: retail}\n");
    DashboardTarget withRules =
        target(DashboardTarget.ImportMode.SPICE, Optional.of(RlsRules.load(file)));
    DashboardApply.Outcome first = apply(withRules);
    assertThat(first.changes())
        .filteredOn(c -> c.kind().equals("data set"))
        .first()
        .extracting(DashboardApply.Change::id)
        .isEqualTo(manifest.rowLevelSecurity().id());
    assertThat(
            quickSight
                .describeDataSet(r -> r.awsAccountId(account).dataSetId("smgov-findings"))
                .dataSet()
                .semanticModelConfiguration()
                .tableMap()
                .get("semantic")
                .rowLevelPermissionConfiguration()
                .rowLevelPermissionDataSet()
                .arn())
        .endsWith(":dataset/" + manifest.rowLevelSecurity().id());
    assertThat(apply(withRules).changes())
        .extracting(DashboardApply.Change::action)
        .containsOnly(DashboardApply.Action.UNCHANGED);

    DashboardApply.Outcome without =
        apply(target(DashboardTarget.ImportMode.SPICE, Optional.empty()));
    assertThat(without.changes())
        .filteredOn(c -> c.kind().equals("data set") && c.action() == DashboardApply.Action.UPDATED)
        .extracting(DashboardApply.Change::id)
        .containsExactlyInAnyOrderElementsOf(
            manifest.dataSets().stream()
                .filter(d -> d.rowLevelSecurity().isPresent())
                .map(QuickSightManifest.DataSet::id)
                .toList());
    // The same form without the rules: only the semantic table's row-level permission went.
    assertThat(
            quickSight
                .describeDataSet(r -> r.awsAccountId(account).dataSetId("smgov-findings"))
                .dataSet()
                .semanticModelConfiguration()
                .tableMap()
                .get("semantic")
                .rowLevelPermissionConfiguration())
        .isNull();
  }

  @Test
  void aLegacyDataSetOfAnEarlierSmgovIsNamedWithTheWayOut() throws Exception {
    DashboardTarget target = target(DashboardTarget.ImportMode.SPICE, Optional.empty());
    QuickSightRequests.Rendered rendered =
        QuickSightRequests.render(manifest, target, ViewCatalog.load());
    quickSight.createDataSource(
        SdkJson.toPojo(
            rendered.dataSource().orElseThrow(), CreateDataSourceRequest.class, "data source"));
    ObjectNode legacy = findings(rendered);
    legacy.remove(List.of("DataPrepConfiguration", "SemanticModelConfiguration"));
    quickSight.createDataSet(SdkJson.toPojo(legacy, CreateDataSetRequest.class, "data set"));
    assertThatThrownBy(() -> apply(target))
        .isInstanceOf(DashboardException.class)
        .hasMessageContaining(
            "data set smgov-findings was created by an earlier smgov in QuickSight's legacy data"
                + " preparation form");
  }

  @Test
  void aDataSetIsNeverConvertedBetweenDataPreparationFormsInPlace() throws Exception {
    apply(target(DashboardTarget.ImportMode.SPICE, Optional.empty()));
    // Every data set is created in the current form, with or without row-level security.
    assertThat(
            quickSight
                .describeDataSet(r -> r.awsAccountId(account).dataSetId("smgov-findings"))
                .dataSet()
                .dataPrepConfiguration())
        .isNotNull();
    ObjectNode legacy =
        findings(
            QuickSightRequests.render(
                manifest,
                target(DashboardTarget.ImportMode.SPICE, Optional.empty()),
                ViewCatalog.load()));
    legacy.remove(List.of("DataPrepConfiguration", "SemanticModelConfiguration", "Permissions"));
    UpdateDataSetRequest update = SdkJson.toPojo(legacy, UpdateDataSetRequest.class, "data set");
    assertThatThrownBy(() -> quickSight.updateDataSet(update))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining(
            "data set smgov-findings was created in the new data preparation experience"
                + " (DataPrepConfiguration) and cannot be converted in place");
  }

  @Test
  void everyInputColumnCarriesItsNameAsItsIdAndTheSimulatorRefusesOneWithout() throws Exception {
    DashboardTarget target = target(DashboardTarget.ImportMode.SPICE, Optional.empty());
    QuickSightRequests.Rendered rendered =
        QuickSightRequests.render(manifest, target, ViewCatalog.load());
    quickSight.createDataSource(
        SdkJson.toPojo(
            rendered.dataSource().orElseThrow(), CreateDataSourceRequest.class, "data source"));
    ObjectNode findings = findings(rendered);
    JsonNode columns = findings.at("/PhysicalTableMap/view/RelationalTable/InputColumns");
    // By hand: governance_findings' 17 columns in sql/manifest.yaml.
    assertThat(columns.size()).isEqualTo(17);
    assertThat(columns)
        .allSatisfy(c -> assertThat(c.path("Id").asText()).isEqualTo(c.path("Name").asText()));
    assertThat(columns.get(0).path("Id").asText()).isEqualTo("snapshot_date");

    ObjectNode withoutId = findings.deepCopy();
    ((ObjectNode) withoutId.at("/PhysicalTableMap/view/RelationalTable/InputColumns/3"))
        .remove("Id");
    assertThatThrownBy(
            () ->
                quickSight.createDataSet(
                    SdkJson.toPojo(withoutId, CreateDataSetRequest.class, "data set")))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("column rule_id needs an Id of 1 to 64 characters");
    ObjectNode duplicate = findings.deepCopy();
    ((ObjectNode) duplicate.at("/PhysicalTableMap/view/RelationalTable/InputColumns/3"))
        .put("Id", "snapshot_date");
    assertThatThrownBy(
            () ->
                quickSight.createDataSet(
                    SdkJson.toPojo(duplicate, CreateDataSetRequest.class, "data set")))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("column Id snapshot_date is not unique");
    quickSight.createDataSet(SdkJson.toPojo(findings, CreateDataSetRequest.class, "data set"));
  }

  @Test
  void aCatalogOlderThanTheViewsFailsNamingTheMissingColumn() {
    GlueViews.dropColumn(
        fixture.clients.glue(Region.EU_WEST_1),
        DATABASE,
        ViewCatalog.load().view("governance_findings"),
        "detail");
    assertThatThrownBy(() -> apply(target(DashboardTarget.ImportMode.SPICE, Optional.empty())))
        .isInstanceOf(DashboardException.class)
        .hasMessageContaining(
            "QuickSight refused to create data set smgov-findings: InvalidParameterValueException")
        .hasMessageContaining("column detail is not a column of governance.governance_findings");
  }

  private QuickSightManifest withDefinition(String template) {
    return new QuickSightManifest(
        manifest.dataSource(),
        manifest.dataSets(),
        manifest.refreshSchedule(),
        manifest.rowLevelSecurity(),
        manifest.analysis(),
        manifest.dashboard(),
        manifest.permissions(),
        template);
  }

  private static AnalysisDefinition withNote(AnalysisDefinition definition) {
    List<SheetDefinition> sheets = new ArrayList<>(definition.sheets());
    sheets.set(0, note(sheets.get(0)));
    return definition.toBuilder().sheets(sheets).build();
  }

  private static DashboardVersionDefinition withNote(DashboardVersionDefinition definition) {
    List<SheetDefinition> sheets = new ArrayList<>(definition.sheets());
    sheets.set(0, note(sheets.get(0)));
    return definition.toBuilder().sheets(sheets).build();
  }

  private static SheetDefinition note(SheetDefinition sheet) {
    return sheet.toBuilder()
        .textBoxes(
            SheetTextBox.builder()
                .sheetTextBoxId("note")
                .content("Reviewed weekly by the risk board")
                .build())
        .build();
  }
}
