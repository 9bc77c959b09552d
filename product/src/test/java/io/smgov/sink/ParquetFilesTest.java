package io.smgov.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.table.ColumnType;
import io.smgov.table.TableSpec;
import io.smgov.testing.Warehouses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse file contract, on files with rows: parquet-avro writes ZSTD, millisecond UTC
 * wall-clock timestamps (isAdjustedToUTC=false), dictionary-encoded low-cardinality strings and
 * column statistics; DuckDB reads every type back as written; identical rows give identical bytes;
 * files written by DuckDB (smgov before parquet-avro) still read.
 */
class ParquetFilesTest {
  record Row(
      String s, Integer i, Long l, Double d, Boolean b, Instant t, LocalDate day, String kind) {}

  static final TableSpec<Row> TABLE =
      TableSpec.builder("every_type", Row.class)
          .doc("all column types")
          .optional("s", ColumnType.STRING, Row::s, "s")
          .optional("i", ColumnType.INT, Row::i, "i")
          .optional("l", ColumnType.BIGINT, Row::l, "l")
          .optional("d", ColumnType.DOUBLE, Row::d, "d")
          .optional("b", ColumnType.BOOLEAN, Row::b, "b")
          .optional("t", ColumnType.TIMESTAMP, Row::t, "t")
          .optional("day", ColumnType.DATE, Row::day, "day")
          .required("kind", ColumnType.STRING, Row::kind, "a low-cardinality string")
          .build();

  static final Instant SNAPSHOT = Instant.parse("2026-11-01T06:00:00Z");
  static final Instant TIME = Instant.parse("2026-03-04T05:06:07.891Z");

  @TempDir Path dir;

