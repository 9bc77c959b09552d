package io.smgov.testing;

import io.smgov.catalog.CatalogApply;
import io.smgov.catalog.GlueViewInputs;
import io.smgov.views.Policy;
import io.smgov.views.ViewCatalog;
import java.util.Map;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The views' Glue tables as {@code smgov catalog render} writes them (VIRTUAL_VIEW, the columns in
 * the base64 "Presto View" text and the storage descriptor), for tests of what reads the catalog
 * without running Trino. The Trino-backed tests create the real ones through the Athena API.
 */
public final class GlueViews {
  private GlueViews() {}

  public static void register(GlueClient glue, String database, ViewCatalog views) {
    glue.createDatabase(r -> r.databaseInput(d -> d.name(database)));
    Map<String, String> hashes =
        CatalogApply.viewHashes(database, Policy.defaults(), views.views());
    for (ViewCatalog.View view : views.views()) {
      TableInput input =
          GlueViewInputs.of(view, database, Policy.defaults(), hashes.get(view.name()));
      glue.createTable(r -> r.databaseName(database).tableInput(input));
    }
  }

  /** Rewrites one view without {@code column}: a catalog older than the views the tool ships. */
  public static void dropColumn(
      GlueClient glue, String database, ViewCatalog.View view, String column) {
    ViewCatalog.View older =
        new ViewCatalog.View(
            view.name(),
            view.doc(),
            view.template(),
            view.tables(),
            view.views(),
            view.columns().stream().filter(c -> !c.name().equals(column)).toList());
    // No recorded hash: this older view was not created by this catalog's apply.
    TableInput input = GlueViewInputs.of(older, database, Policy.defaults(), "");
    glue.updateTable(r -> r.databaseName(database).tableInput(input));
  }
}
