package io.smgov.sink;

import io.smgov.table.ColumnDefinition;
import io.smgov.table.ColumnType;
import io.smgov.table.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes and reads one warehouse Parquet file with parquet-avro, no Hadoop file system: the common
 * columns first, then the table's columns in declaration order, each as its declaration says
 * ({@link AvroSchemas}). The file contract:
 *
 * <ul>
 *   <li>ZSTD compression, dictionary encoding (parquet-java falls back to plain per page where a
 *       column's dictionary outgrows its page), column statistics in every row group;
 *   <li>timestamps as INT64 milliseconds with {@code isAdjustedToUTC = false}: the value is the UTC
 *       wall-clock time, which is how Athena, Trino and Hive read a {@code timestamp} column (no time
 *       zone); every timestamp smgov writes is UTC;
 *   <li>row groups of {@link #ROW_GROUP_BYTES}, so a writer holds at most one such group in memory.
 * </ul>
 *
 * Reading accepts any file of the table, older layouts included: a column the file lacks reads as
 * null, a column the table no longer declares is ignored.
 */
public final class ParquetFiles {
  /** Row group size: small enough to keep a writer's buffer bounded, large enough for good pages. */
  public static final int ROW_GROUP_BYTES = 8 * 1024 * 1024;
  /** Page and dictionary page size: a writer buffers about one of each per column. */
  public static final int PAGE_BYTES = 256 * 1024;

  private ParquetFiles() {}

  /** Writes {@code rows} (data-column values, in declaration order) to {@code file}. */
  public static void write(TableSpec<?> table, Instant snapshotTime, String accountId, List<Object[]> rows, Path file) {
    try (Writer writer = new Writer(table, snapshotTime, accountId, file)) {
      for (Object[] row : rows) {
        writer.write(row);
      }
    }
  }

  /** One file being written, row by row: what a streaming table sink appends to. */
  public static final class Writer implements AutoCloseable {
    private final TableSpec<?> table;
    private final Schema schema;
    private final long snapshotMillis;
    private final String accountId;
    private final Path file;
    private final ParquetWriter<GenericRecord> parquet;
    private long rows;

    public Writer(TableSpec<?> table, Instant snapshotTime, String accountId, Path file) {
      this.table = table;
      this.schema = AvroSchemas.of(table);
      this.snapshotMillis = snapshotTime.toEpochMilli();
      this.accountId = accountId;
      this.file = file;
      try {
        this.parquet = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
            .withSchema(schema)
            .withConf(new PlainParquetConfiguration())
            .withDataModel(GenericData.get())
            .withCompressionCodec(CompressionCodecName.ZSTD)
            .withDictionaryEncoding(true)
            .withRowGroupSize((long) ROW_GROUP_BYTES)
            .withPageSize(PAGE_BYTES)
            .withDictionaryPageSize(PAGE_BYTES)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + table.name() + " to " + file + ": " + e.getMessage(), e);
      }
    }

    /** Appends one row (data-column values, in declaration order). */
    public void write(Object[] values) {
      GenericRecord record = new GenericData.Record(schema);
      record.put(0, snapshotMillis);
      record.put(1, accountId);
      List<ColumnDefinition> columns = table.storedColumns();
      int common = columns.size() - values.length;
      for (int i = 0; i < values.length; i++) {
        record.put(common + i, toAvro(columns.get(common + i).type(), values[i]));
      }
      try {
        parquet.write(record);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + table.name() + " to " + file + ": " + e.getMessage(), e);
      }
      rows++;
    }

    public long rows() {
      return rows;
    }

    @Override
    public void close() {
      try {
        parquet.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + table.name() + " to " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Reads the data columns of a file of {@code table}; a column the file lacks (written by an older
   * version) reads as null, a column the table no longer declares is ignored.
   */
  public static List<Object[]> read(TableSpec<?> table, Path file) {
    List<Object[]> rows = new ArrayList<>();
    int width = table.columns().size();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), new PlainParquetConfiguration())
            .withDataModel(GenericData.get())
            .build()) {
      int[] source = null;
      for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
        if (source == null) {
          source = new int[width];
          for (int i = 0; i < width; i++) {
            Schema.Field field = record.getSchema().getField(table.columns().get(i).name());
            source[i] = field == null ? -1 : field.pos();
          }
        }
        Object[] row = new Object[width];
        for (int i = 0; i < width; i++) {
          if (source[i] >= 0) {
            Schema.Field field = record.getSchema().getFields().get(source[i]);
            ColumnType type = table.columns().get(i).type();
            try {
              row[i] = fromAvro(type, field.schema(), record.get(source[i]));
            } catch (RuntimeException e) {
              throw new IllegalStateException("column " + field.name() + " holds " + AvroSchemas.nonNull(field.schema())
                  + ", not the declared " + type + " (" + e.getMessage() + ")", e);
            }
          }
        }
        rows.add(row);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Cannot read " + table.name() + " from " + file + ": "
          + (e.getMessage() == null ? e.toString() : e.getMessage()).replaceAll("org\\.apache\\.parquet\\.io\\.LocalInputFile@\\w+", "it"), e);
    }
    return rows;
  }

  private static Object toAvro(ColumnType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case TIMESTAMP -> ((Instant) value).toEpochMilli();
      case DATE -> (int) ((LocalDate) value).toEpochDay();
      default -> value;
    };
  }

  /** A value as the table declares it, from whatever a file holds (older layouts included). */
  private static Object fromAvro(ColumnType type, Schema schema, Object raw) {
    if (raw == null) {
      return null;
    }
    Schema actual = AvroSchemas.nonNull(schema);
    return switch (type) {
      case STRING -> raw instanceof CharSequence c ? c.toString() : fail(actual);
      case INT -> Math.toIntExact(integral(raw));
      case BIGINT -> integral(raw);
      case DOUBLE -> raw instanceof Double || raw instanceof Float ? ((Number) raw).doubleValue() : exact(raw);
      case BOOLEAN -> (Boolean) raw;
      case TIMESTAMP -> instant(actual, raw);
      case DATE -> raw instanceof LocalDate d ? d
          : actual.getLogicalType() instanceof LogicalTypes.Date ? LocalDate.ofEpochDay(integral(raw)) : fail(actual);
    };
  }

  private static Instant instant(Schema schema, Object raw) {
    if (raw instanceof Instant i) {
      return i;
    }
    if (raw instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    long value = integral(raw);
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.LocalTimestampMillis) {
      return Instant.ofEpochMilli(value);
    }
    if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.LocalTimestampMicros) {
      return Instant.EPOCH.plusNanos(Math.multiplyExact(value, 1000L));
    }
    return fail(schema); // no unit (a nanosecond timestamp reads as a plain long): refuse, don't guess
  }

  private static long integral(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    throw new IllegalArgumentException("not a whole number: " + raw.getClass().getSimpleName());
  }

  private static double exact(Object raw) {
    if (raw instanceof Integer || raw instanceof Long) {
      return ((Number) raw).doubleValue();
    }
    throw new IllegalArgumentException("not a number smgov writes: " + raw.getClass().getSimpleName());
  }

  private static <T> T fail(Schema schema) {
    throw new IllegalArgumentException("cannot read " + schema + " as this column");
  }

  /** A SQL string literal. */
  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
