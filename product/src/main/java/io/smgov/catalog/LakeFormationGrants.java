package io.smgov.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.DatabaseInput;
import software.amazon.awssdk.services.glue.model.GlueException;
import software.amazon.awssdk.services.glue.model.PrincipalPermissions;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.DataLakePrincipal;
import software.amazon.awssdk.services.lakeformation.model.LakeFormationException;
import software.amazon.awssdk.services.lakeformation.model.Permission;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.Resource;

/**
 * The Glue database under AWS Lake Formation: its tables and views governed by Lake Formation
 * grants instead of IAM alone, and the readers granted what a query needs, idempotently.
 *
 * <ul>
 *   <li>{@link #govern}: new tables of the database get no {@code IAM_ALLOWED_PRINCIPALS} grant
 *       (its {@code CreateTableDefaultPermissions} emptied), and that grant is revoked from the
 *       tables and views that have it. Until then Lake Formation grants have no effect on them.
 *   <li>{@link #grantReaders}: each reader gets DESCRIBE on the database and SELECT and DESCRIBE on
 *       each table and view in it, by name (the creator of a table may grant on it). Athena views
 *       run with the caller's permissions, so a view needs its tables granted too; every one is.
 * </ul>
 *
 * The role running it must be a data lake administrator or the creator of the database and its
 * tables (the job role is: {@code catalog apply} created them). Whoever reads the data through
 * Athena also needs {@code lakeformation:GetDataAccess} in IAM; the job stack grants it.
 */
public final class LakeFormationGrants {
  /** Lake Formation's name for "IAM policies alone decide". */
  public static final String IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS";

  /**
   * An IAM role or user, or a QuickSight user or group: the principals Lake Formation grants to.
   */
  private static final Pattern PRINCIPAL =
      Pattern.compile(
          "arn:aws[a-z-]*:(iam::\\d{12}:(role|user)/.+|quicksight:[a-z0-9-]+:\\d{12}:(user|group)/.+)");

  private static final Set<Permission> READ = Set.of(Permission.SELECT, Permission.DESCRIBE);

  private final LakeFormationClient lakeFormation;
  private final GlueClient glue;
  private final Consumer<String> progress;

  public LakeFormationGrants(
      LakeFormationClient lakeFormation, GlueClient glue, Consumer<String> progress) {
    this.lakeFormation = lakeFormation;
    this.glue = glue;
    this.progress = progress;
  }

  /** The readers that are not principals Lake Formation can grant to, with why; empty if none. */
  public static List<String> invalidReaders(List<String> readers) {
    List<String> bad = new ArrayList<>();
    for (String reader : readers) {
      if (!PRINCIPAL.matcher(reader).matches()) {
        bad.add(reader);
      }
    }
    return bad;
  }

  /** Puts the database's tables and views under Lake Formation's grants. */
  public List<CatalogApply.Change> govern(String database) {
    List<CatalogApply.Change> changes = new ArrayList<>();
    try {
      Database current = glue.getDatabase(r -> r.name(database)).database();
      List<PrincipalPermissions> defaults =
          new ArrayList<>(current.createTableDefaultPermissions());
      if (defaults.removeIf(
          p -> IAM_ALLOWED_PRINCIPALS.equals(p.principal().dataLakePrincipalIdentifier()))) {
        // Everything else the database holds stays as it is.
        DatabaseInput input =
            DatabaseInput.builder()
                .name(current.name())
                .description(current.description())
                .locationUri(current.locationUri())
                .parameters(current.parameters())
                .targetDatabase(current.targetDatabase())
                .federatedDatabase(current.federatedDatabase())
                .createTableDefaultPermissions(defaults)
                .build();
        glue.updateDatabase(r -> r.name(database).databaseInput(input));
        progress.accept("new tables of " + database + " are governed by Lake Formation");
        changes.add(
            new CatalogApply.Change("database " + database + " (Lake Formation)", "updated"));
      }
      for (Table table : tables(database)) {
        Resource resource = onTable(database, table.name());
        Set<Permission> held = permissions(IAM_ALLOWED_PRINCIPALS, resource);
        if (!held.isEmpty()) {
          // Exactly what is held: Lake Formation refuses to revoke a permission not granted.
          lakeFormation.revokePermissions(
              r ->
                  r.principal(p -> p.dataLakePrincipalIdentifier(IAM_ALLOWED_PRINCIPALS))
                      .resource(resource)
                      .permissions(held));
          progress.accept("revoked IAM-only access to " + database + "." + table.name());
          changes.add(
              new CatalogApply.Change(
                  "table " + database + "." + table.name() + " (Lake Formation)", "updated"));
        }
      }
    } catch (GlueException | LakeFormationException e) {
      throw new CatalogApply.CatalogException(
          "Cannot put Glue database " + database + " under Lake Formation: " + message(e), e);
    }
    return changes;
  }

