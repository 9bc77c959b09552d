package io.smgov.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.table.ColumnType;
import io.smgov.table.TableSpec;
import io.smgov.testing.Warehouses;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFilesTest {
  record Row(String s, Integer i, Long l, Double d, Boolean b, Instant t) {}

  static final TableSpec<Row> TABLE =
      TableSpec.builder("every_type", Row.class)
          .doc("all column types")
          .optional("s", ColumnType.STRING, Row::s, "s")
          .optional("i", ColumnType.INT, Row::i, "i")
          .optional("l", ColumnType.BIGINT, Row::l, "l")
          .optional("d", ColumnType.DOUBLE, Row::d, "d")
          .optional("b", ColumnType.BOOLEAN, Row::b, "b")
          .optional("t", ColumnType.TIMESTAMP, Row::t, "t")
          .build();

  @TempDir Path dir;

  @Test
  void everyTypeAndNullSurvivesARoundTrip() {
    Instant time = Instant.parse("2026-03-04T05:06:07.891Z");
    List<Object[]> rows =
        List.of(
            TABLE.values(new Row("a'quote", 1, 2L, 0.5, true, time)),
            TABLE.values(new Row(null, null, null, null, null, null)));
    Path file = dir.resolve("t.parquet");
    ParquetFiles.write(TABLE, Instant.parse("2026-11-01T00:00:00Z"), "111111111111", rows, file);
    List<Object[]> read = ParquetFiles.read(TABLE, file);
    assertThat(read).hasSize(2);
    assertThat(read.get(0)).containsExactly("a'quote", 1, 2L, 0.5, true, time);
    assertThat(read.get(1)).containsOnlyNulls();
  }

  @Test
  void filesAreZstdWithMillisecondTimestampsAndTheCommonColumnsFirst() {
    Path file = dir.resolve("t.parquet");
    ParquetFiles.write(TABLE, Instant.parse("2026-11-01T00:00:00Z"), "111111111111", List.of(), file);
    List<Map<String, Object>> schema =
        Warehouses.query("SELECT name, type, logical_type FROM parquet_schema(" + ParquetFiles.literal(file.toString()) + ")");
    assertThat(schema).extracting(r -> r.get("name")).containsSubsequence("snapshot_time", "account_id", "s", "t");
    assertThat(schema.stream().filter(r -> "t".equals(r.get("name"))).findFirst().orElseThrow().get("logical_type").toString())
        .contains("MILLIS");
    List<Map<String, Object>> codecs =
        Warehouses.query("SELECT DISTINCT compression FROM parquet_metadata(" + ParquetFiles.literal(file.toString()) + ")");
    assertThat(codecs).allSatisfy(r -> assertThat(r.get("compression").toString()).isEqualToIgnoringCase("ZSTD"));
  }

  @Test
  void aColumnTheFileLacksReadsAsNull() {
    TableSpec<Row> older =
        TableSpec.builder("every_type", Row.class).doc("fewer").optional("s", ColumnType.STRING, Row::s, "s").build();
    Path file = dir.resolve("old.parquet");
    ParquetFiles.write(older, Instant.now(), "111111111111", List.<Object[]>of(new Object[] {"x"}), file);
    List<Object[]> read = ParquetFiles.read(TABLE, file);
    assertThat(read.get(0)[0]).isEqualTo("x");
    assertThat(read.get(0)[5]).isNull();
  }
}
