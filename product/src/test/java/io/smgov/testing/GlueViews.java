package io.smgov.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.views.ViewCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * The views' Glue tables as Athena and Trino leave them (VIRTUAL_VIEW, a placeholder column, the
 * real columns inside the base64 "Presto View" text), for tests of what reads the catalog without
 * running Trino. The Trino-backed tests create the real ones through the Athena API.
 */
public final class GlueViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GlueViews() {}

  public static void register(GlueClient glue, String database, ViewCatalog views) {
    glue.createDatabase(r -> r.databaseInput(d -> d.name(database)));
    for (ViewCatalog.View view : views.views()) {
      put(glue, database, view, Set.of(), true);
    }
  }

  /** Rewrites one view without {@code column}: a catalog older than the views the tool ships. */
  public static void dropColumn(
      GlueClient glue, String database, ViewCatalog.View view, String column) {
    put(glue, database, view, Set.of(column), false);
  }

  private static void put(
      GlueClient glue,
      String database,
      ViewCatalog.View view,
      Set<String> omitted,
      boolean create) {
    ObjectNode definition = JSON.createObjectNode();
    definition
        .put("originalSql", "SELECT 1")
        .put("catalog", "awsdatacatalog")
        .put("schema", database);
    ArrayNode columns = definition.putArray("columns");
    view.columns().stream()
        .filter(c -> !omitted.contains(c.name()))
        .forEach(
            c ->
                columns
                    .addObject()
                    .put("name", c.name())
                    .put("type", c.type().equals("timestamp") ? "timestamp(3)" : c.type()));
    String text =
        "/* Presto View: "
            + Base64.getEncoder()
                .encodeToString(definition.toString().getBytes(StandardCharsets.UTF_8))
            + " */";
    List<Column> placeholder = List.of(Column.builder().name("dummy").type("string").build());
    if (create) {
      glue.createTable(
          r ->
              r.databaseName(database)
                  .tableInput(
                      t ->
                          t.name(view.name())
                              .tableType("VIRTUAL_VIEW")
                              .viewOriginalText(text)
                              .storageDescriptor(s -> s.columns(placeholder))));
    } else {
      glue.updateTable(
          r ->
              r.databaseName(database)
                  .tableInput(
                      t ->
                          t.name(view.name())
                              .tableType("VIRTUAL_VIEW")
                              .viewOriginalText(text)
                              .storageDescriptor(s -> s.columns(placeholder))));
    }
  }
}
