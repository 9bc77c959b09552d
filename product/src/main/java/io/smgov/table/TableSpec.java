package io.smgov.table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one declaration of a warehouse table: its name, documentation, and ordered data columns, each
 * with a getter on the row record. The Parquet and Avro layout, the Glue table, the generated
 * {@code glue/} files, the column docs and the way stored values become a record again ({@link
 * #row}) are all derived from it. Every table also carries the {@link Tables#COMMON_COLUMNS}
 * (written first) and the {@link Tables#PARTITION_KEYS} (in the path).
 */
public final class TableSpec<R> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,255}");

  private final String name;
  private final String doc;
  private final Class<R> rowType;
  private final List<Column<R>> columns;
  private final RecordShape<R> shape;
  private final List<ColumnDefinition> storedColumns;

  private TableSpec(String name, String doc, Class<R> rowType, List<Column<R>> columns) {
    this.name = name;
    this.doc = doc;
    this.rowType = rowType;
    this.columns = List.copyOf(columns);
    this.shape = rowType.isRecord() ? RecordShape.of(name, rowType, this.columns) : null;
    List<ColumnDefinition> stored = new ArrayList<>(Tables.COMMON_COLUMNS);
    for (Column<R> c : this.columns) {
      stored.add(new ColumnDefinition(c.name(), c.type(), c.nullable(), c.doc()));
    }
    this.storedColumns = List.copyOf(stored);
  }

  public static <R> Builder<R> builder(String name, Class<R> rowType) {
    return new Builder<>(name, rowType);
  }

  public String name() {
    return name;
  }

  public String doc() {
    return doc;
  }

  public Class<R> rowType() {
    return rowType;
  }

  /** The data columns, in declaration order (without the common columns). */
  public List<Column<R>> columns() {
    return columns;
  }

  /** Common columns then data columns: the order of the Parquet file and the Glue table. */
  public List<ColumnDefinition> storedColumns() {
    return storedColumns;
  }

  /**
   * The row record of stored data-column values (in declaration order), built through the record's
   * canonical constructor: each column fills the component of its camel-case name.
   */
  public R row(Object[] values) {
    if (shape == null) {
      throw new UnsupportedOperationException(
          "table " + name + ": the row type " + rowType.getSimpleName() + " is not a record");
    }
    return shape.construct(values);
  }

  /** A row's values in data-column order; a null in a required column is a bug, named here. */
  public Object[] values(R row) {
    return values(row, true);
  }

  /**
   * A row's values in data-column order. {@code complete}: a null in a required column is refused;
   * a carried row (read from a file written before the column existed) may have one.
   */
  public Object[] values(R row, boolean complete) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      Column<R> column = columns.get(i);
      Object value = column.getter().apply(row);
      if (value == null && !column.nullable() && complete) {
        throw new IllegalStateException(
            "Cannot write "
                + name
                + "."
                + column.name()
                + ": the column is required but the row has no value: "
                + row);
      }
      if (value != null && !column.type().javaType().isInstance(value)) {
        throw new IllegalStateException(
            "Cannot write "
                + name
                + "."
                + column.name()
                + ": expected "
                + column.type().javaType().getSimpleName()
                + ", got "
                + value.getClass().getSimpleName());
      }
      values[i] = value;
    }
    return values;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Declares columns in order; {@link #build()} checks the names. */
  public static final class Builder<R> {
    private final String name;
    private final Class<R> rowType;
    private String doc = "";
    private final List<Column<R>> columns = new ArrayList<>();

    private Builder(String name, Class<R> rowType) {
      this.name = Objects.requireNonNull(name, "name is null");
      this.rowType = Objects.requireNonNull(rowType, "rowType is null");
    }

    public Builder<R> doc(String text) {
      this.doc = text;
      return this;
    }

    public Builder<R> required(String column, ColumnType type, Function<R, ?> getter, String doc) {
      columns.add(new Column<>(column, type, false, doc, getter));
      return this;
    }

    public Builder<R> optional(String column, ColumnType type, Function<R, ?> getter, String doc) {
      columns.add(new Column<>(column, type, true, doc, getter));
      return this;
    }

    public TableSpec<R> build() {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("table name must match " + NAME + ": " + name);
      }
      Set<String> seen = new HashSet<>();
      for (ColumnDefinition common : Tables.COMMON_COLUMNS) {
        seen.add(common.name());
      }
      for (ColumnDefinition key : Tables.PARTITION_KEYS) {
        seen.add(key.name());
      }
      for (Column<R> column : columns) {
        if (!NAME.matcher(column.name()).matches()) {
          throw new IllegalArgumentException(
              "column name must match " + NAME + ": " + name + "." + column.name());
        }
        if (!seen.add(column.name())) {
          throw new IllegalArgumentException(
              "duplicate or reserved column " + name + "." + column.name());
        }
      }
      if (doc.isBlank()) {
        throw new IllegalArgumentException("table " + name + " needs a doc");
      }
      return new TableSpec<>(name, doc, rowType, columns);
    }
  }
}
