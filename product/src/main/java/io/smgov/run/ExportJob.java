package io.smgov.run;

import static io.smgov.run.ProgressLog.fields;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.aws.AwsClients;
import io.smgov.aws.CallCounter;
import io.smgov.aws.RateLimiter;
import io.smgov.aws.Version;
import io.smgov.catalog.CatalogApply;
import io.smgov.config.ConfigException;
import io.smgov.config.ExportConfig;
import io.smgov.config.ExportConfigBuilder;
import io.smgov.config.RegistryEvent;
import io.smgov.config.Shard;
import io.smgov.model.ExportRunRow;
import io.smgov.model.RunMode;
import io.smgov.model.RunStatus;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.ObjectKey;
import io.smgov.sink.ParquetFiles;
import io.smgov.sink.RowSinks;
import io.smgov.sink.S3Warehouse;
import io.smgov.sink.Warehouse;
import io.smgov.source.CloudTrailApprovals;
import io.smgov.source.ErrorKind;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * One {@code smgov export}: every account (in parallel, bounded) and each of its regions (in turn),
 * each written as one object per table to the snapshot's partitions, with an {@code export_runs}
 * row per account and region. One account or region failing never stops the others.
 */
public final class ExportJob {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * The outcome of the whole run; {@code unrecorded}: account/regions whose export_runs row could
   * not be stored (the run is then not a success, whatever they did).
   */
  public record Outcome(
      String runId,
      LocalDate snapshotDate,
      List<ExportRunRow> runs,
      int objectsWritten,
      long warehouseRequests,
      int unrecorded) {
    public boolean anyFailed() {
      return unrecorded > 0 || runs.stream().anyMatch(r -> r.status() == RunStatus.FAILED);
    }

    public boolean allFailed() {
      return !runs.isEmpty() && runs.stream().allMatch(r -> r.status() == RunStatus.FAILED);
    }
  }

  /**
   * The rows one account/region buffers before its largest table's buffer is sorted and spilled to
   * scratch disk: with four accounts at once, about 64 MiB of rows at most, whatever the estate.
   */
  static final long SPILL_BUDGET_BYTES = 16L * 1024 * 1024;

  private final ExportConfig config;
  private final AwsClients clients;
  private final ProgressLog log;

  public ExportJob(ExportConfig config, AwsClients clients, ProgressLog log) {
    this.config = config;
    this.clients = clients;
    this.log = log;
  }

