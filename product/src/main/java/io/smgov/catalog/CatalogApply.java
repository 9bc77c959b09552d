package io.smgov.catalog;

import io.smgov.aws.SdkPojos;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import io.smgov.views.Policy;
import io.smgov.views.ViewCatalog;
import io.smgov.wire.SdkJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Keeps a Glue database in step with the table declarations and the sql/ views, idempotently:
 * create what is missing, update what differs (keeping parameters others added), leave the rest. A
 * view is (re)created through Athena only when its rendered DDL changed: its Glue table carries the
 * DDL's SHA-256 in {@link #VIEW_HASH}.
 */
public final class CatalogApply {
  /** The Glue parameter of a view table that records which DDL created it. */
  public static final String VIEW_HASH = "smgov.view_sha256";

  private static final String REGIONS = "projection.region.values";
  private static final String DATE_RANGE = "projection.snapshot_date.range";

  private final GlueClient glue;
  private final Consumer<String> progress;

  public CatalogApply(GlueClient glue, Consumer<String> progress) {
    this.glue = glue;
    this.progress = progress;
  }

  /** What happened to one catalog object. */
  public record Change(String object, String action) {}

  /** A catalog object could not be created or updated; the message names it. */
  public static final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public Change ensureDatabase(String database) {
    return ensureDatabase(database, false);
  }

  /**
   * As {@link #ensureDatabase(String)}; with {@code lakeFormation}, a database it creates gives its
   * new tables no IAM-only grant, so Lake Formation's grants govern them from the start.
   */
  public Change ensureDatabase(String database, boolean lakeFormation) {
    try {
      glue.getDatabase(r -> r.name(database));
      return new Change("database " + database, "unchanged");
    } catch (EntityNotFoundException missing) {
      try {
        glue.createDatabase(
            r ->
                r.databaseInput(
                    d ->
                        d.name(database)
                            .description("SageMaker Model Registry governance warehouse (smgov)")
                            .applyMutation(
                                b -> {
                                  if (lakeFormation) {
                                    b.createTableDefaultPermissions(List.of());
                                  }
                                })));
      } catch (GlueException e) {
        throw new CatalogException(
            "Cannot create Glue database " + database + ": " + message(e), e);
      }
      progress.accept("created Glue database " + database);
      return new Change("database " + database, "created");
    }
  }

  /**
   * Every declared table, with partition projection over {@code warehouse} (s3://bucket/prefix):
   * the region enum lists the regions given plus those the table already lists, and the date range
   * starts at {@code firstSnapshotDate} or the table's earlier start.
   */
  public List<Change> applyTables(
      String database, String warehouse, Set<String> regions, LocalDate firstSnapshotDate) {
    if (regions.isEmpty()) {
      // An enum projection with no value leaves Athena nothing to read: every query would return
      // no rows, or fail, long after this apply said it was done.
      throw new IllegalArgumentException(
          "partition projection needs at least one region: the warehouse holds no export yet and"
              + " --regions names none; run smgov export first, or pass --regions eu-west-1,...");
    }
    List<Change> changes = new ArrayList<>();
    for (TableSpec<?> spec : Tables.ALL) {
      changes.add(
          applyTable(
              database,
              GlueTableInputs.of(
                  spec,
                  warehouse,
                  String.join(",", new TreeSet<>(regions)),
                  firstSnapshotDate.toString())));
    }
    return changes;
  }

