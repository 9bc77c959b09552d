package io.smgov.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.config.ConfigException;
import io.smgov.config.ExportConfigBuilder;
import io.smgov.config.Shard;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.S3Warehouse;
import io.smgov.sink.Warehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.source.Accounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The accounts of an export, and how a fanned-out export splits them into shards. {@code smgov
 * plan} discovers the accounts once and writes the plan (JSON: the accounts, the shard count, and
 * each shard's accounts, for people to read); each shard task reads it back with {@code
 * --accounts-file} and keeps the accounts of its shard ({@link Shard}: a stable hash, so the split
 * needs no coordination and a rerun of a shard takes the same accounts).
 */
public record AccountPlan(List<String> accounts, int shards) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a plan file says it is. */
  static final String FORMAT = "smgov-plan/1";

  public AccountPlan {
    accounts = List.copyOf(accounts);
    new Shard(0, shards); // checks the count
  }

  /** The accounts of shard {@code index}, in the plan's order. */
  public List<String> shard(int index) {
    Shard shard = new Shard(index, shards);
    return accounts.stream().filter(shard::contains).toList();
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("shards", shards);
    ArrayNode all = root.putArray("accounts");
    accounts.forEach(all::add);
    ArrayNode split = root.putArray("shardAccounts");
    for (int i = 0; i < shards; i++) {
      ArrayNode one = split.addArray();
      shard(i).forEach(one::add);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The accounts an export covers: the organization's active accounts ({@code org[:ou-…]}), the
   * listed ids (with a role to assume), or the caller's own account.
   */
  public static List<String> discover(
      AwsClients clients,
      Region home,
      ExportConfigBuilder.AccountScope scope,
      boolean assumesRole) {
    if (scope.organization()) {
      List<String> discovered =
          Accounts.active(clients.organizations(null), scope.organizationUnit());
      if (discovered.isEmpty()) {
        throw new ConfigException(
            List.of(
                "--accounts "
                    + (scope.organizationUnit().map(u -> "org:" + u).orElse("org"))
                    + ": the organization has no active accounts there"));
      }
      return discovered;
    }
    if (!scope.ids().isEmpty() && assumesRole) {
      return scope.ids();
    }
    String caller =
        clients.sts(home, clients.callerCredentials(), null).getCallerIdentity().account();
    if (scope.ids().isEmpty()) {
      return List.of(caller);
    }
    for (String account : scope.ids()) {
      if (!account.equals(caller)) {
        throw new ConfigException(
            List.of(
                "--accounts lists "
                    + account
                    + " but the credentials are account "
                    + caller
                    + ": give --role-name, the role to assume in each account"));
      }
    }
    return scope.ids();
  }

  /**
   * The account ids of an accounts file: an {@code smgov plan} output (its {@code accounts}), or
   * ids one per line (blank lines and {@code #} comments ignored).
   */
  public static List<String> parseAccounts(String text, String where) {
    List<String> accounts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String trimmed = text.strip();
    if (trimmed.startsWith("{")) {
      JsonNode root;
      try {
        root = JSON.readTree(trimmed);
      } catch (IOException e) {
        throw new ConfigException(
            List.of("--accounts-file " + where + ": not valid JSON (" + e.getMessage() + ")"));
      }
      JsonNode list = root.path("accounts");
      if (!FORMAT.equals(root.path("format").asText()) || !list.isArray()) {
        throw new ConfigException(
            List.of(
                "--accounts-file "
                    + where
                    + ": a JSON file must be an smgov plan (\"format\": \""
                    + FORMAT
                    + "\" and an \"accounts\" array); write one with smgov plan"));
      }
      list.forEach(node -> add(accounts, node.asText(), where, problems));
    } else {
      for (String line : trimmed.split("\\R")) {
        String id = line.replaceFirst("#.*", "").strip();
        if (!id.isEmpty()) {
          add(accounts, id, where, problems);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    if (accounts.isEmpty()) {
      throw new ConfigException(List.of("--accounts-file " + where + ": lists no account"));
    }
    return accounts;
  }

  /** The shard count a plan file was written for; empty for a list of ids. */
  public static Optional<Integer> shardsOf(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode shards = JSON.readTree(trimmed).path("shards");
      return shards.isInt() ? Optional.of(shards.asInt()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // parseAccounts names the problem
    }
  }

  private static void add(List<String> accounts, String id, String where, List<String> problems) {
    if (!ExportConfigBuilder.isAccountId(id)) {
      problems.add("--accounts-file " + where + ": '" + id + "' is not a 12-digit account id");
    } else if (!accounts.contains(id)) {
      accounts.add(id);
    }
  }

  /**
   * Reads the SageMaker hosting prices of {@code regions} into the warehouse when its own are
   * missing or older than 30 days, once for every shard of a fanned-out export (a shard never reads
   * them). Returns each region's price date, or null where none could be read.
   */
  public static Map<String, LocalDate> refreshPrices(
      AwsClients clients,
      ProgressLog log,
      String warehouse,
      Region home,
      Instant snapshotTime,
      List<String> regions) {
    WarehouseLocation location = WarehouseLocation.parse(warehouse);
    Warehouse store =
        location.isS3()
            ? new S3Warehouse(location, clients.warehouseS3(home, null))
            : new LocalWarehouse(location);
    Map<String, LocalDate> dates = new LinkedHashMap<>();
    new PriceBooks(clients, log)
        .books(
            store,
            home,
            LocalDate.ofInstant(snapshotTime, ZoneOffset.UTC),
            snapshotTime,
            regions,
            true)
        .forEach((region, book) -> dates.put(region, book.date()));
    return dates;
  }

  /** The text of a local file or an s3://bucket/key object (through the warehouse's S3 client). */
  public static String read(String location, AwsClients clients, Region home) {
    Optional<String[]> s3 = s3(location);
    try {
      if (s3.isPresent()) {
        // Plans live in the warehouse bucket (deploy/ writes them under _smgov-plan/).
        S3Client client = clients.warehouseS3(home, null);
        return client
            .getObjectAsBytes(r -> r.bucket(s3.get()[0]).key(s3.get()[1]))
            .asString(StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(location));
    } catch (IOException | SdkException e) {
      throw new ConfigException(
          List.of("--accounts-file " + location + ": cannot be read (" + e.getMessage() + ")"));
    }
  }

  /** Writes {@code text} to a local file or an s3://bucket/key object. */
  public static void write(String location, String text, AwsClients clients, Region home) {
    Optional<String[]> s3 = s3(location);
    if (s3.isPresent()) {
      clients
          .warehouseS3(home, null)
          .putObject(
              r -> r.bucket(s3.get()[0]).key(s3.get()[1]).contentType("application/json"),
              RequestBody.fromString(text, StandardCharsets.UTF_8));
      return;
    }
    try {
      Path path = Path.of(location);
      if (path.toAbsolutePath().getParent() != null) {
        Files.createDirectories(path.toAbsolutePath().getParent());
      }
      Files.writeString(path, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + location + ": " + e.getMessage(), e);
    }
  }

  private static Optional<String[]> s3(String location) {
    if (!location.startsWith("s3://")) {
      return Optional.empty();
    }
    String rest = location.substring("s3://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new ConfigException(
          List.of("'" + location + "' is not s3://bucket/key (the object, not a folder)"));
    }
    return Optional.of(new String[] {rest.substring(0, slash), rest.substring(slash + 1)});
  }
}
