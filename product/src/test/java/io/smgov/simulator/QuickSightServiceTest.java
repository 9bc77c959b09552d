package io.smgov.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.testing.QuickSightFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.quicksight.model.AnalysisDefinition;
import software.amazon.awssdk.services.quicksight.model.ColumnIdentifier;
import software.amazon.awssdk.services.quicksight.model.InvalidParameterValueException;
import software.amazon.awssdk.services.quicksight.model.PhysicalTable;
import software.amazon.awssdk.services.quicksight.model.ResourceNotFoundException;
import software.amazon.awssdk.services.quicksight.model.TableVisual;
import software.amazon.awssdk.services.quicksight.model.UnaggregatedField;

/**
 * The simulated QuickSight as the SDK sees it: REST routes, modeled errors, asynchronous status.
 */
class QuickSightServiceTest {
  private QuickSightFixture fixture;
  private QuickSightClient quickSight;
  private String account;

  @BeforeEach
  void start() {
    fixture = new QuickSightFixture("governance");
    quickSight = fixture.quickSight;
    account = fixture.account;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void missingResourcesAndBadEnumsAreTheSdksModeledErrors() {
    assertThatThrownBy(
            () -> quickSight.describeDataSet(r -> r.awsAccountId(account).dataSetId("nope")))
        .isInstanceOf(ResourceNotFoundException.class)
        .satisfies(e -> assertThat(((ResourceNotFoundException) e).statusCode()).isEqualTo(404));
    createDataSource();
    assertThatThrownBy(
            () ->
                quickSight.createDataSet(
                    r ->
                        r.awsAccountId(account)
                            .dataSetId("d")
                            .name("d")
                            .importMode("SPICEY")
                            .physicalTableMap(
                                Map.of("v", table("governance_findings", "severity")))))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("ImportMode: 'SPICEY' is not one of SPICE, DIRECT_QUERY");
  }

  @Test
  void anAnalysisNamingAColumnItsDataSetLacksFailsAfterItsFirstDescribe() {
    createDataSource();
    quickSight.createDataSet(
        r ->
            r.awsAccountId(account)
                .dataSetId("findings")
                .name("findings")
                .importMode("DIRECT_QUERY")
                .physicalTableMap(Map.of("v", table("governance_findings", "severity"))));
    String dataSetArn = "arn:aws:quicksight:eu-west-1:" + account + ":dataset/findings";
    AnalysisDefinition definition =
        AnalysisDefinition.builder()
            .dataSetIdentifierDeclarations(d -> d.identifier("findings").dataSetArn(dataSetArn))
            .sheets(
                s ->
                    s.sheetId("one")
                        .visuals(
                            v ->
                                v.tableVisual(
                                    TableVisual.builder()
                                        .visualId("table")
                                        .chartConfiguration(
                                            c ->
                                                c.fieldWells(
                                                    w ->
                                                        w.tableUnaggregatedFieldWells(
                                                            u ->
                                                                u.values(
                                                                    UnaggregatedField.builder()
                                                                        .fieldId("f")
                                                                        .column(
                                                                            ColumnIdentifier
                                                                                .builder()
                                                                                .dataSetIdentifier(
                                                                                    "findings")
                                                                                .columnName(
                                                                                    "detail")
                                                                                .build())
                                                                        .build()))))
                                        .build())))
            .build();
    assertThat(
            quickSight
                .createAnalysis(
                    r -> r.awsAccountId(account).analysisId("a").name("a").definition(definition))
                .creationStatusAsString())
        .isEqualTo("CREATION_IN_PROGRESS");

    var first =
        quickSight.describeAnalysis(r -> r.awsAccountId(account).analysisId("a")).analysis();
    assertThat(first.statusAsString()).isEqualTo("CREATION_IN_PROGRESS");
    var settled =
        quickSight.describeAnalysis(r -> r.awsAccountId(account).analysisId("a")).analysis();
    assertThat(settled.statusAsString()).isEqualTo("CREATION_FAILED");
    assertThat(settled.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.typeAsString()).isEqualTo("COLUMN_REPLACEMENT_MISSING");
              assertThat(e.message()).isEqualTo("Column detail is not in data set findings");
              assertThat(e.violatedEntities())
                  .singleElement()
                  .satisfies(v -> assertThat(v.path()).isEqualTo("/one/table"));
            });
  }

  @Test
  void aDataSourceRunsOnlyAsARoleOfItsOwnAccount() {
    assertThatThrownBy(
            () ->
                quickSight.createDataSource(
                    r ->
                        r.awsAccountId(account)
                            .dataSourceId("athena")
                            .name("athena")
                            .type("ATHENA")
                            .dataSourceParameters(
                                p ->
                                    p.athenaParameters(
                                        a ->
                                            a.workGroup("smgov")
                                                .roleArn("arn:aws:iam::999999999999:role/other")))))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining(
            "must be an IAM role in the same AWS account as the QuickSight instance");
  }

  @Test
  void aNamespaceCannotBeGrantedADataSource() {
    String namespace = "arn:aws:quicksight:us-east-1:" + account + ":namespace/default";
    assertThatThrownBy(
            () ->
                quickSight.createDataSource(
                    r ->
                        r.awsAccountId(account)
                            .dataSourceId("athena")
                            .name("athena")
                            .type("ATHENA")
                            .dataSourceParameters(
                                p -> p.athenaParameters(a -> a.workGroup("primary")))
                            .permissions(
                                p ->
                                    p.principal(namespace)
                                        .actions("quicksight:DescribeDataSource"))))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("a namespace principal cannot be granted permissions on");
  }

  private void createDataSource() {
    quickSight.createDataSource(
        r ->
            r.awsAccountId(account)
                .dataSourceId("athena")
                .name("athena")
                .type("ATHENA")
                .dataSourceParameters(p -> p.athenaParameters(a -> a.workGroup("primary"))));
  }

  private PhysicalTable table(String view, String column) {
    return PhysicalTable.builder()
        .relationalTable(
            t ->
                t.dataSourceArn("arn:aws:quicksight:eu-west-1:" + account + ":datasource/athena")
                    .catalog("AwsDataCatalog")
                    .schema("governance")
                    .name(view)
                    .inputColumns(c -> c.name(column).type("STRING")))
        .build();
  }
}
