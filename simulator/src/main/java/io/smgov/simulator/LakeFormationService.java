package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS Lake Formation (REST-JSON, {@code POST /<Operation>}): the grants on the Glue catalog's
 * databases, tables and S3 locations, and their enforcement by the simulated Glue and Athena.
 *
 * <ul>
 *   <li>A table is governed by Lake Formation when no {@code IAM_ALLOWED_PRINCIPALS} grant is on
 *       it. A table gets that grant when it is created in a database whose {@code
 *       CreateTableDefaultPermissions} hold it, which is the default ("use only IAM access
 *       control"); a database created with an empty list makes its new tables governed, and
 *       revoking the grant from a table makes it governed.
 *   <li>The account's own credentials (not an assumed role) are the data lake administrator: they
 *       may do anything and grant anything. The creator of a database or table holds every
 *       permission on it, grantable.
 *   <li>On a governed table, Glue's {@code GetTable} needs a permission on it ({@code GetTables}
 *       leaves out the tables the caller holds none on), {@code UpdateTable} needs ALTER, {@code
 *       DeleteTable} DROP; {@code CreateTable} in a database whose new tables are governed needs
 *       CREATE_TABLE; an Athena query needs SELECT on every governed table it reads.
 * </ul>
 */
final class LakeFormationService {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String MODEL = "software.amazon.awssdk.services.lakeformation.model.";
  static final String IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS";
  private static final Set<String> TABLE_PERMISSIONS =
      Set.of("ALL", "ALTER", "DELETE", "DESCRIBE", "DROP", "INSERT", "SELECT");
  private static final Set<String> DATABASE_PERMISSIONS =
      Set.of("ALL", "ALTER", "CREATE_TABLE", "DESCRIBE", "DROP");

  /** One permission of one principal on one resource ("db/x", "table/x/y", "table/x/*"). */
  private record Grant(String principal, String resource, String permission, boolean grantable) {}

  /** account → grants; account → registered S3 locations (s3 ARNs). */
  private final Map<String, Set<Grant>> grants = new ConcurrentHashMap<>();

  private final Map<String, Set<String>> locations = new ConcurrentHashMap<>();

  /** Accounts where some table was created or made governed: the only ones checks apply to. */
  private final Set<String> governing = ConcurrentHashMap.newKeySet();

  /** The catalog the grants are on (set once, by the simulator: each refers to the other). */
  private volatile GlueService glue;

  void glue(GlueService catalog) {
    this.glue = catalog;
  }

  /** Who may act as whom: an assumed role's session acts as its role. */
  static String principal(SimRequest.Caller caller) {
    return caller.role() == null
        ? "arn:aws:iam::" + caller.account() + ":user/smgov-caller"
        : "arn:aws:iam::" + caller.account() + ":role/" + caller.role();
  }

  private static boolean admin(SimRequest.Caller caller) {
    return caller.role() == null;
  }