  private List<Table> tables(String database) {
    List<Table> tables = new ArrayList<>();
    glue.getTablesPaginator(r -> r.databaseName(database))
        .forEach(page -> tables.addAll(page.tableList()));
    return tables;
  }

  private static Resource onTable(String database, String table) {
    return Resource.builder().table(t -> t.databaseName(database).name(table)).build();
  }

  /**
   * Grants each reader DESCRIBE on the database and SELECT, DESCRIBE on each of its tables and
   * views, by name: the creator of a table may grant on it, not on a wildcard. A table added later
   * is granted by the apply that creates it.
   */
  public List<CatalogApply.Change> grantReaders(String database, List<String> readers) {
    List<CatalogApply.Change> changes = new ArrayList<>();
    if (readers.isEmpty()) {
      return changes;
    }
    Resource onDatabase = Resource.builder().database(d -> d.name(database)).build();
    List<Table> tables;
    try {
      tables = tables(database);
    } catch (GlueException e) {
      throw new CatalogApply.CatalogException(
          "Cannot list the tables of " + database + ": " + message(e), e);
    }
    for (String reader : readers) {
      changes.add(grant(reader, onDatabase, Set.of(Permission.DESCRIBE), "database " + database));
      for (Table table : tables) {
        changes.add(
            grant(reader, onTable(database, table.name()), READ, database + "." + table.name()));
      }
    }
    return changes;
  }

  private CatalogApply.Change grant(
      String principal, Resource resource, Set<Permission> wanted, String what) {
    String object = "Lake Formation grant to " + principal + " on " + what;
    try {
      Set<Permission> missing = new TreeSet<>(wanted);
      missing.removeAll(permissions(principal, resource));
      if (missing.isEmpty()) {
        return new CatalogApply.Change(object, "unchanged");
      }
      lakeFormation.grantPermissions(
          r ->
              r.principal(
                      DataLakePrincipal.builder().dataLakePrincipalIdentifier(principal).build())
                  .resource(resource)
                  .permissions(missing));
      progress.accept("granted " + missing + " to " + principal + " on " + what);
      return new CatalogApply.Change(object, "created");
    } catch (LakeFormationException e) {
      throw new CatalogApply.CatalogException("Cannot grant " + object + ": " + message(e), e);
    }
  }

  /** What {@code principal} holds on exactly {@code resource}. */
  private Set<Permission> permissions(String principal, Resource resource) {
    Set<Permission> held = new LinkedHashSet<>();
    lakeFormation
        .listPermissionsPaginator(
            r -> r.principal(p -> p.dataLakePrincipalIdentifier(principal)).resource(resource))
        .forEach(
            page -> {
              for (PrincipalResourcePermissions entry : page.principalResourcePermissions()) {
                held.addAll(entry.permissions());
              }
            });
    return held;
  }

  private static String message(AwsServiceException e) {
    String text =
        e.awsErrorDetails() == null
            ? e.getMessage()
            : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    return e.statusCode() == 403
            || (e.awsErrorDetails() != null
                && "AccessDeniedException".equals(e.awsErrorDetails().errorCode()))
        ? text
            + " (run it as a data lake administrator or as the creator of the database and its"
            + " tables: the job role, with the stack's LakeFormation=true)"
        : text;
  }
}
