package io.smgov.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.catalog.GlueFiles;
import io.smgov.model.ResourceTagRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TablesTest {
  @Test
  void theCommittedGlueFolderMatchesTheDeclarations() throws IOException {
    Path glue = Path.of("glue");
    Map<String, String> expected = GlueFiles.render();
    try (Stream<Path> files = Files.walk(glue)) {
      TreeSet<String> committed =
          files.filter(Files::isRegularFile).map(p -> glue.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
      assertThat(committed)
          .as("glue/ holds exactly the generated files; regenerate with: mvn -Pregen process-classes")
          .isEqualTo(new TreeSet<>(expected.keySet()));
    }
    for (Map.Entry<String, String> file : expected.entrySet()) {
      assertThat(Files.readString(glue.resolve(file.getKey()), StandardCharsets.UTF_8))
          .as("glue/%s drifted from the table declarations; regenerate with: mvn -Pregen process-classes", file.getKey())
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
    for (TableSpec<?> table : Tables.DATA_TABLES) {
      assertThat(Tables.EXPORT_RUNS.indexOf("rows_" + table.name())).isNotNegative();
    }
  }

  @Test
  void aMissingRequiredValueOrAWrongTypeIsNamed() {
    assertThatCode(() -> Tables.RESOURCE_TAGS.values(new ResourceTagRow("Endpoint", "arn", "k", null, true, "tag")))
        .doesNotThrowAnyException();
    TableSpec<String[]> spec =
        TableSpec.builder("t", String[].class).doc("d").required("a", ColumnType.STRING, r -> r[0], "a").build();
    assertThatThrownBy(() -> spec.values(new String[] {null}))
        .hasMessageContaining("Cannot write t.a: the column is required");
    TableSpec<String[]> wrong =
        TableSpec.builder("t", String[].class).doc("d").required("a", ColumnType.INT, r -> r[0], "a").build();
    assertThatThrownBy(() -> wrong.values(new String[] {"x"})).hasMessageContaining("expected Integer, got String");
  }

  @Test
  void declarationsRefuseBadOrReservedNames() {
    assertThatThrownBy(() -> TableSpec.builder("Bad-Name", String.class).doc("d").build())
        .hasMessageContaining("table name must match");
    assertThatThrownBy(
            () -> TableSpec.builder("t", String.class).doc("d").optional("region", ColumnType.STRING, s -> s, "r").build())
        .hasMessageContaining("duplicate or reserved column t.region");
  }
}