  /** One table: create it, or update it in place when it differs from {@code desired}. */
  public Change applyTable(String database, TableInput desired) {
    String name = desired.name();
    Optional<Table> existing = table(database, name);
    if (existing.isEmpty()) {
      try {
        glue.createTable(r -> r.databaseName(database).tableInput(desired));
      } catch (GlueException e) {
        throw new CatalogException(
            "Cannot create Glue table " + database + "." + name + ": " + message(e), e);
      }
      progress.accept("created table " + name);
      return new Change("table " + name, "created");
    }
    TableInput current = SdkPojos.copy(existing.get(), TableInput.class);
    TableInput merged = merge(current, desired);
    if (SdkJson.toJson(merged).equals(SdkJson.toJson(current))) {
      return new Change("table " + name, "unchanged");
    }
    try {
      glue.updateTable(
          r -> r.databaseName(database).tableInput(merged).versionId(existing.get().versionId()));
    } catch (GlueException e) {
      throw new CatalogException(
          "Cannot update Glue table " + database + "." + name + ": " + message(e), e);
    }
    progress.accept("updated table " + name);
    return new Change("table " + name, "updated");
  }

  /**
   * The desired definition, keeping what is not ours: parameters another tool set, and regions the
   * table's enum already lists (a reader must never lose a region that has data).
   */
  static TableInput merge(TableInput current, TableInput desired) {
    Map<String, String> parameters =
        new LinkedHashMap<>(current.hasParameters() ? current.parameters() : Map.of());
    parameters.putAll(desired.parameters());
    Set<String> regions = new TreeSet<>();
    for (String source :
        List.of(
            current.parameters().getOrDefault(REGIONS, ""),
            desired.parameters().getOrDefault(REGIONS, ""))) {
      Arrays.stream(source.split(","))
          .map(String::trim)
          .filter(r -> !r.isEmpty())
          .forEach(regions::add);
    }
    parameters.put(REGIONS, String.join(",", regions));
    String currentRange = current.parameters().get(DATE_RANGE);
    String desiredRange = desired.parameters().get(DATE_RANGE);
    if (currentRange != null
        && desiredRange != null
        && currentRange.compareTo(desiredRange) < 0
        && currentRange.matches("\\d{4}-\\d{2}-\\d{2},NOW")) {
      parameters.put(DATE_RANGE, currentRange); // never hide older snapshots
    }
    return desired.toBuilder().parameters(parameters).build();
  }

  /** The regions a table's projection lists now (empty when the table does not exist). */
  public Set<String> regionsOf(String database, String table) {
    Set<String> regions = new TreeSet<>();
    table(database, table)
        .ifPresent(
            t ->
                Arrays.stream(t.parameters().getOrDefault(REGIONS, "").split(","))
                    .map(String::trim)
                    .filter(r -> !r.isEmpty())
                    .forEach(regions::add));
    return regions;
  }

  /**
   * Adds regions to every table's projection enum (export calls this when it writes a region the
   * catalog does not list yet); tables are otherwise left as they are.
   */
  public List<Change> addRegions(String database, Set<String> regions) {
    List<Change> changes = new ArrayList<>();
    for (TableSpec<?> spec : Tables.ALL) {
      Optional<Table> existing = table(database, spec.name());
      if (existing.isEmpty()) {
        continue;
      }
      Set<String> listed = regionsOf(database, spec.name());
      if (listed.containsAll(regions)) {
        continue;
      }
      TableInput current = SdkPojos.copy(existing.get(), TableInput.class);
      Set<String> all = new TreeSet<>(listed);
      all.addAll(regions);
      Map<String, String> parameters = new LinkedHashMap<>(current.parameters());
      parameters.put(REGIONS, String.join(",", all));
      TableInput updated = current.toBuilder().parameters(parameters).build();
      try {
        glue.updateTable(
            r ->
                r.databaseName(database).tableInput(updated).versionId(existing.get().versionId()));
      } catch (GlueException e) {
        throw new CatalogException(
            "Cannot add regions to Glue table " + database + "." + spec.name() + ": " + message(e),
            e);
      }
      progress.accept(
          "added " + String.join(",", regions) + " to the region enum of " + spec.name());
      changes.add(new Change("table " + spec.name(), "updated"));
    }
    return changes;
  }

