package io.smgov.table;

import java.util.Objects;
import java.util.function.Function;

/** One declared column: name, type, nullability, documentation and how a row yields its value. */
public record Column<R>(
    String name, ColumnType type, boolean nullable, String doc, Function<R, ?> getter) {
  public Column {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(doc, "doc is null");
  }
}
