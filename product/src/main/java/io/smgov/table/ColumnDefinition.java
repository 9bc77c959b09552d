package io.smgov.table;

/** A stored column as the Parquet file and the Glue table see it (no getter). */
public record ColumnDefinition(String name, ColumnType type, boolean nullable, String doc) {}
