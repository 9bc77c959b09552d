package io.smgov.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.views.Policy;
import io.smgov.views.ViewCatalog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * A view as a Glue {@code TableInput}, stored the way Athena (engine v3, Trino's Hive connector)
 * stores the views it creates, so CloudFormation or Terraform can create the views without running
 * Athena DDL. Pure.
 *
 * <ul>
 *   <li>{@code TableType} {@code VIRTUAL_VIEW}, parameters {@code presto_view=true} (what marks the
 *       table as a Trino view; without it Trino takes it for a Hive view and refuses it) and {@code
 *       comment=Presto View};
 *   <li>{@code ViewOriginalText}: {@code /* Presto View: <base64 JSON> *}{@code /}, the JSON
 *       holding the view's query, its catalog and schema, and its columns with Trino's types
 *       (timestamps are {@code timestamp(3)}, the warehouse's millisecond precision; a column whose
 *       type the query cannot be coerced to makes the view stale);
 *   <li>{@code runAsInvoker: true}: Athena views run with the caller's permissions, so whoever
 *       queries a view needs access to the tables below it (Lake Formation grants included);
 *   <li>the same columns with Hive types in the storage descriptor, for the Glue console, {@code
 *       GetTable} readers and QuickSight; an empty {@code SerdeInfo}, without which Trino refuses
 *       the table;
 *   <li>no {@code Description}: with one, Trino 476 no longer finds the view ("Table ... does not
 *       exist").
 * </ul>
 */
public final class GlueViewInputs {
  /** Glue's limit on {@code TableInput.ViewOriginalText} and {@code ViewExpandedText}. */
  public static final int VIEW_TEXT_LIMIT = 409_600;

  private static final ObjectMapper JSON = new ObjectMapper();

  private GlueViewInputs() {}

  /**
   * @throws IllegalStateException when the encoded view exceeds Glue's limit on the view text
   */
  /**
   * @param hash the view's {@code smgov.view_sha256} ({@link CatalogApply#viewHashes}), so {@code
   *     catalog apply} leaves a view created from this input in place
   */
  public static TableInput of(ViewCatalog.View view, String database, Policy policy, String hash) {
    ObjectNode definition = JSON.createObjectNode();
    definition
        .put("originalSql", view.query(database, policy))
        .put("catalog", "awsdatacatalog")
        .put("schema", database);
    ArrayNode trinoColumns = definition.putArray("columns");
    List<Column> hiveColumns = new ArrayList<>();
    for (ViewCatalog.ViewColumn column : view.columns()) {
      trinoColumns.addObject().put("name", column.name()).put("type", trinoType(column.type()));
      hiveColumns.add(Column.builder().name(column.name()).type(hiveType(column.type())).build());
    }
    definition.put("runAsInvoker", true);
    String text =
        "/* Presto View: "
            + Base64.getEncoder()
                .encodeToString(definition.toString().getBytes(StandardCharsets.UTF_8))
            + " */";
    if (text.length() > VIEW_TEXT_LIMIT) {
      throw new IllegalStateException(
          "View "
              + view.name()
              + " encodes to "
              + text.length()
              + " characters; Glue stores at most "
              + VIEW_TEXT_LIMIT
              + " in ViewOriginalText. Shorten sql/views/"
              + view.name()
              + ".sql or create the view through Athena (smgov catalog apply).");
    }
    // No Description: Trino's Glue metastore (476, the engine Athena v3 derives from) stops seeing
    // a view that has one ("Table ... does not exist"), and Athena writes none for its views.
    return TableInput.builder()
        .name(view.name())
        .tableType("VIRTUAL_VIEW")
        .parameters(
            hash.isEmpty()
                ? Map.of("presto_view", "true", "comment", "Presto View")
                : Map.of(
                    "presto_view", "true", "comment", "Presto View", CatalogApply.VIEW_HASH, hash))
        .viewOriginalText(text)
        .viewExpandedText("/* Presto View */")
        .partitionKeys(List.of())
        .storageDescriptor(
            StorageDescriptor.builder()
                .columns(hiveColumns)
                .serdeInfo(SerDeInfo.builder().build())
                .build())
        .build();
  }

  /** A declared view type (Athena's, without precision) as Trino stores it in a view. */
  static String trinoType(String declared) {
    return declared.equals("timestamp") ? "timestamp(3)" : declared;
  }

  /** A declared view type as a Hive type of the Glue storage descriptor. */
  static String hiveType(String declared) {
    switch (declared) {
      case "varchar":
        return "string";
      case "integer":
        return "int";
      default:
        return declared; // bigint, double, boolean, date, timestamp: the same word in Hive
    }
  }
}
