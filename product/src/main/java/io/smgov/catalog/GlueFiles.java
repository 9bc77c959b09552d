package io.smgov.catalog;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.smgov.table.ColumnDefinition;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import io.smgov.views.Policy;
import io.smgov.views.ViewCatalog;
import io.smgov.wire.SdkJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The generated {@code glue/} folder: per table its Glue TableInput as JSON (the warehouse
 * location, the region enum and the first snapshot date left as {@code ${warehouse}}, {@code
 * ${regions}} and {@code ${first_snapshot_date}}) and a Markdown page of its columns. Derived from
 * the table declarations only; a test fails when the committed files drift. Regenerate with {@code
 * mvn -Pregen} (or {@code smgov catalog render}).
 */
public final class GlueFiles {
  public static final String WAREHOUSE = "${warehouse}";
  public static final String REGIONS = "${regions}";
  public static final String FIRST_SNAPSHOT_DATE = "${first_snapshot_date}";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GlueFiles() {}

  /** File name → content, for every table. */
  public static Map<String, String> render() {
    Map<String, String> files = new LinkedHashMap<>();
    StringBuilder index =
        new StringBuilder("# Warehouse tables\n\n")
            .append(
                "Generated from the table declarations (`io.smgov.table.Tables`); do not edit. ")
            .append(
                "Layout: `{warehouse}/{table}/snapshot_date=YYYY-MM-DD/region={region}/{account_id}.parquet`.\n\n")
            .append("| table | what one row is |\n|---|---|\n");
    for (TableSpec<?> table : Tables.ALL) {
      files.put("tables/" + table.name() + ".json", json(table));
      files.put("tables/" + table.name() + ".md", markdown(table));
      index
          .append("| [`")
          .append(table.name())
          .append("`](tables/")
          .append(table.name())
          .append(".md) | ")
          .append(table.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    files.put("README.md", index.toString());
    return files;
  }

  /**
   * File name → content of {@code smgov catalog render}: per table its TableInput ({@code
   * tables/<table>.json}), per view in apply order its DDL ({@code views/NN_<view>.sql}, for
   * Athena) and its TableInput ({@code views/NN_<view>.json}, for CloudFormation or Terraform).
   */
  public static Map<String, String> forDeployment(
      String warehouse, String regions, String firstSnapshotDate, String database, Policy policy) {
    Map<String, String> files = new LinkedHashMap<>();
    for (TableSpec<?> table : Tables.ALL) {
      files.put(
          "tables/" + table.name() + ".json",
          json(GlueTableInputs.of(table, warehouse, regions, firstSnapshotDate)));
    }
    int position = 1;
    List<ViewCatalog.View> views = ViewCatalog.load().views();
    Map<String, String> hashes = CatalogApply.viewHashes(database, policy, views);
    for (ViewCatalog.View view : views) {
      String stem = String.format("views/%02d_%s", position++, view.name());
      files.put(stem + ".sql", view.render(database, policy) + "\n");
      files.put(
          stem + ".json", json(GlueViewInputs.of(view, database, policy, hashes.get(view.name()))));
    }
    return files;
  }

  private static String json(TableSpec<?> table) {
    return json(GlueTableInputs.of(table, WAREHOUSE, REGIONS, FIRST_SNAPSHOT_DATE));
  }

  private static String json(TableInput input) {
    try {
      return JSON.writer(new DefaultPrettyPrinter()).writeValueAsString(SdkJson.toJson(input))
          + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String markdown(TableSpec<?> table) {
    StringBuilder md =
        new StringBuilder("# ")
            .append(table.name())
            .append("\n\n")
            .append(table.doc())
            .append("\n\n");
    md.append("| column | type | required | description |\n|---|---|---|---|\n");
    for (ColumnDefinition c : table.storedColumns()) {
      row(md, c, "");
    }
    for (ColumnDefinition key : Tables.PARTITION_KEYS) {
      row(md, key, " (partition key)");
    }
    return md.toString();
  }

  private static void row(StringBuilder md, ColumnDefinition c, String suffix) {
    md.append("| `")
        .append(c.name())
        .append("` | ")
        .append(c.type().glueType())
        .append(" | ")
        .append(c.nullable() ? "" : "yes")
        .append(" | ")
        .append(c.doc().replace("|", "\\|"))
        .append(suffix)
        .append(" |\n");
  }

  /** Writes the generated {@code glue/} folder's files under {@code folder}. */
  public static void write(Path folder) {
    write(folder, render());
  }

  /** Writes {@code files} (relative name → content) under {@code folder}. */
  public static void write(Path folder, Map<String, String> files) {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = folder.resolve(file.getKey());
      try {
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
      }
    }
  }

  /** {@code mvn -Pregen}: rewrites {@code glue/} from the declarations. */
  public static void main(String[] args) {
    Path folder = Path.of(args.length > 0 ? args[0] : "glue");
    write(folder);
    System.out.println("Wrote " + render().size() + " files to " + folder);
  }
}