  public Outcome run() throws InterruptedException {
    Instant started = Instant.now();
    String runId = RUN_ID.format(started) + "-" + UUID.randomUUID().toString().substring(0, 8);
    LocalDate date = LocalDate.ofInstant(config.snapshotTime(), ZoneOffset.UTC);
    Region home = homeRegion();
    List<String> regions = config.regions().isEmpty() ? List.of(home.id()) : config.regions();
    Warehouse warehouse = open(home);
    // Before a single estate read: a warehouse that cannot be written fails the run now.
    warehouse.checkWritable();
    List<String> accounts = accounts(home);
    log.info(
        "start",
        null,
        null,
        String.format(
            "export %s: %d accounts x %d regions, snapshot %s, strategy %s, warehouse %s",
            runId,
            accounts.size(),
            regions.size(),
            config.snapshotTime(),
            config.strategy().label(),
            warehouse.location()),
        fields(
            "run_id",
            runId,
            "accounts",
            accounts,
            "regions",
            regions,
            "snapshot_time",
            config.snapshotTime().toString(),
            "strategy",
            config.strategy().label(),
            "warehouse",
            warehouse.location().toString()));
    // Which events this run answers, one line each: when a batch fails and lands in the
    // dead-letter queue, the log says which events it held.
    for (RegistryEvent event : config.events()) {
      String names = event.version().or(event::group).or(event::endpoint).orElse("every endpoint");
      log.info(
          "event",
          event.account(),
          event.region(),
          "event " + event.id() + ": " + event.kind().name().toLowerCase() + " " + names,
          fields("event_id", event.id(), "kind", event.kind().name(), "names", names));
    }
    // Each region's prices, read before the accounts: every variant's rows carry its price.
    Map<String, PriceBooks.Book> prices =
        new PriceBooks(clients, log)
            .books(
                warehouse,
                home,
                date,
                config.snapshotTime(),
                regions,
                // A shard never reads them: N shards would call the Price List API N times at
                // once, and one refused would stamp its accounts unknown. smgov plan reads them.
                config.events().isEmpty() && config.groups().isEmpty() && config.shard().isEmpty());
    List<LocalDate> dates = warehouse.snapshotDates(Tables.MODEL_PACKAGES.name());
    Path scratch = scratch();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            config.accountConcurrency(), AccountRegionExport.daemon("export"));
    List<ExportRunRow> runs = new ArrayList<>();
    int written = 0;
    int unrecorded = 0;
    try {
      List<Future<List<Written>>> futures = new ArrayList<>();
      for (String account : accounts) {
        futures.add(
            pool.submit(
                () -> {
                  List<Written> results = new ArrayList<>();
                  for (String region : regions) {
                    if (config.covers(account, region)) {
                      results.add(
                          exportOne(
                              runId,
                              account,
                              region,
                              warehouse,
                              dates,
                              date,
                              scratch,
                              prices.get(region)));
                    }
                  }
                  return results;
                }));
      }
      for (Future<List<Written>> future : futures) {
        try {
          for (Written w : future.get()) {
            runs.add(w.run());
            written += w.objects();
            unrecorded += w.recorded() ? 0 : 1;
          }
        } catch (ExecutionException e) {
          throw new IllegalStateException("export worker failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
      deleteRecursively(scratch);
    }
    markChanged(warehouse, runs, unrecorded);
    if (config.glueDatabase().isPresent()
        && runs.stream().anyMatch(r -> r.status() != RunStatus.FAILED)) {
      keepRegionEnum(home, regions);
    }
    Outcome outcome = new Outcome(runId, date, runs, written, warehouse.requests(), unrecorded);
    long failed = runs.stream().filter(r -> r.status() == RunStatus.FAILED).count();
    long partial = runs.stream().filter(r -> r.status() == RunStatus.PARTIAL).count();
    log.info(
        "done",
        null,
        null,
        String.format(
            "export %s done in %.1f s: %d of %d account/regions written (%d partial, %d failed), %d objects, snapshot %s",
            runId,
            (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0,
            runs.size() - failed,
            runs.size(),
            partial,
            failed,
            written,
            date),
        fields(
            "run_id",
            runId,
            "written",
            runs.size() - failed,
            "partial",
            partial,
            "failed",
            failed,
            "objects",
            written));
    return outcome;
  }

  private record Written(ExportRunRow run, int objects, boolean recorded) {}

  /**
   * Athena projects the region partition from an enum: a region the tables do not list is
   * invisible. Adds this run's regions to it (catalog apply creates the tables; until then there is
   * nothing to keep in step).
   */
  private void keepRegionEnum(Region home, List<String> regions) {
    String database = config.glueDatabase().orElseThrow();
    CatalogApply catalog =
        new CatalogApply(
            clients.glue(home),
            line -> log.info("catalog", null, null, line, fields("database", database)));
    if (catalog.regionsOf(database, Tables.EXPORT_RUNS.name()).isEmpty()) {
      log.warn(
          "catalog",
          null,
          null,
          "Glue database "
              + database
              + " has no smgov tables yet: run 'smgov catalog apply' to create them",
          fields("database", database));
      return;
    }
    catalog.addRegions(database, new TreeSet<>(regions));
  }

  /**
   * Marks what this run changed, once for all accounts and regions ({@link Warehouse#CHANGES}): the
   * changed tables of each refresh and every table after a full export. export_runs, which every
   * view reads (latest_snapshot picks each account's newest day from it), is marked when a run
   * starts a new snapshot day: a refresh within the day adds a run row only export_health shows,
   * and marking it would refresh every data set on every event. A mark that cannot be written costs
   * the dashboard a refresh until the next run, never the export.
   */
  private void markChanged(Warehouse warehouse, List<ExportRunRow> runs, int unrecorded) {
    Set<String> tables = new TreeSet<>();
    for (ExportRunRow run : runs) {
      if (run.status() == RunStatus.FAILED) {
        continue;
      }
      if (run.changedTables() == null) {
        Tables.DATA_TABLES.forEach(t -> tables.add(t.name()));
      } else if (!run.changedTables().isEmpty()) {
        tables.addAll(List.of(run.changedTables().split(",")));
      }
    }
    boolean newDay =
        runs.stream()
            .filter(r -> r.status() != RunStatus.FAILED)
            .anyMatch(
                r ->
                    r.previousSnapshotDate() == null
                        || !r.previousSnapshotDate()
                            .equals(
                                LocalDate.ofInstant(r.runSnapshotTime(), ZoneOffset.UTC)
                                    .toString()));
    if (newDay && unrecorded < runs.size()) {
      tables.add(Tables.EXPORT_RUNS.name());
    }
    try {
      warehouse.markChanged(tables);
    } catch (RuntimeException e) {
      log.warn(
          "changes_unmarked",
          null,
          null,
          "could not mark the changed tables for smgov dashboard refresh: " + ErrorKind.describe(e),
          fields("error_kind", ErrorKind.of(e).label()));
    }
  }

  /**
   * The tables whose rows a refresh wrote differently from the snapshot it carried forward
   * (export_runs.changed_tables): what the dashboard's SPICE data sets must ingest again.
   */
  private static String changedTables(AccountRegionExport.Result result, PreviousSnapshot before) {
    List<String> changed = new ArrayList<>();
    for (TableSpec<?> table : Tables.DATA_TABLES) {
      if (!result.sinks().digest(table).equals(before.digest(table))) {
        changed.add(table.name());
      }
    }
    return String.join(",", changed);
  }

  /** The groups a group or version refresh read (export_runs.refreshed_groups), else null. */
  private String refreshed(String account, String region) {
    Set<String> groups = new TreeSet<>();
    config
        .refresh(account, region)
        .ifPresent(
            r -> {
              groups.addAll(r.groups());
              r.versions().forEach(arn -> groups.add(RegistryEvent.groupOfArn(arn)));
            });
    return groups.isEmpty() ? null : String.join(",", groups);
  }

  private Written exportOne(
      String runId,
      String account,
      String region,
      Warehouse warehouse,
      List<LocalDate> dates,
      LocalDate date,
      Path scratch,
      PriceBooks.Book prices)
      throws InterruptedException {
    Instant started = Instant.now();
    CallCounter counter = new CallCounter();
    Region sdkRegion = Region.of(region);
    log.info("account_start", account, region, "exporting", fields());
    Optional<PreviousSnapshot> previous = Optional.empty();
    AccountRegionExport.Result result;
    Map<String, Long> rowCounts = new LinkedHashMap<>();
    RunStatus status;
    String errorKind = null;
    String errorMessage = null;
    Path folder = scratch.resolve(account + "-" + region);
    RowSinks sinks = new RowSinks(folder, SPILL_BUDGET_BYTES);
    ObjectKey runs = new ObjectKey(Tables.EXPORT_RUNS.name(), date, region, account);
    Set<ObjectKey> runsBefore = new HashSet<>();
    // This account/region's clients, closed and forgotten when it is done: kept to the end of the
    // run, 2,000 accounts x 2 regions of them filled a 256 MiB heap (bench/shards.py).
    List<Object> opened = new ArrayList<>();
    try {
      Files.createDirectories(folder);
      // The day's runs of this account/region so far: one stored while this run reads is a run
      // at the same time, whose objects this run's replace.
      runsBefore.addAll(warehouse.parts(runs));
      previous = PreviousSnapshot.find(warehouse, dates, date, region, account, folder);
      AwsCredentialsProvider credentials = credentials(account, sdkRegion, runId, counter);
      SageMakerClient sageMaker =
          clients.sageMaker(
              sdkRegion, credentials, counter, new RateLimiter(config.requestsPerSecond()));
      S3Client s3 = clients.s3(sdkRegion, credentials, counter);
      var cloudWatch = clients.cloudWatch(sdkRegion, credentials, counter);
      var cloudTrail =
          clients.cloudTrail(
              sdkRegion,
              credentials,
              counter,
              new RateLimiter(CloudTrailApprovals.REQUESTS_PER_SECOND));
      opened.addAll(List.of(credentials, sageMaker, s3, cloudWatch, cloudTrail));
      result =
          new AccountRegionExport(
                  config,
                  account,
                  region,
                  sageMaker,
                  s3,
                  cloudWatch,
                  cloudTrail,
                  previous,
                  prices,
                  sinks,
                  log,
                  started)
              .run();
      status = result.warnings().isEmpty() ? RunStatus.SUCCEEDED : RunStatus.PARTIAL;
    } catch (InterruptedException e) {
      throw e;
    } catch (RuntimeException | IOException | OutOfMemoryError | LinkageError e) {
      ErrorKind kind = ErrorKind.of(e);
      errorKind = kind.label();
      errorMessage = ErrorKind.describe(e);
      log.warn(
          "account_failed",
          account,
          region,
          "FAILED (" + kind.label() + "): " + errorMessage,
          fields("error_kind", kind.label(), "error_message", errorMessage));
      result = null;
      status = RunStatus.FAILED;
    } finally {
      clients.release(opened.toArray());
    }
    int objects = 0;
    String changed = null;
    Optional<String> concurrent = Optional.empty();
    AccountRegionExport.Counts counts =
        result == null ? new AccountRegionExport.Counts() : result.counts();
    if (result != null) {
      // The same failure boundary as the read: a file that cannot be written or stored fails this
      // account/region (with its export_runs row and the cause), never the others. Every file is
      // written locally first, so a full disk stores nothing; a store that fails part-way says
      // which
      // objects it replaced.
      Map<ObjectKey, Path> files = new LinkedHashMap<>();
      String stage = "writing";
      TableSpec<?> current = null;
      try {
        for (TableSpec<?> table : Tables.DATA_TABLES) {
          current = table;
          Path file = scratchFile(folder, table);
          rowCounts.put(table.name(), result.write(table, config.snapshotTime(), account, file));
          files.put(new ObjectKey(table.name(), date, region, account), file);
        }
        if (result.mode() != RunMode.FULL && previous.isPresent()) {
          changed = changedTables(result, previous.get());
        }
        try {
          concurrent = concurrentRuns(warehouse, runs, runsBefore);
        } catch (RuntimeException e) {
          // A warning-only check: a listing that fails never fails a finished read.
          log.warn(
              "concurrent_run_unchecked",
              account,
              region,
              "could not check for a run at the same time: " + ErrorKind.describe(e),
              fields("error_kind", ErrorKind.of(e).label()));
        }
        concurrent.ifPresent(
            w ->
                log.warn("concurrent_run", account, region, w, fields("error_kind", "concurrent")));
        stage = "storing";
        // model_packages last: it is what marks a day as a snapshot of this account and region.
        List<Map.Entry<ObjectKey, Path>> order = new ArrayList<>(files.entrySet());
        order.sort(
            Comparator.comparing(f -> f.getKey().table().equals(Tables.MODEL_PACKAGES.name())));
        for (Map.Entry<ObjectKey, Path> file : order) {
          current = Tables.byName(file.getKey().table()).orElseThrow();
          warehouse.put(file.getKey(), file.getValue());
          objects++;
        }
      } catch (RuntimeException | OutOfMemoryError | LinkageError e) {
        ErrorKind kind = ErrorKind.of(e);
        errorKind = kind.label();
        String cause = ErrorKind.describe(e);
        errorMessage =
            stage
                + " "
                + (current == null ? "the snapshot" : current.name())
                + ": "
                + cause
                + (kind == ErrorKind.ACCESS_DENIED && stage.equals("storing")
                    ? " - grant the job's role s3:PutObject on " + warehouse.location()
                    : "")
                + (objects > 0
                    ? " ("
                        + objects
                        + " of "
                        + files.size()
                        + " objects of today's snapshot were replaced before"
                        + " the failure: rerun this account and region)"
                    : "");
        status = RunStatus.FAILED;
        rowCounts.clear();
        log.warn(
            "account_failed",
            account,
            region,
            "FAILED (" + kind.label() + "): " + errorMessage,
            fields("error_kind", kind.label(), "error_message", errorMessage));
      }
    }
    ExportRunRow run =
        new ExportRunRow(
            runId,
            config.snapshotTime(),
            started,
            Instant.now(),
            status,
            errorKind,
            errorMessage,
            counts.strategy == null ? config.strategy() : counts.strategy,
            result == null ? null : result.mode(),
            refreshed(account, region),
            changed,
            previous.map(p -> p.date().toString()).orElse(null),
            rowCounts,
            counter.total(),
            json(counter.byOperation()),
            counter.throttled(),
            counts.reportsFetched,
            counts.reportsReused,
            counts.lineageListed,
            counts.lineageReused,
            counts.lineageQueried,
            counts.configsDescribed,
            counts.configsReused,
            counts.lineageWatermark,
            counts.metricsRead,
            counts.monitoringRead,
            counts.alarmsRead,
            counts.modelCardsRead,
            counts.tagsRead,
            counts.lineageRead,
            counts.approvalsRead,
            counts.approvalsWatermark,
            counts.approvalsSince,
            counts.artifactsChecked,
            warnings(result, concurrent),
            Version.current(),
            config.shard().map(Shard::label).orElse(null));
    sinks.close();
    // export_runs: one object per run (ACCOUNT.RUN_ID.parquet), written once and never read back
    // here, so two runs of a day at once both keep their row.
    ObjectKey runsKey = new ObjectKey(Tables.EXPORT_RUNS.name(), date, region, account, runId);
    boolean recorded = false;
    try {
      Path file = scratchFile(folder, Tables.EXPORT_RUNS);
      ParquetFiles.write(Tables.EXPORT_RUNS, config.snapshotTime(), account, List.of(run), file);
      warehouse.put(runsKey, file);
      objects++;
      recorded = true;
    } catch (RuntimeException e) {
      // Nowhere left to record it but the log and the outcome, which counts it as not a success.
      log.warn(
          "export_runs_failed",
          account,
          region,
          "the export_runs row could not be stored: " + ErrorKind.describe(e),
          fields("error_kind", ErrorKind.of(e).label()));
    }
    deleteRecursively(folder);
    log.info(
        "account_done",
        account,
        region,
        String.format(
            "%s in %.1f s: %,d versions, %,d deployments, %,d requests (%,d throttled)",
            status.label(),
            (run.finishedAt().toEpochMilli() - started.toEpochMilli()) / 1000.0,
            rowCounts.getOrDefault(Tables.MODEL_PACKAGES.name(), 0L),
            rowCounts.getOrDefault(Tables.ENDPOINT_DEPLOYMENTS.name(), 0L),
            counter.total(),
            counter.throttled()),
        fields(
            "status",
            status.label(),
            "rows",
            rowCounts,
            "requests",
            counter.total(),
            "throttled",
            counter.throttled()));
    return new Written(run, objects, recorded);
  }

  private AwsCredentialsProvider credentials(
      String account, Region region, String runId, CallCounter counter) {
    if (config.roleName().isEmpty()) {
      return clients.callerCredentials();
    }
    String session = "smgov-" + runId.replace("Z-", "-");
    if (session.length() > 64) {
      session = session.substring(0, 64);
    }
    return clients.assumeRole(
        "arn:aws:iam::" + account + ":role/" + config.roleName().get(),
        config.externalId(),
        session,
        region,
        counter);
  }

  private Region homeRegion() {
    if (!config.regions().isEmpty()) {
      return Region.of(config.regions().get(0));
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (RuntimeException e) {
      throw new ConfigException(
          List.of(
              "--regions: none given and no default region is configured (set AWS_REGION or --regions eu-west-1)"));
    }
  }

  private Warehouse open(Region home) {
    if (config.warehouse().isS3()) {
      return new S3Warehouse(config.warehouse(), clients.warehouseS3(home, null));
    }
    return new LocalWarehouse(config.warehouse());
  }

  /**
   * The accounts of this run: those of --accounts-file, or discovered as --accounts says; with
   * --shard, only those of the shard.
   */
  private List<String> accounts(Region home) {
    String file = config.accountsFile().orElse(null);
    String text = file == null ? null : AccountPlan.read(file, clients, home);
    Optional<Integer> planned = text == null ? Optional.empty() : AccountPlan.shardsOf(text);
    if (planned.isPresent()
        && config.shard().isPresent()
        && planned.get() != config.shard().get().count()) {
      throw new ConfigException(
          List.of(
              "--shard "
                  + config.shard().get().label()
                  + ": the plan "
                  + file
                  + " was written for "
                  + planned.get()
                  + " shards, not "
                  + config.shard().get().count()
                  + " (the shards would overlap or miss accounts): run smgov plan --shards "
                  + config.shard().get().count()
                  + " again, or use --shard K/"
                  + planned.get()));
    }
    List<String> all =
        text != null
            ? AccountPlan.parseAccounts(text, file)
            : AccountPlan.discover(
                clients,
                home,
                new ExportConfigBuilder.AccountScope(
                    config.accounts(), config.organization(), config.organizationUnit()),
                config.roleName().isPresent());
    if (config.shard().isEmpty()) {
      return all;
    }
    Shard shard = config.shard().get();
    List<String> mine = all.stream().filter(shard::contains).toList();
    log.info(
        "shard",
        null,
        null,
        "shard " + shard.label() + ": " + mine.size() + " of " + all.size() + " accounts",
        fields("shard", shard.label(), "accounts", mine.size(), "of", all.size()));
    return mine;
  }

  /**
   * Another run of this account/region that stored its row while this one read: both runs read the
   * same estate minutes apart, and this run's objects (stored next) replace that run's, the last
   * writer winning per object. Said, not prevented: a lock would need an expiry that a killed task
   * cannot release.
   */
  private static Optional<String> concurrentRuns(
      Warehouse warehouse, ObjectKey runs, Set<ObjectKey> before) {
    List<String> others = new ArrayList<>();
    for (ObjectKey key : warehouse.parts(runs)) {
      if (!before.contains(key)) {
        others.add(key.part().isEmpty() ? key.path() : key.part());
      }
    }
    return others.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "another export of this account and region (run "
                + String.join(", ", others)
                + ") stored its objects while this run read the estate: this run's objects replace"
                + " them (the last writer wins per object; both read the same estate)");
  }

  /** The row's warnings: the read's, and a run at the same time. */
  private static String warnings(AccountRegionExport.Result result, Optional<String> concurrent) {
    List<String> warnings = new ArrayList<>();
    if (result != null) {
      warnings.addAll(result.warnings());
    }
    concurrent.ifPresent(warnings::add);
    return warnings.isEmpty() ? null : json(warnings);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new file for one table in the account/region's scratch folder, not yet stored. */
  private static Path scratchFile(Path folder, TableSpec<?> table) {
    return folder.resolve(table.name() + "-" + UUID.randomUUID() + ".parquet");
  }

  private static Path scratch() {
    try {
      return Files.createTempDirectory("smgov-export-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a scratch folder: " + e.getMessage(), e);
    }
  }

  static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // scratch space only
    }
  }
}
