package io.smgov.catalog;

import io.smgov.table.ColumnDefinition;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * A table declaration as a Glue {@code TableInput}: an external Parquet table partitioned by
 * snapshot_date and region, with Athena partition projection (snapshot_date as a date range, region
 * as an enum) so no crawler or MSCK REPAIR ever runs. Pure.
 */
public final class GlueTableInputs {
  /** Glue limits a column comment to 255 characters. */
  private static final int COMMENT_LIMIT = 255;

  private GlueTableInputs() {}

  /**
   * @param warehouse {@code s3://bucket/prefix} without a trailing slash (or a placeholder)
   * @param regions the region enum's values, comma-separated (or a placeholder)
   * @param firstSnapshotDate the earliest snapshot date (yyyy-MM-dd, or a placeholder): the date
   *     projection runs from it to NOW, so a query enumerates the days that can hold data, not
   *     years of empty ones
   */
  public static TableInput of(
      TableSpec<?> table, String warehouse, String regions, String firstSnapshotDate) {
    String location = warehouse + "/" + table.name() + "/";
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("classification", "parquet");
    parameters.put("EXTERNAL", "TRUE");
    parameters.put("parquet.compression", "ZSTD");
    // The timestamp columns' physical type, said where an analyst reading the catalog looks.
    parameters.put(
        "smgov.timestamps", "INT64 milliseconds, UTC wall-clock time (isAdjustedToUTC=false)");
    parameters.put("projection.enabled", "true");
    parameters.put("projection.snapshot_date.type", "date");
    parameters.put("projection.snapshot_date.format", "yyyy-MM-dd");
    parameters.put("projection.snapshot_date.range", firstSnapshotDate + ",NOW");
    parameters.put("projection.snapshot_date.interval", "1");
    parameters.put("projection.snapshot_date.interval.unit", "DAYS");
    parameters.put("projection.region.type", "enum");
    parameters.put("projection.region.values", regions);
    // Athena's own placeholders, filled per partition at query time.
    parameters.put(
        "storage.location.template", location + "snapshot_date=${snapshot_date}/region=${region}/");
    parameters.put("smgov.table", table.name());
    List<Column> columns = new ArrayList<>();
    for (ColumnDefinition c : table.storedColumns()) {
      columns.add(column(c));
    }
    List<Column> keys = new ArrayList<>();
    for (ColumnDefinition key : Tables.PARTITION_KEYS) {
      keys.add(column(key));
    }
    return TableInput.builder()
        .name(table.name())
        .description(truncate(table.doc(), 2048))
        .tableType("EXTERNAL_TABLE")
        .parameters(parameters)
        .partitionKeys(keys)
        .storageDescriptor(
            StorageDescriptor.builder()
                .columns(columns)
                .location(location)
                .inputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                .outputFormat("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                .serdeInfo(
                    SerDeInfo.builder()
                        .serializationLibrary(
                            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")
                        .parameters(Map.of("serialization.format", "1"))
                        .build())
                .build())
        .build();
  }

  private static Column column(ColumnDefinition c) {
    return Column.builder()
        .name(c.name())
        .type(c.type().glueType())
        .comment(truncate(c.doc(), COMMENT_LIMIT))
        .build();
  }

  private static String truncate(String text, int limit) {
    return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
  }
}