  private Set<Grant> grants(String account) {
    return grants.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet());
  }

  static String databaseKey(String database) {
    return "db/" + database.toLowerCase(Locale.ROOT);
  }

  static String tableKey(String database, String table) {
    return "table/" + database.toLowerCase(Locale.ROOT) + "/" + table.toLowerCase(Locale.ROOT);
  }

  // ---- what Glue tells it ----

  /** A database was created: its creator holds everything on it. */
  synchronized void databaseCreated(SimRequest.Caller caller, String database) {
    grants(caller.account()).add(new Grant(principal(caller), databaseKey(database), "ALL", true));
  }

  /**
   * A table was created: its creator holds everything on it, and the database's default permissions
   * are granted on it (IAM_ALLOWED_PRINCIPALS, unless the database says otherwise).
   */
  synchronized void tableCreated(
      SimRequest.Caller caller, String database, String table, JsonNode defaultPermissions) {
    Set<Grant> all = grants(caller.account());
    all.add(new Grant(principal(caller), tableKey(database, table), "ALL", true));
    if (governed(defaultPermissions)) {
      governing.add(caller.account());
    }
    for (JsonNode entry : defaultPermissions) {
      String principal = entry.path("Principal").path("DataLakePrincipalIdentifier").asText();
      for (JsonNode permission : entry.path("Permissions")) {
        all.add(new Grant(principal, tableKey(database, table), permission.asText(), false));
      }
    }
  }

  /** A table or database was deleted: its grants go with it. */
  synchronized void dropped(String account, String resourceKey) {
    grants(account).removeIf(g -> g.resource().equals(resourceKey));
  }

  /** A database was deleted: its grants and those of its tables go with it. */
  synchronized void droppedDatabase(String account, String database) {
    String db = databaseKey(database);
    String tables = "table/" + database.toLowerCase(Locale.ROOT) + "/";
    grants(account).removeIf(g -> g.resource().equals(db) || g.resource().startsWith(tables));
  }

  /** Athena created a view for {@code caller}: the caller is its creator. */
  synchronized void createdBy(SimRequest.Caller caller, String database, String table) {
    if (database != null) {
      grants(caller.account())
          .add(new Grant(principal(caller), tableKey(database, table), "ALL", true));
    }
  }

  synchronized boolean governed(String account, String database, String table) {
    return grants(account).stream()
        .noneMatch(
            g ->
                g.principal().equals(IAM_ALLOWED_PRINCIPALS)
                    && g.resource().equals(tableKey(database, table)));
  }

  /**
   * Whether the caller holds {@code permission} (or ALL) on a resource, directly or by wildcard.
   */
  synchronized boolean holds(SimRequest.Caller caller, String resourceKey, String permission) {
    if (admin(caller)) {
      return true;
    }
    String principal = principal(caller);
    String wildcard =
        resourceKey.startsWith("table/")
            ? resourceKey.substring(0, resourceKey.lastIndexOf('/')) + "/*"
            : resourceKey;
    return grants(caller.account()).stream()
        .anyMatch(
            g ->
                g.principal().equals(principal)
                    && (g.resource().equals(resourceKey) || g.resource().equals(wildcard))
                    && (permission == null
                        || g.permission().equals(permission)
                        || g.permission().equals("ALL")));
  }

  /** Refuses the caller unless the table is not governed or the caller holds the permission. */
  void check(SimRequest.Caller caller, String database, String table, String permission) {
    if (governed(caller.account(), database, table)
        && !holds(caller, tableKey(database, table), permission)) {
      throw denied(database + "." + table);
    }
  }

  /** Refuses a CreateTable in a database whose new tables are governed, without CREATE_TABLE. */
  void checkCreate(SimRequest.Caller caller, String database, JsonNode defaultPermissions) {
    if (governed(defaultPermissions) && !holds(caller, databaseKey(database), "CREATE_TABLE")) {
      throw denied(database);
    }
  }

  /**
   * Whether a database's new tables are governed: its defaults grant IAM_ALLOWED_PRINCIPALS
   * nothing.
   */
  private static boolean governed(JsonNode defaultPermissions) {
    for (JsonNode entry : defaultPermissions) {
      if (IAM_ALLOWED_PRINCIPALS.equals(
          entry.path("Principal").path("DataLakePrincipalIdentifier").asText())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether any table of the account may be governed (one was created governed, or had its IAM-only
   * grant revoked); without one, no query needs checking.
   */
  boolean governsAny(String account) {
    return governing.contains(account);
  }

  static ApiException denied(String resource) {
    return new ApiException(
        400, "AccessDeniedException", "Insufficient Lake Formation permission(s) on " + resource);
  }

  // ---- the Lake Formation API ----

  ObjectNode handle(String operation, SimRequest request) {
    checkAgainstModel(operation, request);
    switch (operation) {
      case "RegisterResource":
        return register(request);
      case "GrantPermissions":
        return grant(request, true);
      case "RevokePermissions":
        return grant(request, false);
      case "ListPermissions":
        return list(request);
      default:
        throw new ApiException(
            400,
            "InvalidInputException",
            "The simulator does not serve Lake Formation " + operation);
    }
  }

  private static void checkAgainstModel(String operation, SimRequest request) {
    List<String> problems = request.problemsAgainstModel(MODEL, operation);
    if (!problems.isEmpty()) {
      throw invalid(String.join("; ", problems));
    }
  }

  private synchronized ObjectNode register(SimRequest request) {
    if (!admin(request.caller())) {
      throw new ApiException(
          400,
          "AccessDeniedException",
          principal(request.caller()) + " is not a data lake administrator");
    }
    String arn = request.requiredText("ResourceArn");
    if (!arn.startsWith("arn:aws:s3:::")) {
      throw invalid("ResourceArn must be an Amazon S3 location (arn:aws:s3:::bucket/prefix)");
    }
    boolean serviceLinked = request.json().path("UseServiceLinkedRole").asBoolean(false);
    if (!serviceLinked && request.text("RoleArn").isEmpty()) {
      throw invalid("Either UseServiceLinkedRole must be true or a RoleArn must be given");
    }
    if (!locations
        .computeIfAbsent(request.caller().account(), a -> ConcurrentHashMap.newKeySet())
        .add(stripSlash(arn))) {
      throw new ApiException(400, "AlreadyExistsException", "Resource is already registered");
    }
    return NODES.objectNode();
  }

  private static String stripSlash(String arn) {
    return arn.endsWith("/") ? arn.substring(0, arn.length() - 1) : arn;
  }

  /** The grants a request's Resource names: its key and the permissions it may carry. */
  private record Target(String key, Set<String> allowed, String describe) {}

  private Target target(SimRequest request, JsonNode resource) {
    String account = request.caller().account();
    JsonNode table = resource.path("Table");
    JsonNode database = resource.path("Database");
    JsonNode location = resource.path("DataLocation");
    if (table.isObject()) {
      String db = table.path("DatabaseName").asText();
      glue.requireDatabase(account, db);
      if (table.has("TableWildcard")) {
        return new Target(
            "table/" + db.toLowerCase(Locale.ROOT) + "/*", TABLE_PERMISSIONS, db + ".*");
      }
      String name = table.path("Name").asText();
      if (glue.findTable(account, db, name).isEmpty()) {
        throw new ApiException(400, "EntityNotFoundException", "Table " + name + " not found.");
      }
      return new Target(tableKey(db, name), TABLE_PERMISSIONS, db + "." + name);
    }
    if (database.isObject()) {
      String db = database.path("Name").asText();
      glue.requireDatabase(account, db);
      return new Target(databaseKey(db), DATABASE_PERMISSIONS, db);
    }
    if (location.isObject()) {
      String arn = stripSlash(location.path("ResourceArn").asText());
      boolean registered =
          locations.getOrDefault(account, Set.of()).stream()
              .anyMatch(l -> arn.equals(l) || arn.startsWith(l + "/"));
      if (!registered) {
        throw invalid("The location " + arn + " is not registered with Lake Formation");
      }
      return new Target("location/" + arn, Set.of("DATA_LOCATION_ACCESS"), arn);
    }
    throw invalid("Resource must name a Database, a Table or a DataLocation");
  }

  private synchronized ObjectNode grant(SimRequest request, boolean add) {
    String principal = request.member("Principal").path("DataLakePrincipalIdentifier").asText("");
    if (principal.isEmpty()) {
      throw invalid("Principal.DataLakePrincipalIdentifier is required");
    }
    Target target = target(request, request.member("Resource"));
    Set<String> permissions = new LinkedHashSet<>();
    request.member("Permissions").forEach(p -> permissions.add(p.asText()));
    Set<String> grantable = new LinkedHashSet<>();
    request.member("PermissionsWithGrantOption").forEach(p -> grantable.add(p.asText()));
    if (permissions.isEmpty()) {
      throw invalid("Permissions must name at least one permission");
    }
    for (String permission : permissions) {
      if (!target.allowed().contains(permission)) {
        throw invalid(
            "Permission "
                + permission
                + " does not apply to "
                + target.describe()
                + " (it takes "
                + new TreeSet<>(target.allowed())
                + ")");
      }
    }
    SimRequest.Caller caller = request.caller();
    for (String permission : permissions) {
      if (!admin(caller) && !grantableBy(caller, target.key(), permission)) {
        throw new ApiException(
            400,
            "AccessDeniedException",
            "Insufficient Lake Formation permission(s): "
                + principal(caller)
                + " may not grant "
                + permission
                + " on "
                + target.describe());
      }
    }
    Set<Grant> all = grants(caller.account());
    for (String permission : permissions) {
      Grant grant = new Grant(principal, target.key(), permission, grantable.contains(permission));
      if (add) {
        all.removeIf(
            g ->
                g.principal().equals(principal)
                    && g.resource().equals(target.key())
                    && g.permission().equals(permission));
        all.add(grant);
      } else {
        all.removeIf(
            g ->
                g.principal().equals(principal)
                    && g.resource().equals(target.key())
                    && g.permission().equals(permission));
        if (principal.equals(IAM_ALLOWED_PRINCIPALS)) {
          governing.add(caller.account());
        }
      }
    }
    return NODES.objectNode();
  }

  private boolean grantableBy(SimRequest.Caller caller, String key, String permission) {
    String principal = principal(caller);
    return grants(caller.account()).stream()
        .anyMatch(
            g ->
                g.principal().equals(principal)
                    && g.resource().equals(key)
                    && g.grantable()
                    && (g.permission().equals(permission) || g.permission().equals("ALL")));
  }

  private synchronized ObjectNode list(SimRequest request) {
    String account = request.caller().account();
    Optional<String> principal =
        Optional.ofNullable(request.member("Principal"))
            .map(p -> p.path("DataLakePrincipalIdentifier").asText(null));
    JsonNode resource = request.member("Resource");
    Optional<String> key = Optional.empty();
    if (resource != null && resource.isObject() && resource.size() > 0) {
      key = Optional.of(target(request, resource).key());
    }
    ObjectNode body = NODES.objectNode();
    ArrayNode out = body.putArray("PrincipalResourcePermissions");
    Map<String, List<Grant>> byPrincipalAndResource = new TreeMap<>();
    SimRequest.Caller caller = request.caller();
    String self = principal(caller);
    for (Grant g : grants(account)) {
      if (principal.isPresent() && !principal.get().equals(g.principal())) {
        continue;
      }
      // Filtered by the caller's permissions: an administrator sees every grant, anyone else
      // the grants on what it may grant on, and its own.
      if (!admin(caller)
          && !g.principal().equals(self)
          && !grantableBy(caller, g.resource(), g.permission())) {
        continue;
      }
      if (key.isPresent() && !key.get().equals(g.resource())) {
        continue;
      }
      byPrincipalAndResource
          .computeIfAbsent(g.principal() + " " + g.resource(), k -> new ArrayList<>())
          .add(g);
    }
    for (List<Grant> group : byPrincipalAndResource.values()) {
      ObjectNode entry = out.addObject();
      entry.putObject("Principal").put("DataLakePrincipalIdentifier", group.get(0).principal());
      entry.set("Resource", resourceNode(account, group.get(0).resource()));
      ArrayNode permissions = entry.putArray("Permissions");
      ArrayNode withGrant = entry.putArray("PermissionsWithGrantOption");
      group.stream().map(Grant::permission).sorted().forEach(permissions::add);
      group.stream()
          .filter(Grant::grantable)
          .map(Grant::permission)
          .sorted()
          .forEach(withGrant::add);
    }
    return body;
  }

  private static ObjectNode resourceNode(String account, String key) {
    ObjectNode resource = NODES.objectNode();
    String[] parts = key.split("/", 3);
    switch (parts[0]) {
      case "db":
        resource.putObject("Database").put("CatalogId", account).put("Name", parts[1]);
        break;
      case "table":
        ObjectNode table =
            resource.putObject("Table").put("CatalogId", account).put("DatabaseName", parts[1]);
        if (parts[2].equals("*")) {
          table.putObject("TableWildcard");
        } else {
          table.put("Name", parts[2]);
        }
        break;
      default:
        resource
            .putObject("DataLocation")
            .put("CatalogId", account)
            .put("ResourceArn", key.substring("location/".length()));
    }
    return resource;
  }

  private static ApiException invalid(String message) {
    return new ApiException(400, "InvalidInputException", message);
  }
}
