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
 * column (common columns first), optional columns as unions with null. Timestamps are
 * {@code local-timestamp-millis} (Parquet INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=false): the UTC
 * wall-clock time, as Athena's {@code timestamp} reads it); dates are {@code date}.
 */
public final class AvroSchemas {
  private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

  private AvroSchemas() {}

  public static Schema of(TableSpec<?> table) {
    return CACHE.computeIfAbsent(table.name() + "/" + table.storedColumns().hashCode(), key -> build(table));
  }

  private static Schema build(TableSpec<?> table) {
    List<Schema.Field> fields = new ArrayList<>();
    for (ColumnDefinition column : table.storedColumns()) {
      Schema type = type(column);
      fields.add(column.nullable()
          ? new Schema.Field(column.name(), Schema.createUnion(Schema.create(Schema.Type.NULL), type), column.doc(),
              Schema.Field.NULL_DEFAULT_VALUE)
          : new Schema.Field(column.name(), type, column.doc()));
    }
    Schema record = Schema.createRecord(table.name(), table.doc(), "io.smgov.warehouse", false);
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
      case TIMESTAMP -> LogicalTypes.localTimestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
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
