package io.smgov.cli;

import io.smgov.aws.AwsClients;
import io.smgov.catalog.AthenaQueries;
import io.smgov.catalog.CatalogApply;
import io.smgov.catalog.GlueFiles;
import io.smgov.catalog.LakeFormationGrants;
import io.smgov.sink.S3Warehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.table.Tables;
import io.smgov.views.Policy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code smgov catalog apply|render}: the Glue tables and the Athena views. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    header = "Create or update the Glue tables and the Athena views (or render them to files).",
    description = {
      "The Glue database, one external Parquet table per warehouse table with partition projection (snapshot_date as a date range, region as an enum), and the sql/ views created through Athena."
    },
    subcommands = {CatalogCommand.Apply.class, CatalogCommand.Render.class})
final class CatalogCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static WarehouseLocation s3Warehouse(String warehouse) {
    WarehouseLocation location;
    try {
      location = WarehouseLocation.parse(warehouse);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--warehouse: " + e.getMessage());
    }
    if (!location.isS3()) {
      throw new UsageException(
          "--warehouse must be s3://bucket/prefix: Athena reads the warehouse from S3");
    }
    return location;
  }

  static Set<String> regions(String text) {
    Set<String> regions = new TreeSet<>();
    if (text != null) {
      for (String region : text.split(",")) {
        if (!region.isBlank()) {
          regions.add(region.trim());
        }
      }
    }
    return regions;
  }

  static void checkDatabase(String database) {
    if (!database.matches("[a-z0-9_]{1,255}")) {
      throw new UsageException(
          "--database: '"
              + database
              + "' must be lower-case letters, digits and underscores (Athena's rule)");
    }
  }

  /** {@code smgov catalog apply}. */
  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      header = "Create or update the Glue database, tables and the Athena views, idempotently.",
      description = {
        "Creates what is missing and updates what differs: a new column in a declaration updates its table in place, parameters other tools set are kept, and the region enum only grows (the regions given, those the warehouse holds and those already listed). Then creates or replaces each view through Athena, in dependency order, only when its rendered SQL changed. Running it twice changes nothing.",
        "With --lake-formation the database's tables and views are governed by Lake Formation grants: the --reader principals are granted read on each, by name, on every run. Lake Formation data filters (row and cell security) do not work on these tables: Athena cannot use them with partition projection.",
      },
      footer = {
        "",
        "Exit codes: 0 done, 1 Glue, Athena or Lake Formation refused an object (named in the message), 2 bad options."
      })
  static final class Apply implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin AwsOptions aws;

    @Option(
        names = "--warehouse",
        paramLabel = "s3://…",
        required = true,
        description = "The warehouse smgov export writes to.")
    String warehouse;

    @Option(
        names = "--database",
        paramLabel = "D",
        required = true,
        description = "The Glue database (created if missing).")
    String database;

    @Option(
        names = "--workgroup",
        paramLabel = "W",
        description = "Athena workgroup for the view DDL (default: the account's primary).")
    String workgroup;

    @Option(
        names = "--output-location",
        paramLabel = "s3://…",
        description = "Athena query result location, unless the workgroup sets one.")
    String outputLocation;

    @Option(
        names = "--policy",
        paramLabel = "FILE",
        description = "Governance policy YAML the views are rendered with (see smgov findings).")
    Path policy;

    @Option(
        names = "--regions",
        paramLabel = "R",
        description = "Regions the region enum must list (default: those the warehouse holds).")
    String regions;

    @Option(names = "--skip-views", description = "Apply the database and tables only.")
    boolean skipViews;

    @Option(
        names = "--lake-formation",
        description =
            "Govern the database with AWS Lake Formation: its tables and views get no IAM-only"
                + " grant (a database created now makes none; an existing one is switched, and the"
                + " grant revoked from its tables), and each --reader is granted DESCRIBE on the"
                + " database and SELECT, DESCRIBE on every table and view. Run it as a data lake"
                + " administrator or the database's creator (the job role).")
    boolean lakeFormation;

    @Option(
        names = "--reader",
        paramLabel = "ARN",
        split = ",",
        description =
            "With --lake-formation: a principal that queries the views (the QuickSight data-source"
                + " role, an analysts' role; an IAM role or user, or a QuickSight user or group"
                + " ARN). Repeatable or comma-separated.")
    List<String> readers = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
      WarehouseLocation location = s3Warehouse(warehouse);
      checkDatabase(database);
      if (!readers.isEmpty() && !lakeFormation) {
        throw new UsageException(
            "--reader grants Lake Formation permissions: add --lake-formation (without it, IAM"
                + " policies alone decide who reads the views)");
      }
      List<String> invalid = LakeFormationGrants.invalidReaders(readers);
      if (!invalid.isEmpty()) {
        throw new UsageException(
            "--reader "
                + String.join(", ", invalid)
                + ": not a principal Lake Formation grants to; give an IAM role or user ARN"
                + " (arn:aws:iam::111111111111:role/analysts) or a QuickSight user or group ARN");
      }
      Policy rules = policy == null ? Policy.defaults() : Policy.load(policy);
      PrintWriter out = spec.commandLine().getOut();
      try (AwsClients clients = aws.clients()) {
        Set<String> enumRegions = regions(regions);
        S3Warehouse store = new S3Warehouse(location, clients.warehouseS3(aws.region(), null));
        enumRegions.addAll(store.regions());
        if (enumRegions.isEmpty()) {
          throw new UsageException(
              "--warehouse "
                  + location
                  + " holds no export yet and --regions names none: partition projection needs at"
                  + " least one region; run smgov export first, or pass --regions eu-west-1,...");
        }
        List<LocalDate> dates = store.snapshotDates(Tables.EXPORT_RUNS.name());
        LocalDate first = dates.isEmpty() ? LocalDate.now(ZoneOffset.UTC) : dates.get(0);
        CatalogApply catalog =
            new CatalogApply(clients.glue(aws.region()), line -> out.println("  " + line));
        List<CatalogApply.Change> changes = new ArrayList<>();
        try {
          changes.add(catalog.ensureDatabase(database, lakeFormation));
          changes.addAll(catalog.applyTables(database, location.toString(), enumRegions, first));
          if (!skipViews) {
            AthenaQueries athena =
                new AthenaQueries(
                    clients.athena(aws.region()),
                    database,
                    Optional.ofNullable(workgroup),
                    Optional.ofNullable(outputLocation));
            changes.addAll(catalog.applyViews(database, rules, athena));
          }
          if (lakeFormation) {
            LakeFormationGrants grants =
                new LakeFormationGrants(
                    clients.lakeFormation(aws.region()),
                    clients.glue(aws.region()),
                    line -> out.println("  " + line));
            // Readers first: switching a database governs it at once, and a reader without its
            // grant by then would lose access in between (or for good, if granting failed).
            changes.addAll(grants.grantReaders(database, readers));
            changes.addAll(grants.govern(database));
          }
        } catch (CatalogApply.CatalogException e) {
          spec.commandLine().getErr().println("smgov: " + e.getMessage());
          return ExitCodes.FATAL;
        }
        Map<String, Integer> counts = new TreeMap<>();
        changes.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
        out.printf(
            "Glue database %s: %s (regions: %s)%n",
            database, counts, String.join(",", enumRegions));
        out.flush();
      }
      return ExitCodes.OK;
    }
  }

  /** {@code smgov catalog render}. */
  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      header =
          "Write the tables and views as Glue TableInput JSON and the view DDL to files (for CloudFormation or Terraform).",
      description = {
        "tables/<table>.json holds each table's Glue TableInput. Each view, numbered in the order to apply them, is written twice: views/NN_<view>.sql, its DDL for Athena, and views/NN_<view>.json, its Glue TableInput (VIRTUAL_VIEW, stored as Athena stores a view) for CloudFormation or Terraform. Views run with the querying principal's permissions. Without --warehouse and --regions the location and the region enum stay ${warehouse} and ${regions}."
      })
  static final class Render implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        required = true,
        description = "Folder to write to.")
    Path out;

    @Option(
        names = "--warehouse",
        paramLabel = "s3://…",
        description = "Warehouse location to put in the tables.")
    String warehouse;

    @Option(
        names = "--database",
        paramLabel = "D",
        defaultValue = "smgov",
        description = "Database the views are created in (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = "--regions", paramLabel = "R", description = "Regions of the region enum.")
    String regions;

    @Option(
        names = "--first-snapshot-date",
        paramLabel = "YYYY-MM-DD",
        description = "Start of the snapshot_date projection range.")
    String firstSnapshotDate;

    @Option(
        names = "--policy",
        paramLabel = "FILE",
        description = "Governance policy YAML the views are rendered with.")
    Path policy;

    @Override
    public Integer call() {
      checkDatabase(database);
      String location = warehouse == null ? GlueFiles.WAREHOUSE : s3Warehouse(warehouse).toString();
      String enumValues = regions == null ? GlueFiles.REGIONS : String.join(",", regions(regions));
      String firstDate =
          firstSnapshotDate == null ? GlueFiles.FIRST_SNAPSHOT_DATE : firstSnapshotDate;
      Policy rules = policy == null ? Policy.defaults() : Policy.load(policy);
      Map<String, String> files =
          GlueFiles.forDeployment(location, enumValues, firstDate, database, rules);
      GlueFiles.write(out, files);
      spec.commandLine()
          .getOut()
          .printf("Wrote %d files to %s (tables/, views/ in apply order)%n", files.size(), out);
      return ExitCodes.OK;
    }
  }
}
