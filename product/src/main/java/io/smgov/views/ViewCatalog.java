package io.smgov.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smgov.table.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Athena views of {@code sql/}: the manifest's order (dependencies first), one SQL template per
 * view, rendered strictly with the database name and the policy. Loaded from the classpath (the jar
 * holds {@code sql/}); {@link #check()} verifies the manifest against the files and the tables.
 */
public final class ViewCatalog {
  private static final String ROOT = "/sql/";

  /** The rule placeholders of governance_findings, from the shipped rule catalog, read once. */
  private static volatile Map<String, String> rulePlaceholders;

  private static final Set<String> RULE_NAMES = RuleCatalog.PLACEHOLDERS;

  /**
   * Loaded on first use, not in a static initializer: a broken catalog then fails each render with
   * its own message, not with a class that cannot be initialised.
   */
  private static Map<String, String> rulePlaceholders() {
    Map<String, String> values = rulePlaceholders;
    if (values == null) {
      values = RuleCatalog.load().placeholders();
      rulePlaceholders = values;
    }
    return values;
  }

  /** The column types a view may declare: Athena's, without lengths or precision. */
  public static final Set<String> COLUMN_TYPES =
      Set.of("varchar", "integer", "bigint", "double", "boolean", "date", "timestamp");

  /** One output column of a view, as analysts and the QuickSight data sets see it. */
  public record ViewColumn(String name, String type) {}

  /** One view: its name, what it is, the SQL template, what it reads and the columns it returns. */
  public record View(
      String name,
      String doc,
      String template,
      List<String> tables,
      List<String> views,
      List<ViewColumn> columns) {
    public View {
      columns = List.copyOf(columns);
    }

    public Optional<ViewColumn> column(String columnName) {
      return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** The view's DDL for {@code database} under {@code policy}. */
    public String render(String database, Policy policy) {
      String source = "sql/views/" + name + ".sql";
      String sql = template;
      Set<String> used = TemplateRenderer.placeholders(template);
      // The rules of sql/rules.yaml first (their SQL holds policy placeholders), then the rest.
      if (used.stream().anyMatch(RULE_NAMES::contains)) {
        Map<String, String> rules = rulePlaceholders();
        Set<String> others = new HashSet<>(used);
        others.removeAll(RULE_NAMES);
        sql = TemplateRenderer.render(template, rules, others, source);
        source = source + " (with the rules of sql/rules.yaml)";
      }
      Map<String, String> values = new LinkedHashMap<>(policy.placeholders());
      values.put("database", database);
      values.put("variant_monthly_cost", VARIANT_MONTHLY_COST);
      values.put(
          "serving_statuses",
          Tables.SERVING_ENDPOINT_STATUSES.stream()
              .map(status -> "'" + status + "'")
              .collect(Collectors.joining(", ", "(", ")")));
      return TemplateRenderer.render(sql, values, source);
    }

    /**
     * The view's query for {@code database} under {@code policy}: what follows {@code CREATE OR
     * REPLACE VIEW "database"."name" AS} in its DDL, which is what a view stored in Glue holds.
     */
    public String query(String database, Policy policy) {
      String ddl = render(database, policy);
      String create = "CREATE OR REPLACE VIEW \"" + database + "\".\"" + name + "\" AS";
      int at = ddl.indexOf(create);
      if (at < 0) {
        throw new IllegalStateException("sql/views/" + name + ".sql: must contain " + create);
      }
      return ddl.substring(at + create.length()).strip();
    }
  }

  /**
   * What an endpoint variant costs a month, declared once in sql/fragments/ and rendered by the
   * views that price variants ({@code ${variant_monthly_cost}}).
   */
  static final String VARIANT_MONTHLY_COST = fragment("variant_monthly_cost.sql");

  private final List<View> views;

  private ViewCatalog(List<View> views) {
    this.views = List.copyOf(views);
  }

  /** The views shipped with smgov, in dependency order. */
  public static ViewCatalog load() {
    JsonNode manifest;
    try (InputStream in = resource("manifest.yaml")) {
      manifest = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read sql/manifest.yaml: " + e.getMessage(), e);
    }
    List<View> views = new ArrayList<>();
    for (JsonNode entry : manifest.path("views")) {
      String name = entry.path("name").asText();
      String template;
      try (InputStream in = resource("views/" + name + ".sql")) {
        template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot read sql/views/" + name + ".sql: " + e.getMessage(), e);
      }
      List<String> tables = new ArrayList<>();
      entry.path("dependsOn").path("tables").forEach(t -> tables.add(t.asText()));
      List<String> dependsOnViews = new ArrayList<>();
      entry.path("dependsOn").path("views").forEach(v -> dependsOnViews.add(v.asText()));
      List<ViewColumn> columns = new ArrayList<>();
      for (JsonNode column : entry.path("columns")) {
        String[] parts = column.asText().trim().split("\\s+");
        columns.add(
            new ViewColumn(
                parts[0],
                parts.length == 2 ? parts[1] : "(missing type in '" + column.asText() + "')"));
      }
      views.add(
          new View(name, entry.path("doc").asText(), template, tables, dependsOnViews, columns));
    }
    ViewCatalog catalog = new ViewCatalog(views);
    catalog.check();
    return catalog;
  }

  private static String fragment(String name) {
    try (InputStream in = resource("fragments/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read sql/fragments/" + name + ": " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String path) throws IOException {
    InputStream in = ViewCatalog.class.getResourceAsStream(ROOT + path);
    if (in == null) {
      throw new IOException("not on the classpath (is sql/ packaged?)");
    }
    return in;
  }

  public List<View> views() {
    return views;
  }

  public View view(String name) {
    return views.stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no view " + name + " in sql/manifest.yaml"));
  }

  /**
   * The manifest is consistent: every dependency is a declared table or an earlier view (so the
   * order is a valid creation order), and every DDL creates the view its file is named after.
   */
  public void check() {
    List<String> problems = new ArrayList<>();
    Set<String> earlier = new HashSet<>();
    for (View view : views) {
      for (String table : view.tables()) {
        if (Tables.byName(table).isEmpty()) {
          problems.add(
              "sql/manifest.yaml: view "
                  + view.name()
                  + " depends on table "
                  + table
                  + ", which is not declared");
        }
      }
      for (String dependency : view.views()) {
        if (!earlier.contains(dependency)) {
          problems.add(
              "sql/manifest.yaml: view "
                  + view.name()
                  + " depends on "
                  + dependency
                  + ", which is not listed before it");
        }
      }
      String create = "CREATE OR REPLACE VIEW \"${database}\".\"" + view.name() + "\" AS";
      if (!view.template().contains(create)) {
        problems.add("sql/views/" + view.name() + ".sql: must contain " + create);
      }
      if (view.columns().isEmpty()) {
        problems.add(
            "sql/manifest.yaml: view "
                + view.name()
                + " declares no columns (columns: [name type, ...])");
      }
      Set<String> names = new HashSet<>();
      for (ViewColumn column : view.columns()) {
        if (!COLUMN_TYPES.contains(column.type())) {
          problems.add(
              "sql/manifest.yaml: view "
                  + view.name()
                  + " column "
                  + column.name()
                  + ": type "
                  + column.type()
                  + " is not one of "
                  + new TreeSet<>(COLUMN_TYPES));
        }
        if (!names.add(column.name())) {
          problems.add(
              "sql/manifest.yaml: view "
                  + view.name()
                  + " declares column "
                  + column.name()
                  + " twice");
        }
      }
      if (!earlier.add(view.name())) {
        problems.add("sql/manifest.yaml: view " + view.name() + " is listed twice");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("\n", problems));
    }
  }
}