  /**
   * Creates or replaces every view, in the manifest's order, through Athena: only those whose
   * rendered DDL differs from the one that created them. Stops at the first failure and names it.
   */
  public List<Change> applyViews(String database, Policy policy, AthenaQueries athena)
      throws InterruptedException {
    return applyViews(database, policy, athena, ViewCatalog.load().views());
  }

  /** As {@link #applyViews(String, Policy, AthenaQueries)}, for these views in this order. */
  public List<Change> applyViews(
      String database, Policy policy, AthenaQueries athena, List<ViewCatalog.View> views)
      throws InterruptedException {
    List<Change> changes = new ArrayList<>();
    // Athena freezes a view's column types when it is created: a view over one that was just
    // replaced is stale (VIEW_IS_STALE at its next query) until it is created again, so every view
    // downstream of a replaced one is replaced too, in the manifest's order.
    Set<String> replaced = new HashSet<>();
    // A view's recorded hash covers its upstream views' hashes too: an upstream change changes
    // every downstream hash, so a run that stopped part-way replaces the rest next time.
    Map<String, String> hashes = viewHashes(database, policy, views);
    for (ViewCatalog.View view : views) {
      String ddl = view.render(database, policy);
      String hash = hashes.get(view.name());
      Optional<Table> existing = table(database, view.name());
      Optional<String> upstream = view.views().stream().filter(replaced::contains).findFirst();
      if (existing.isPresent()
          && hash.equals(existing.get().parameters().get(VIEW_HASH))
          && upstream.isEmpty()) {
        changes.add(new Change("view " + view.name(), "unchanged"));
        continue;
      }
      try {
        athena.execute(ddl);
      } catch (AthenaQueries.QueryFailedException e) {
        throw new CatalogException(
            "Cannot create view "
                + view.name()
                + " in "
                + database
                + ": Athena says "
                + e.getMessage(),
            e);
      }
      markView(database, view.name(), hash);
      replaced.add(view.name());
      progress.accept(
          (existing.isPresent() ? "replaced" : "created")
              + " view "
              + view.name()
              + upstream.map(u -> " (its upstream view " + u + " was replaced)").orElse(""));
      changes.add(new Change("view " + view.name(), existing.isPresent() ? "updated" : "created"));
    }
    return changes;
  }

  /**
   * Each view's recorded hash ({@code smgov.view_sha256}): its rendered DDL's SHA-256 chained with
   * its upstream views' hashes, so an upstream change changes every downstream hash and a run that
   * stopped part-way replaces the rest next time. {@code catalog render} writes the same hash into
   * the views' TableInputs, so a view created from them is not replaced by the next apply.
   */
  public static Map<String, String> viewHashes(
      String database, Policy policy, List<ViewCatalog.View> views) {
    Map<String, String> hashes = new HashMap<>();
    for (ViewCatalog.View view : views) {
      StringBuilder chained = new StringBuilder(view.render(database, policy));
      view.views().forEach(u -> chained.append('\n').append(hashes.getOrDefault(u, "")));
      hashes.put(view.name(), sha256(chained.toString()));
    }
    return hashes;
  }

  private void markView(String database, String name, String hash) {
    Table created =
        table(database, name)
            .orElseThrow(
                () ->
                    new CatalogException(
                        "Athena created view " + name + " but Glue does not show it", null));
    TableInput input = SdkPojos.copy(created, TableInput.class);
    Map<String, String> parameters =
        new LinkedHashMap<>(input.hasParameters() ? input.parameters() : Map.of());
    parameters.put(VIEW_HASH, hash);
    glue.updateTable(
        r ->
            r.databaseName(database)
                .tableInput(input.toBuilder().parameters(parameters).build())
                .versionId(created.versionId()));
  }

  private Optional<Table> table(String database, String name) {
    try {
      return Optional.of(glue.getTable(r -> r.databaseName(database).name(name)).table());
    } catch (EntityNotFoundException e) {
      return Optional.empty();
    }
  }

  private static String message(GlueException e) {
    return e.awsErrorDetails() == null
        ? e.getMessage()
        : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
