package io.smgov.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.table.ColumnType;
import io.smgov.table.TableSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming sink: rows past the memory budget are sorted and spilled, then merged into one
 * Parquet file in the same order and bytes as if everything had been held; carried rows may lack a
 * required value; a finishing step that would reorder rows is refused.
 */
class RowSinksTest {
  record Tag(String arn, Integer n, String value, Instant at) {}

  static final TableSpec<Tag> TAGS =
      TableSpec.builder("tags", Tag.class)
          .doc("test rows")
          .required("arn", ColumnType.STRING, Tag::arn, "key")
          .optional("n", ColumnType.INT, Tag::n, "n")
          .required("value", ColumnType.STRING, Tag::value, "required value")
          .optional("at", ColumnType.TIMESTAMP, Tag::at, "time")
          .build();

  static final Instant SNAPSHOT = Instant.parse("2026-11-01T06:00:00Z");

  @TempDir Path dir;

  /** 5,000 rows in a shuffled order, a few of them equal, some with nulls. */
  static List<Tag> shuffled() {
    List<Tag> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(
          new Tag(
              "arn:" + (i % 1700),
              i % 7 == 0 ? null : i % 13,
              "v" + (i % 5),
              i % 11 == 0 ? null : SNAPSHOT.minusSeconds(i % 97)));
    }
    Collections.shuffle(rows, new Random(42));
    return rows;
  }

  @Test
  void spilledRowsMergeIntoTheSameSortedFileAsHeldOnes() throws Exception {
    Path held = dir.resolve("held.parquet");
    Path spilled = dir.resolve("spilled.parquet");
    try (RowSinks sinks = new RowSinks(dir, Long.MAX_VALUE)) {
      shuffled().forEach(r -> sinks.add(TAGS, r));
      assertThat(sinks.spills()).isZero();
      assertThat(sinks.write(TAGS, SNAPSHOT, "111111111111", held, null)).isEqualTo(5000);
    }
    try (RowSinks sinks = new RowSinks(dir, 16 * 1024)) {
      shuffled().forEach(r -> sinks.add(TAGS, r));
      assertThat(sinks.spills()).isGreaterThan(10);
      assertThat(sinks.rows(TAGS)).isEqualTo(5000);
      assertThat(sinks.write(TAGS, SNAPSHOT, "111111111111", spilled, null)).isEqualTo(5000);
    }
    assertThat(Files.readAllBytes(spilled)).isEqualTo(Files.readAllBytes(held));
    List<Tag> read = ParquetFiles.read(TAGS, spilled);
    // By hand: arn:0 sorts first; its rows have i = 0, 1700, 3400: n null (i=0), 1700 % 13 = 10,
    // 3400 % 13 = 7.
    assertThat(read.subList(0, 3))
        .containsExactly(
            new Tag("arn:0", null, "v0", null),
            new Tag("arn:0", 7, "v0", SNAPSHOT.minusSeconds(3400 % 97)),
            new Tag("arn:0", 10, "v0", SNAPSHOT.minusSeconds(1700 % 97)));
    assertThat(read.get(read.size() - 1).arn()).isEqualTo("arn:999");
    try (var runs = Files.list(dir)) {
      assertThat(runs.filter(f -> f.toString().endsWith(".avro")))
          .as("run files are deleted on close")
          .isEmpty();
    }
  }

  @Test
  void aCarriedRowWithoutARequiredValueStillWritesAFreshOneDoesNot() {
    Path file = dir.resolve("carried.parquet");
    try (RowSinks sinks = new RowSinks(dir, Long.MAX_VALUE)) {
      sinks.carry(TAGS, new Tag("arn:old", 1, null, null));
      assertThatThrownBy(() -> sinks.add(TAGS, new Tag("arn:new", 1, null, null)))
          .hasMessageContaining("Cannot write tags.value: the column is required");
      sinks.write(TAGS, SNAPSHOT, "111111111111", file, null);
    }
    assertThat(ParquetFiles.read(TAGS, file)).containsExactly(new Tag("arn:old", 1, null, null));
  }

  @Test
  void theFinishingStepFillsValuesButMayNotReorderRows() {
    Path file = dir.resolve("finished.parquet");
    try (RowSinks sinks = new RowSinks(dir, 64)) {
      sinks.carry(TAGS, new Tag("arn:b", 2, null, null));
      sinks.add(TAGS, new Tag("arn:a", 1, "kept", null));
      sinks.write(
          TAGS,
          SNAPSHOT,
          "111111111111",
          file,
          r -> r.value() != null ? r : new Tag(r.arn(), r.n(), "derived", r.at()));
    }
    assertThat(ParquetFiles.read(TAGS, file))
        .containsExactly(new Tag("arn:a", 1, "kept", null), new Tag("arn:b", 2, "derived", null));
    try (RowSinks sinks = new RowSinks(dir, Long.MAX_VALUE)) {
      sinks.add(TAGS, new Tag("arn:a", 1, "x", null));
      sinks.add(TAGS, new Tag("arn:b", 1, "x", null));
      assertThatThrownBy(
              () ->
                  sinks.write(
                      TAGS,
                      SNAPSHOT,
                      "111111111111",
                      dir.resolve("bad.parquet"),
                      r ->
                          new Tag(
                              r.arn().equals("arn:b") ? "arn:0" : r.arn(),
                              r.n(),
                              r.value(),
                              r.at())))
          .hasMessageContaining("finishing tags moved a row out of order");
    }
  }
}
