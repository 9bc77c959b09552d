package io.smgov.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smgov.views.ViewCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code quicksight/}: which QuickSight resources smgov manages ({@code manifest.yaml}) and the
 * analysis and dashboard definition ({@code definition.json}, the API's own shape with
 * placeholders). Loaded from the jar, checked against the views on load.
 */
public record QuickSightManifest(
    Resource dataSource,
    List<DataSet> dataSets,
    Schedule refreshSchedule,
    Resource rowLevelSecurity,
    Resource analysis,
    Resource dashboard,
    Permissions permissions,
    String definitionTemplate) {
  private static final String ROOT = "/quicksight/";

  /** An id (1–512 of letters, digits, '-' and '_') and a display name. */
  public record Resource(String id, String name) {}

  /**
   * A data set over one view. {@code identifier} is its DataSetIdentifier in the definition; {@code
   * rowLevelSecurity} the column the optional rules restrict rows by.
   */
  public record DataSet(
      String id, String name, String view, String identifier, Optional<String> rowLevelSecurity) {}

  /** The SPICE refresh schedule every SPICE data set gets. */
  public record Schedule(String id, String interval, String timeOfTheDay, String timezone) {}

  /** The QuickSight actions the principal is granted on each kind of resource. */
  public record Permissions(
      List<String> dataSource,
      List<String> dataSet,
      List<String> analysis,
      List<String> dashboard) {}

  public static QuickSightManifest load() {
    JsonNode manifest;
    try (InputStream in = resource("manifest.yaml")) {
      manifest = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read quicksight/manifest.yaml: " + e.getMessage(), e);
    }
    String definition;
    try (InputStream in = resource("definition.json")) {
      definition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read quicksight/definition.json: " + e.getMessage(), e);
    }
    List<DataSet> dataSets = new ArrayList<>();
    for (JsonNode d : manifest.path("dataSets")) {
      dataSets.add(
          new DataSet(
              d.path("id").asText(),
              d.path("name").asText(),
              d.path("view").asText(),
              d.path("identifier").asText(),
              Optional.ofNullable(d.path("rowLevelSecurity").textValue())));
    }
    JsonNode schedule = manifest.path("refreshSchedule");
    JsonNode permissions = manifest.path("permissions");
    QuickSightManifest loaded =
        new QuickSightManifest(
            resourceOf(manifest.path("dataSource")),
            List.copyOf(dataSets),
            new Schedule(
                schedule.path("id").asText(),
                schedule.path("interval").asText(),
                schedule.path("timeOfTheDay").asText(),
                schedule.path("timezone").asText()),
            resourceOf(manifest.path("rowLevelSecurity")),
            resourceOf(manifest.path("analysis")),
            resourceOf(manifest.path("dashboard")),
            new Permissions(
                actions(permissions.path("dataSource")),
                actions(permissions.path("dataSet")),
                actions(permissions.path("analysis")),
                actions(permissions.path("dashboard"))),
            definition);
    loaded.check(ViewCatalog.load());
    return loaded;
  }

  /** The data set {@code identifier} names in the definition. */
  public Optional<DataSet> byIdentifier(String identifier) {
    return dataSets.stream().filter(d -> d.identifier().equals(identifier)).findFirst();
  }

  /** Every data set names a view that exists; ids and identifiers are unique and well-formed. */
  void check(ViewCatalog views) {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> identifiers = new HashSet<>();
    for (Resource resource : List.of(dataSource, rowLevelSecurity, analysis, dashboard)) {
      checkId(resource.id(), problems);
    }
    for (DataSet dataSet : dataSets) {
      checkId(dataSet.id(), problems);
      if (!ids.add(dataSet.id())) {
        problems.add("data set id " + dataSet.id() + " is listed twice");
      }
      if (!identifiers.add(dataSet.identifier())) {
        problems.add("data set identifier " + dataSet.identifier() + " is listed twice");
      }
      Optional<ViewCatalog.View> view =
          views.views().stream().filter(v -> v.name().equals(dataSet.view())).findFirst();
      if (view.isEmpty()) {
        problems.add(
            "data set "
                + dataSet.id()
                + " reads view "
                + dataSet.view()
                + ", which sql/manifest.yaml does not declare");
      } else if (dataSet.rowLevelSecurity().isPresent()
          && view.get().column(dataSet.rowLevelSecurity().get()).isEmpty()) {
        problems.add(
            "data set "
                + dataSet.id()
                + ": rowLevelSecurity column "
                + dataSet.rowLevelSecurity().get()
                + " is not a column of "
                + dataSet.view());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("quicksight/manifest.yaml: " + String.join("; ", problems));
    }
  }

  private static void checkId(String id, List<String> problems) {
    if (!id.matches("[\\w-]{1,512}")) {
      problems.add("'" + id + "' is not a QuickSight id (letters, digits, '-' and '_')");
    }
  }

  private static Resource resourceOf(JsonNode node) {
    return new Resource(node.path("id").asText(), node.path("name").asText());
  }

  private static List<String> actions(JsonNode list) {
    List<String> actions = new ArrayList<>();
    list.forEach(a -> actions.add("quicksight:" + a.asText()));
    return List.copyOf(actions);
  }

  private static InputStream resource(String path) throws IOException {
    InputStream in = QuickSightManifest.class.getResourceAsStream(ROOT + path);
    if (in == null) {
      throw new IOException("not on the classpath (is quicksight/ packaged?)");
    }
    return in;
  }
}
