package io.smgov.sink;

import io.smgov.table.ColumnDefinition;
import io.smgov.table.ColumnType;
import io.smgov.table.TableSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
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
 *       wall-clock time, which is how Athena, Trino and Hive read a {@code timestamp} column (no
 *       time zone); every timestamp smgov writes is UTC;
 *   <li>row groups of {@link #ROW_GROUP_BYTES}, so a writer holds at most one such group in memory.
 * </ul>
 *
 * Reading accepts any file of the table, older layouts included: a column the file lacks reads as
 * null, a column the table no longer declares is ignored.
 */
public final class ParquetFiles {
  /**
   * Row group size: small enough to keep a writer's buffer bounded, large enough for good pages.
   */
  public static final int ROW_GROUP_BYTES = 8 * 1024 * 1024;

  /** Page and dictionary page size: a writer buffers about one of each per column. */
  public static final int PAGE_BYTES = 256 * 1024;

  private ParquetFiles() {}

  /** Writes {@code rows} to {@code file}, in the order given. */
  public static <R> void write(
      TableSpec<R> table, Instant snapshotTime, String accountId, List<R> rows, Path file) {
    try (Writer writer = new Writer(table, snapshotTime, accountId, file)) {
      for (R row : rows) {
        writer.write(table.values(row));
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
        this.parquet =
            AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
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
        throw new UncheckedIOException(
            "Cannot write " + table.name() + " to " + file + ": " + e.getMessage(), e);
      }
    }

    /** Appends one row (data-column values, in declaration order). */
    public void write(Object[] values) {
      try {
        parquet.write(record(table, schema, snapshotMillis, accountId, values));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot write " + table.name() + " to " + file + ": " + e.getMessage(), e);
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
        sortEncodings(file);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot write " + table.name() + " to " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Reads the rows of a file of {@code table} as its records; a column the file lacks (written by
   * an older version) reads as null, a column the table no longer declares is ignored.
   */
  public static <R> List<R> read(TableSpec<R> table, Path file) {
    List<R> rows = new ArrayList<>();
    forEach(table, file, rows::add);
    return rows;
  }

  /**
   * Streams the rows of a file of {@code table} as its records, one row group in memory at a time.
   */
  public static <R> void forEach(TableSpec<R> table, Path file, Consumer<R> action) {
    forEachValues(table, file, values -> action.accept(table.row(values)));
  }

  /**
   * The rows a file holds, from its footer (no data is read); a file that is not whole Parquet (cut
   * short, overwritten) fails naming it.
   */
  public static long rowCount(Path file) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            new LocalInputFile(file),
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      return reader.getRecordCount();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "not a whole Parquet file ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                  .replaceAll("org\\.apache\\.parquet\\.io\\.LocalInputFile@\\w+", "it")
              + ")",
          e);
    }
  }

  /** Streams the data-column values (in declaration order) of a file of {@code table}. */
  static void forEachValues(TableSpec<?> table, Path file, Consumer<Object[]> action) {
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(
                new LocalInputFile(file), new PlainParquetConfiguration())
            .withDataModel(GenericData.get())
            .build()) {
      Values values = null;
      for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
        if (values == null) {
          values = new Values(table, record.getSchema());
        }
        action.accept(values.of(record));
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Cannot read "
              + table.name()
              + " from "
              + file
              + ": "
              + (e.getMessage() == null ? e.toString() : e.getMessage())
                  .replaceAll("org\\.apache\\.parquet\\.io\\.LocalInputFile@\\w+", "it"),
          e);
    }
  }

  /** One Avro record of the stored layout: the common columns, then the data columns. */
  static GenericRecord record(
      TableSpec<?> table, Schema schema, long snapshotMillis, String accountId, Object[] values) {
    GenericRecord record = new GenericData.Record(schema);
    record.put(0, snapshotMillis);
    record.put(1, accountId);
    List<ColumnDefinition> columns = table.storedColumns();
    int common = columns.size() - values.length;
    for (int i = 0; i < values.length; i++) {
      record.put(common + i, toAvro(columns.get(common + i).type(), values[i]));
    }
    return record;
  }

  /**
   * Data-column values of records of one file's schema: each declared column from the field of its
   * name, converted to the declared type (refusing a stored type it would misread).
   */
  static final class Values {
    private final TableSpec<?> table;
    private final int[] source;
    private final Schema[] schemas;

    Values(TableSpec<?> table, Schema fileSchema) {
      this.table = table;
      int width = table.columns().size();
      this.source = new int[width];
      this.schemas = new Schema[width];
      for (int i = 0; i < width; i++) {
        Schema.Field field = fileSchema.getField(table.columns().get(i).name());
        source[i] = field == null ? -1 : field.pos();
        schemas[i] = field == null ? null : field.schema();
      }
    }

    Object[] of(GenericRecord record) {
      Object[] row = new Object[source.length];
      for (int i = 0; i < row.length; i++) {
        if (source[i] >= 0) {
          ColumnType type = table.columns().get(i).type();
          try {
            row[i] = fromAvro(type, schemas[i], record.get(source[i]));
          } catch (RuntimeException e) {
            throw new IllegalStateException(
                "column "
                    + table.columns().get(i).name()
                    + " holds "
                    + AvroSchemas.nonNull(schemas[i])
                    + ", not the declared "
                    + type
                    + " ("
                    + e.getMessage()
                    + ")",
                e);
          }
        }
      }
      return row;
    }
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
      case DOUBLE ->
          raw instanceof Double || raw instanceof Float ? ((Number) raw).doubleValue() : exact(raw);
      case BOOLEAN -> (Boolean) raw;
      case TIMESTAMP -> instant(actual, raw);
      case DATE ->
          raw instanceof LocalDate d
              ? d
              : actual.getLogicalType() instanceof LogicalTypes.Date
                  ? LocalDate.ofEpochDay(integral(raw))
                  : fail(actual);
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
    if (logical instanceof LogicalTypes.TimestampMillis
        || logical instanceof LogicalTypes.LocalTimestampMillis) {
      return Instant.ofEpochMilli(value);
    }
    if (logical instanceof LogicalTypes.TimestampMicros
        || logical instanceof LogicalTypes.LocalTimestampMicros) {
      return Instant.EPOCH.plusNanos(Math.multiplyExact(value, 1000L));
    }
    return fail(
        schema); // no unit (a nanosecond timestamp reads as a plain long): refuse, don't guess
  }

  private static long integral(Object raw) {
    if (raw instanceof Integer
        || raw instanceof Long
        || raw instanceof Short
        || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    throw new IllegalArgumentException("not a whole number: " + raw.getClass().getSimpleName());
  }

  private static double exact(Object raw) {
    if (raw instanceof Integer || raw instanceof Long) {
      return ((Number) raw).doubleValue();
    }
    throw new IllegalArgumentException(
        "not a number smgov writes: " + raw.getClass().getSimpleName());
  }

  private static <T> T fail(Schema schema) {
    throw new IllegalArgumentException("cannot read " + schema + " as this column");
  }

  /**
   * Sorts each column chunk's list of encodings in the footer. parquet-java fills it from a {@code
   * HashSet} of enums, whose order follows identity hash codes and so changes from one JVM to the
   * next: sorted, the same rows give the same bytes in every run. The sorted list encodes to the
   * same length, so the footer is rewritten in place.
   */
  static void sortEncodings(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      ByteBuffer tail = read(channel, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
      int length = tail.getInt(0);
      long start = size - 8 - length;
      FileMetaData footer =
          Util.readFileMetaData(new ByteArrayInputStream(read(channel, start, length).array()));
      for (RowGroup group : footer.getRow_groups()) {
        for (ColumnChunk chunk : group.getColumns()) {
          List<Encoding> encodings = new ArrayList<>(chunk.getMeta_data().getEncodings());
          encodings.sort(Comparator.comparingInt(Encoding::getValue));
          chunk.getMeta_data().setEncodings(encodings);
        }
      }
      ByteArrayOutputStream sorted = new ByteArrayOutputStream(length);
      Util.writeFileMetaData(footer, sorted);
      if (sorted.size() != length) {
        throw new IOException(
            "the footer with sorted encodings is " + sorted.size() + " bytes, not " + length);
      }
      ByteBuffer bytes = ByteBuffer.wrap(sorted.toByteArray());
      while (bytes.hasRemaining()) {
        channel.write(bytes, start + bytes.position());
      }
    }
  }

  private static ByteBuffer read(FileChannel channel, long at, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, at + buffer.position()) < 0) {
        throw new IOException("the file ends before its footer");
      }
    }
    return buffer;
  }

  /** A SQL string literal. */
  public static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
