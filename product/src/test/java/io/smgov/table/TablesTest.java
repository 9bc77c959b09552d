package io.smgov.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.catalog.GlueFiles;
import io.smgov.model.ExportRunRow;
import io.smgov.model.ReadStrategy;
import io.smgov.model.ResourceTagRow;
import io.smgov.model.RunMode;
import io.smgov.model.RunStatus;
import io.smgov.testing.Checkout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TablesTest {
  @Test
  void theCommittedGlueFolderMatchesTheDeclarations() throws IOException {
    Path glue = Checkout.resolve("glue");
    Map<String, String> expected = GlueFiles.render();
    try (Stream<Path> files = Files.walk(glue)) {
      TreeSet<String> committed =
          files
              .filter(Files::isRegularFile)
              .map(p -> glue.relativize(p).toString())
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(committed)
          .as(
              "glue/ holds exactly the generated files; regenerate with: mvn -Pregen process-classes")
          .isEqualTo(new TreeSet<>(expected.keySet()));
    }
    for (Map.Entry<String, String> file : expected.entrySet()) {
      assertThat(Files.readString(glue.resolve(file.getKey()), StandardCharsets.UTF_8))
          .as(
              "glue/%s drifted from the table declarations; regenerate with: mvn -Pregen process-classes",
              file.getKey())
          .isEqualTo(file.getValue());
    }
  }

  @Test
  void everyTableCarriesTheCommonColumnsFirstAndValidNames() {
    for (TableSpec<?> table : Tables.ALL) {
      assertThat(table.storedColumns().subList(0, 2)).isEqualTo(Tables.COMMON_COLUMNS);
      assertThat(table.name()).matches("[a-z0-9_]+");
      table.columns().forEach(c -> assertThat(c.name()).matches("[a-z0-9_]+"));
      assertThat(table.doc()).isNotBlank();
    }
    assertThat(Tables.ALL).extracting(TableSpec::name).doesNotHaveDuplicates();
  }

  @Test
  void exportRunsCountsRowsOfEveryDataTable() {
    // By hand: the warehouse's twenty data tables, each with its row count in export_runs.
    assertThat(Tables.EXPORT_RUNS.columns())
        .extracting(Column::name)
        .filteredOn(n -> n.startsWith("rows_"))
        .containsExactly(
            "rows_model_package_groups",
            "rows_model_packages",
            "rows_metric_reports",
            "rows_model_metrics",
            "rows_resource_tags",
            "rows_model_lineage",
            "rows_lineage_entities",
            "rows_lineage_associations",
            "rows_endpoint_deployments",
            "rows_endpoint_metrics",
            "rows_endpoint_monitoring",
            "rows_endpoint_alarms",
            "rows_model_cards",
            "rows_approval_events",
            "rows_model_artifacts",
            "rows_training_jobs",
            "rows_training_hyperparameters",
            "rows_training_channels",
            "rows_feature_statistics",
            "rows_feature_constraints");
    assertThat(Tables.DATA_TABLES)
        .extracting(TableSpec::name)
        .containsExactlyInAnyOrder(
            "model_package_groups",
            "model_packages",
            "metric_reports",
            "model_metrics",
            "resource_tags",
            "model_lineage",
            "lineage_entities",
            "lineage_associations",
            "endpoint_deployments",
            "endpoint_metrics",
            "endpoint_monitoring",
            "endpoint_alarms",
            "model_cards",
            "approval_events",
            "model_artifacts",
            "training_jobs",
            "training_hyperparameters",
            "training_channels",
            "feature_statistics",
            "feature_constraints");
  }

  @Test
  void aStoredExportRunReadsBackAsTheRecordItWasEnumsAndRowCountsIncluded() {
    Instant t = Instant.parse("2026-11-02T03:04:05Z");
    ExportRunRow run =
        new ExportRunRow(
            "run-1",
            t,
            t,
            t.plusSeconds(9),
            RunStatus.PARTIAL,
            "throttled",
            "slow",
            ReadStrategy.LIST,
            RunMode.GROUPS,
            "g1,g2",
            "model_packages,resource_tags",
            "2026-11-01",
            Map.of("model_packages", 12L, "resource_tags", 30L),
            100L,
            "{}",
            2L,
            3L,
            4L,
            5L,
            6L,
            7L,
            8L,
            9L,
            t,
            true,
            false,
            null,
            true,
            false,
            true,
            null,
            t,
            t,
            11L,
            "[]",
            "0.1.0",
            "1/4");
    assertThat(Tables.EXPORT_RUNS.row(Tables.EXPORT_RUNS.values(run))).isEqualTo(run);
    Object[] stored = Tables.EXPORT_RUNS.values(run);
    int status = Tables.EXPORT_RUNS.columns().stream().map(Column::name).toList().indexOf("status");
    stored[status] = "finished";
    assertThatThrownBy(() -> Tables.EXPORT_RUNS.row(stored))
        .hasMessageContaining(
            "export_runs.status: 'finished' is not one of [succeeded, partial, failed]");
  }

  @Test
  void aCarriedAlarmFromBeforeTheNotifiesColumnReadsWithoutIt() {
    // endpoint_alarms.notifies came after the table: a file without it reads as null there.
    Object[] stored = new Object[Tables.ENDPOINT_ALARMS.columns().size()];
    for (int i = 0; i < stored.length; i++) {
      Column<?> column = Tables.ENDPOINT_ALARMS.columns().get(i);
      stored[i] =
          column.name().equals("notifies") || column.nullable()
              ? null
              : column.type() == ColumnType.STRING
                  ? "x"
                  : column.type() == ColumnType.TIMESTAMP ? Instant.EPOCH : null;
    }
    assertThat(Tables.ENDPOINT_ALARMS.row(stored).notifies()).isNull();
  }

  record Pair(String left, Integer right) {}

  @Test
  void aDeclarationThatDoesNotMatchItsRecordIsRefusedWhenBuilt() {
    assertThatThrownBy(
            () ->
                TableSpec.builder("t", Pair.class)
                    .doc("d")
                    .required("left", ColumnType.STRING, Pair::left, "l")
                    .build())
        .hasMessageContaining("Pair.right has no column");
    assertThatThrownBy(
            () ->
                TableSpec.builder("t", Pair.class)
                    .doc("d")
                    .required("left", ColumnType.STRING, Pair::left, "l")
                    .optional("rite", ColumnType.INT, Pair::right, "r")
                    .build())
        .hasMessageContaining("column rite has no component rite");
    assertThatThrownBy(
            () ->
                TableSpec.builder("t", Pair.class)
                    .doc("d")
                    .required("left", ColumnType.STRING, Pair::left, "l")
                    .optional("right", ColumnType.BIGINT, Pair::right, "r")
                    .build())
        .hasMessageContaining("column right is BIGINT but Pair.right is Integer");
  }

  @Test
  void aMissingRequiredValueOrAWrongTypeIsNamed() {
    assertThatCode(
            () ->
                Tables.RESOURCE_TAGS.values(
                    new ResourceTagRow("Endpoint", "arn", "k", null, true, "tag")))
        .doesNotThrowAnyException();
    TableSpec<String[]> spec =
        TableSpec.builder("t", String[].class)
            .doc("d")
            .required("a", ColumnType.STRING, r -> r[0], "a")
            .build();
    assertThatThrownBy(() -> spec.values(new String[] {null}))
        .hasMessageContaining("Cannot write t.a: the column is required");
    TableSpec<String[]> wrong =
        TableSpec.builder("t", String[].class)
            .doc("d")
            .required("a", ColumnType.INT, r -> r[0], "a")
            .build();
    assertThatThrownBy(() -> wrong.values(new String[] {"x"}))
        .hasMessageContaining("expected Integer, got String");
  }

  @Test
  void declarationsRefuseBadOrReservedNames() {
    assertThatThrownBy(() -> TableSpec.builder("Bad-Name", String.class).doc("d").build())
        .hasMessageContaining("table name must match");
    assertThatThrownBy(
            () ->
                TableSpec.builder("t", String.class)
                    .doc("d")
                    .optional("region", ColumnType.STRING, s -> s, "r")
                    .build())
        .hasMessageContaining("duplicate or reserved column t.region");
  }
}