  /** 1,000 rows: two full ones, then many whose kind takes three values. */
  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row("a'quote ü", -7, 1L << 40, 0.5, true, TIME, LocalDate.of(2026, 2, 28), "alpha"));
    rows.add(new Row(null, null, null, null, null, null, null, "beta"));
    for (int n = 2; n < 1000; n++) {
      rows.add(
          new Row(
              "row " + n,
              n,
              (long) n,
              n / 4.0,
              n % 2 == 0,
              TIME.plusMillis(n),
              null,
              List.of("alpha", "beta", "gamma").get(n % 3)));
    }
    return rows;
  }

  @Test
  void everyTypeAndNullSurvivesARoundTrip() {
    Path file = dir.resolve("t.parquet");
    ParquetFiles.write(TABLE, SNAPSHOT, "111111111111", rows(), file);
    List<Row> read = ParquetFiles.read(TABLE, file);
    assertThat(read).hasSize(1000);
    assertThat(read.get(0))
        .isEqualTo(
            new Row(
                "a'quote ü", -7, 1L << 40, 0.5, true, TIME, LocalDate.of(2026, 2, 28), "alpha"));
    assertThat(read.get(1)).isEqualTo(new Row(null, null, null, null, null, null, null, "beta"));
    assertThat(read.get(999))
        .isEqualTo(
            new Row(
                "row 999",
                999,
                999L,
                249.75,
                false,
                Instant.parse("2026-03-04T05:06:08.890Z"),
                null,
                "alpha"));
  }

  @Test
  void duckDbReadsTheSameValuesFromTheFile() {
    Path file = dir.resolve("t.parquet");
    ParquetFiles.write(TABLE, SNAPSHOT, "111111111111", rows(), file);
    List<Map<String, Object>> read =
        Warehouses.query(
            "SELECT snapshot_time, account_id, s, i, l, d, b, t, CAST(day AS VARCHAR) AS day, kind FROM read_parquet("
                + ParquetFiles.literal(file.toString())
                + ") LIMIT 2");
    assertThat(read.get(0).values())
        .containsExactly(
            LocalDateTime.parse("2026-11-01T06:00"),
            "111111111111",
            "a'quote ü",
            -7,
            1L << 40,
            0.5,
            true,
            LocalDateTime.parse("2026-03-04T05:06:07.891"),
            "2026-02-28",
            "alpha");
    assertThat(read.get(1).values())
        .containsExactly(
            LocalDateTime.parse("2026-11-01T06:00"),
            "111111111111",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "beta");
  }

  @Test
  void theFileIsZstdWithUtcWallClockMillisecondsDictionariesAndStatistics() {
    Path file = dir.resolve("t.parquet");
    ParquetFiles.write(TABLE, SNAPSHOT, "111111111111", rows(), file);
    String path = ParquetFiles.literal(file.toString());
    Map<String, Object> t =
        Warehouses.query("SELECT logical_type FROM parquet_schema(" + path + ") WHERE name = 't'")
            .get(0);
    assertThat(t.get("logical_type").toString()).contains("isAdjustedToUTC=0").contains("MILLIS");
    List<Map<String, Object>> chunks =
        Warehouses.query(
            "SELECT path_in_schema, compression, encodings, stats_min_value, stats_max_value FROM parquet_metadata("
                + path
                + ")");
    assertThat(chunks)
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.get("compression").toString()).isEqualToIgnoringCase("ZSTD"));
    Map<String, Object> kind =
        chunks.stream()
            .filter(c -> c.get("path_in_schema").equals("kind"))
            .findFirst()
            .orElseThrow();
    // In the order of their Parquet codes (PLAIN_DICTIONARY 2, RLE 3, BIT_PACKED 4), not of a hash
    // set, which changes from one JVM to the next.
    assertThat(kind.get("encodings").toString()).isEqualTo("PLAIN_DICTIONARY, RLE, BIT_PACKED");
    assertThat(kind.get("stats_min_value")).isEqualTo("alpha");
    assertThat(kind.get("stats_max_value")).isEqualTo("gamma");
    Map<String, Object> i =
        chunks.stream().filter(c -> c.get("path_in_schema").equals("i")).findFirst().orElseThrow();
    assertThat(i.get("stats_min_value")).isEqualTo("-7");
    assertThat(i.get("stats_max_value")).isEqualTo("999");
  }

  @Test
  void theSameRowsGiveTheSameBytes() throws Exception {
    Path first = dir.resolve("a.parquet");
    Path second = dir.resolve("b.parquet");
    ParquetFiles.write(TABLE, SNAPSHOT, "111111111111", rows(), first);
    ParquetFiles.write(TABLE, SNAPSHOT, "111111111111", rows(), second);
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
  }

  record Older(String s) {}

  record Wide(Long i) {}

  @Test
  void aColumnTheFileLacksReadsAsNull() {
    TableSpec<Older> older =
        TableSpec.builder("every_type", Older.class)
            .doc("fewer")
            .optional("s", ColumnType.STRING, Older::s, "s")
            .build();
    Path file = dir.resolve("old.parquet");
    ParquetFiles.write(older, SNAPSHOT, "111111111111", List.of(new Older("x")), file);
    assertThat(ParquetFiles.read(TABLE, file))
        .containsExactly(new Row("x", null, null, null, null, null, null, null));
  }

  @Test
  void aFileDuckDbWroteBeforeParquetAvroStillReads() throws Exception {
    // smgov wrote with DuckDB before: TIMESTAMP_MS, VARCHAR, INTEGER, BIGINT, DOUBLE, BOOLEAN,
    // DATE.
    Path file = dir.resolve("duck.parquet");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute(
          "COPY (SELECT TIMESTAMP '2026-11-01 06:00:00' AS snapshot_time, '111111111111' AS account_id,"
              + " 'x' AS s, 3 AS i, CAST(4 AS BIGINT) AS l, 0.25::DOUBLE AS d, true AS b,"
              + " CAST(TIMESTAMP '2026-03-04 05:06:07.891' AS TIMESTAMP_MS) AS t, DATE '2026-02-28' AS day, 'beta' AS kind) TO "
              + ParquetFiles.literal(file.toString())
              + " (FORMAT parquet, COMPRESSION zstd)");
    }
    assertThat(ParquetFiles.read(TABLE, file))
        .containsExactly(new Row("x", 3, 4L, 0.25, true, TIME, LocalDate.of(2026, 2, 28), "beta"));
  }

  @Test
  void aColumnOfAnotherTypeOrAFileThatIsNotParquetFailsNamingTheTableTheFileAndTheColumn()
      throws Exception {
    TableSpec<Wide> wider =
        TableSpec.builder("every_type", Wide.class)
            .doc("i as bigint")
            .optional("i", ColumnType.BIGINT, Wide::i, "i")
            .build();
    Path file = dir.resolve("wider.parquet");
    ParquetFiles.write(wider, SNAPSHOT, "111111111111", List.of(new Wide(1L << 40)), file);
    assertThatThrownBy(() -> ParquetFiles.read(TABLE, file))
        .hasMessageContaining("Cannot read every_type from " + file)
        .hasMessageContaining("column i holds")
        .hasMessageContaining("not the declared INT");
    Path junk = Files.writeString(dir.resolve("junk.parquet"), "not parquet at all");
    assertThatThrownBy(() -> ParquetFiles.read(TABLE, junk))
        .hasMessageStartingWith("Cannot read every_type from " + junk + ": ")
        .hasMessageNotContaining("LocalInputFile@");
  }

  @Test
  void aNanosecondTimestampIsRefusedNotMisread() throws Exception {
    Path file = dir.resolve("nanos.parquet");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute(
          "COPY (SELECT 'beta' AS kind, CAST(TIMESTAMP '2026-03-04 05:06:07' AS TIMESTAMP_NS) AS t) TO "
              + ParquetFiles.literal(file.toString())
              + " (FORMAT parquet)");
    }
    assertThatThrownBy(() -> ParquetFiles.read(TABLE, file)).hasMessageContaining("column t holds");
  }

  record First(String ac0) {}

  record Second(String aan) {}

  @Test
  void twoDeclarationsOfOneNameAreTwoSchemas() {
    TableSpec<First> first =
        TableSpec.builder("same_name", First.class)
            .doc("one")
            .optional("ac0", ColumnType.STRING, First::ac0, "a")
            .build();
    TableSpec<Second> second =
        TableSpec.builder("same_name", Second.class)
            .doc("two")
            .optional("aan", ColumnType.STRING, Second::aan, "b")
            .build();
    Path a = dir.resolve("a.parquet");
    Path b = dir.resolve("b.parquet");
    ParquetFiles.write(first, SNAPSHOT, "111111111111", List.of(new First("x")), a);
    ParquetFiles.write(second, SNAPSHOT, "111111111111", List.of(new Second("y")), b);
    assertThat(ParquetFiles.read(second, b)).containsExactly(new Second("y"));
    assertThat(ParquetFiles.read(first, a)).containsExactly(new First("x"));
  }
}
