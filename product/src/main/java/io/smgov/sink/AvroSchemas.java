package io.smgov.sink;

import io.smgov.table.ColumnDefinition;
import io.smgov.table.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * A table declaration as the Avro schema its Parquet files are written with: one field per stored
 * column (common columns first), every one a union with null, as the files DuckDB wrote before were
 * (a row carried from a file that predates a required column must still write; new rows are held to
 * their declaration by {@code TableSpec.values}). No docs: the schema is stored in every file's
 * footer, and the docs live in the Glue catalog. Timestamps are {@code local-timestamp-millis}
 * (Parquet INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=false): the UTC wall-clock time, as Athena's
 * {@code timestamp} reads it); dates are {@code date}.
 */
public final class AvroSchemas {
  /** By declaration (identity): two declarations of one name are two schemas. */
  private static final Map<TableSpec<?>, Schema> CACHE = new ConcurrentHashMap<>();

  private AvroSchemas() {}

  public static Schema of(TableSpec<?> table) {
    return CACHE.computeIfAbsent(table, AvroSchemas::build);
  }

  private static Schema build(TableSpec<?> table) {
    List<Schema.Field> fields = new ArrayList<>();
    for (ColumnDefinition column : table.storedColumns()) {
      fields.add(
          new Schema.Field(
              column.name(),
              Schema.createUnion(Schema.create(Schema.Type.NULL), type(column)),
              null,
              Schema.Field.NULL_DEFAULT_VALUE));
    }
    Schema record = Schema.createRecord(table.name(), null, "io.smgov.warehouse", false);
    record.setFields(fields);
    return record;
  }

  private static Schema type(ColumnDefinition column) {
    return switch (column.type()) {
      case STRING -> Schema.create(Schema.Type.STRING);
      case INT -> Schema.create(Schema.Type.INT);
      case BIGINT -> Schema.create(Schema.Type.LONG);
      case DOUBLE -> Schema.create(Schema.Type.DOUBLE);
      case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
      case TIMESTAMP ->
          LogicalTypes.localTimestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
      case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
    };
  }

  /** The non-null branch of an optional field's union, or the schema itself. */
  static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        return branch;
      }
    }
    return schema;
  }
}
