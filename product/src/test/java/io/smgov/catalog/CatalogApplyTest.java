package io.smgov.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.aws.AwsClients;
import io.smgov.aws.AwsEndpoints;
import io.smgov.aws.CallCounter;
import io.smgov.aws.SdkPojos;
import io.smgov.dashboard.DashboardApply;
import io.smgov.dashboard.DashboardTarget;
import io.smgov.dashboard.QuickSightManifest;
import io.smgov.dashboard.QuickSightRequests;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.simulator.RequestLog;
import io.smgov.sink.S3Warehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.table.Tables;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.Results;
import io.smgov.testing.TestAws;
import io.smgov.testing.TrinoExtension;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import io.smgov.views.ViewCatalog;
import io.smgov.wire.SdkJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The chain that runs on AWS: export to S3 (S3Proxy); catalog apply creates Glue tables with
 * partition projection and the views through the Athena API (the simulator); Trino, reading those
 * Glue tables and the Parquet on S3, answers Athena's queries — with exactly the findings DuckDB
 * gives on the same files.
 */
@ExtendWith(TrinoExtension.class)
class CatalogApplyTest {
  /** Every finding, every column: what Athena and the embedded engine must agree on. */
  private static final String FINDINGS =
      "SELECT snapshot_date, account_id, region, rule_id, category, severity, model_package_group_name,"
          + " model_package_arn, model_package_version, endpoint_name, variant_name, owner, business_unit,"
          + " detail FROM governance_findings";

  static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          2, List.of("eu-west-1", "us-east-1"), 4, 5, 41L, PortfolioGenerator.DEFAULT_AS_OF);

  private static final Set<String> EXPORTED_REGIONS = Set.of("eu-west-1", "us-east-1");
  private static final LocalDate FIRST_DATE = LocalDate.parse("2026-10-01");
  private static String exported;

  /**
   * One export of {@link #SPEC} to S3 (S3Proxy), shared by the tests that only read it, each in its
   * own Glue database.
   */
  private static synchronized String exportedWarehouse(TrinoExtension.Environment env)
      throws Exception {
    if (exported == null) {
      String bucket = "smgov-" + UUID.randomUUID().toString().substring(0, 8);
      try (AwsClients clients = clients(env);
          ExportFixture fixture =
              ExportFixture.start(SPEC, d -> {}, Optional.of(env.s3().endpoint()))) {
        clients
            .warehouseS3(Region.EU_WEST_1, new CallCounter())
            .createBucket(r -> r.bucket(bucket));
        String warehouse = "s3://" + bucket + "/smgov";
        fixture.export(fixture.options(warehouse, SPEC.asOf().toString()));
        exported = warehouse;
      }
    }
    return exported;
  }

  private static AwsClients clients(TrinoExtension.Environment env) {
    return AwsClients.create(
        new AwsClients.Settings(
            Optional.of(Region.EU_WEST_1),
            TestAws.CALLER,
            AwsEndpoints.all(env.aws().endpoint()),
            Optional.of(env.s3().endpoint()),
            AwsClients.DEFAULT_MAX_ATTEMPTS));
  }

  @Test
  void anEmptyRegionEnumIsRefusedBeforeAnyGlueCall() {
    // No Glue client: the refusal comes first.
    CatalogApply catalog = new CatalogApply(null, line -> {});
    assertThatThrownBy(
            () ->
                catalog.applyTables(
                    "governance", "s3://bucket/smgov", Set.of(), LocalDate.parse("2026-11-01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("partition projection needs at least one region");
  }

  @Test
  void athenaOverGlueAndS3GivesExactlyTheLocalFindings(
      TrinoExtension.Environment env, @TempDir Path local) throws Exception {
    String bucket = "smgov-" + UUID.randomUUID().toString().substring(0, 8);
    String database = "governance_" + UUID.randomUUID().toString().substring(0, 8);
    try (AwsClients clients = clients(env);
        ExportFixture fixture =
            ExportFixture.start(SPEC, d -> {}, Optional.of(env.s3().endpoint()))) {
      S3Client s3 = clients.warehouseS3(Region.EU_WEST_1, new CallCounter());
      s3.createBucket(r -> r.bucket(bucket));
      String warehouse = "s3://" + bucket + "/smgov";
      fixture.export(fixture.options(warehouse, "2026-10-31T06:00:00Z"));
      fixture.export(fixture.options(warehouse, SPEC.asOf().toString()));

      GlueClient glue = clients.glue(Region.EU_WEST_1);
      CatalogApply catalog = new CatalogApply(glue, line -> {});
      AthenaQueries athena =
          new AthenaQueries(
              clients.athena(Region.EU_WEST_1),
              database,
              Optional.of("primary"),
              Optional.of("s3://" + bucket + "/athena-results/"));
      Set<String> regions = new S3Warehouse(WarehouseLocation.parse(warehouse), s3).regions();
      assertThat(regions).containsExactlyInAnyOrder("eu-west-1", "us-east-1");
      List<CatalogApply.Change> first = new ArrayList<>();
      first.add(catalog.ensureDatabase(database));
      LocalDate firstDate =
          new S3Warehouse(WarehouseLocation.parse(warehouse), s3)
              .snapshotDates("export_runs")
              .get(0);
      assertThat(firstDate).hasToString("2026-10-31");
      first.addAll(catalog.applyTables(database, warehouse, regions, firstDate));
      first.addAll(catalog.applyViews(database, Policy.defaults(), athena));
      assertThat(first).extracting(CatalogApply.Change::action).containsOnly("created");
      assertThat(first).hasSize(1 + Tables.ALL.size() + ViewCatalog.load().views().size());

      Table packages = glue.getTable(r -> r.databaseName(database).name("model_packages")).table();
      assertThat(packages.parameters())
          .containsEntry("projection.enabled", "true")
          .containsEntry("projection.region.values", "eu-west-1,us-east-1")
          .containsEntry(
              "storage.location.template",
              warehouse + "/model_packages/snapshot_date=${snapshot_date}/region=${region}/");
      Table view = glue.getTable(r -> r.databaseName(database).name("governance_findings")).table();
      assertThat(view.tableType()).isEqualTo("VIRTUAL_VIEW");
      assertThat(view.viewOriginalText()).startsWith("/* Presto View: ");

      // Athena (Trino over Glue + S3) and DuckDB over a copy of the same objects agree.
      List<String> throughAthena = Results.canonicalText(athena.query(FINDINGS).rows());
      download(s3, bucket, local);
      List<String> locally;
      try (EmbeddedEngine duck = EmbeddedEngine.open(local.resolve("smgov"), Policy.defaults())) {
        locally = Results.canonical(duck.query(FINDINGS));
      }
      assertThat(throughAthena).isNotEmpty().isEqualTo(locally);
      List<String> history =
          Results.canonicalText(
              athena
                  .query("SELECT snapshot_date, count(*) FROM deployment_history GROUP BY 1")
                  .rows());
      assertThat(history).hasSize(2);

      // The QuickSight data sets read these views: the simulator checks every input column against
      // the view tables Trino wrote to Glue, and every column the definition names against the data
      // sets.
      String account = env.aws().portfolio().callerAccount();
      QuickSightManifest manifest = QuickSightManifest.load();
      DashboardTarget target =
          new DashboardTarget(
              account,
              "eu-west-1",
              database,
              "arn:aws:quicksight:eu-west-1:" + account + ":group/default/ml-platform",
              Optional.empty(),
              DashboardTarget.ImportMode.SPICE,
              "primary",
              Optional.empty());
      DashboardApply dashboard =
          new DashboardApply(
              clients.quickSight(Region.EU_WEST_1),
              manifest,
              target,
              new DashboardApply.Options(false, Duration.ofMillis(1), Duration.ofSeconds(30)),
              line -> {});
      QuickSightRequests.Rendered rendered =
          QuickSightRequests.render(manifest, target, ViewCatalog.load());
      assertThat(dashboard.apply(rendered).changes())
          .extracting(DashboardApply.Change::action)
          .containsOnly(DashboardApply.Action.CREATED);

      // Applying again changes nothing: no create, no update, no view DDL.
      env.aws().requestLog().clear();
      List<CatalogApply.Change> second = new ArrayList<>();
      second.add(catalog.ensureDatabase(database));
      second.addAll(catalog.applyTables(database, warehouse, regions, firstDate));
      second.addAll(catalog.applyViews(database, Policy.defaults(), athena));
      assertThat(second).extracting(CatalogApply.Change::action).containsOnly("unchanged");
      assertThat(env.aws().requestLog().entries())
          .extracting(RequestLog.Entry::operation)
          .doesNotContain("CreateDatabase", "CreateTable", "UpdateTable", "StartQueryExecution");
    }
  }

  @Test
  void aNewColumnUpdatesTheTableInPlaceAndTheRegionEnumOnlyGrows(TrinoExtension.Environment env) {
    String database = "evolving_" + UUID.randomUUID().toString().substring(0, 8);
    try (AwsClients clients = clients(env)) {
      GlueClient glue = clients.glue(Region.EU_WEST_1);
      CatalogApply catalog = new CatalogApply(glue, line -> {});
      catalog.ensureDatabase(database);
      TableInput declared =
          GlueTableInputs.of(
              Tables.MODEL_PACKAGES, "s3://bucket/w", "eu-west-1,us-east-1", "2026-01-01");
      assertThat(catalog.applyTable(database, declared).action()).isEqualTo("created");
      // Someone else's parameter survives; a new column and a new region are applied in place.
      Table created = glue.getTable(r -> r.databaseName(database).name("model_packages")).table();
      glue.updateTable(
          r ->
              r.databaseName(database)
                  .tableInput(
                      SdkPojos.copy(created, TableInput.class).toBuilder()
                          .parameters(
                              new HashMap<>(created.parameters()) {
                                {
                                  put("owner.team", "data-platform");
                                }
                              })
                          .build()));
      List<Column> columns = new ArrayList<>(declared.storageDescriptor().columns());
      columns.add(Column.builder().name("risk_rating").type("string").comment("new").build());
      TableInput grown =
          GlueTableInputs.of(Tables.MODEL_PACKAGES, "s3://bucket/w", "ap-southeast-2", "2026-06-01")
              .toBuilder()
              .storageDescriptor(declared.storageDescriptor().toBuilder().columns(columns).build())
              .build();
      assertThat(catalog.applyTable(database, grown).action()).isEqualTo("updated");
      Table updated = glue.getTable(r -> r.databaseName(database).name("model_packages")).table();
      assertThat(updated.storageDescriptor().columns())
          .extracting(Column::name)
          .endsWith("risk_rating");
      assertThat(updated.parameters())
          .containsEntry("projection.region.values", "ap-southeast-2,eu-west-1,us-east-1")
          .containsEntry("projection.snapshot_date.range", "2026-01-01,NOW")
          .containsEntry("owner.team", "data-platform");
      assertThat(catalog.applyTable(database, grown).action()).isEqualTo("unchanged");
    }
  }

  @Test
  void exportAddsANewRegionToTheEnumOfAnAppliedCatalog(TrinoExtension.Environment env)
      throws Exception {
    String bucket = "regions-" + UUID.randomUUID().toString().substring(0, 8);
    String database = "regions_" + UUID.randomUUID().toString().substring(0, 8);
    String warehouse = "s3://" + bucket + "/smgov";
    try (AwsClients clients = clients(env);
        ExportFixture fixture =
            ExportFixture.start(
                SPEC,
                d -> {},
                Optional.of(env.s3().endpoint()),
                Optional.of(env.aws().endpoint()))) {
      clients.warehouseS3(Region.EU_WEST_1, new CallCounter()).createBucket(r -> r.bucket(bucket));
      CatalogApply catalog = new CatalogApply(clients.glue(Region.EU_WEST_1), line -> {});
      catalog.ensureDatabase(database);
      catalog.applyTables(database, warehouse, Set.of("eu-west-1"), LocalDate.parse("2026-11-01"));
      fixture.export(fixture.options(warehouse, SPEC.asOf().toString()).glueDatabase(database));
      for (var table : Tables.ALL) {
        assertThat(catalog.regionsOf(database, table.name()))
            .as(table.name())
            .containsExactly("eu-west-1", "us-east-1");
      }
    }
  }

  @Test
  void aReplacedViewReplacesEveryViewDownstreamSoNoneIsStale(TrinoExtension.Environment env)
      throws Exception {
    String database = "stale_" + UUID.randomUUID().toString().substring(0, 8);
    try (AwsClients clients = clients(env)) {
      CatalogApply catalog = new CatalogApply(clients.glue(Region.EU_WEST_1), line -> {});
      catalog.ensureDatabase(database);
      AthenaQueries athena =
          new AthenaQueries(
              clients.athena(Region.EU_WEST_1), database, Optional.empty(), Optional.empty());
      ViewCatalog.View down =
          new ViewCatalog.View(
              "t_down",
              "reads t_up",
              "CREATE OR REPLACE VIEW \"${database}\".\"t_down\" AS SELECT x FROM \"${database}\".\"t_up\"",
              List.of(),
              List.of("t_up"),
              List.of(new ViewCatalog.ViewColumn("x", "integer")));
      catalog.applyViews(database, Policy.defaults(), athena, List.of(up("1"), down));
      // The upstream column changes type; the downstream view's text does not change at all.
      List<CatalogApply.Change> changes =
          catalog.applyViews(database, Policy.defaults(), athena, List.of(up("'one'"), down));
      assertThat(changes)
          .extracting(CatalogApply.Change::action)
          .containsExactly("updated", "updated");
      assertThat(athena.query("SELECT x FROM t_down").rows()).containsExactly(List.of("one"));
    }
  }

  @Test
  void theRenderedViewFilesReadThroughTrinosGlueMetastoreAnswerAsTheAthenaViewsDo(
      TrinoExtension.Environment env, @TempDir Path out) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String byAthena = "athena_" + suffix;
    String byFiles = "files_" + suffix;
    try (AwsClients clients = clients(env)) {
      String warehouse = exportedWarehouse(env);
      GlueClient glue = clients.glue(Region.EU_WEST_1);
      CatalogApply catalog = new CatalogApply(glue, line -> {});
      for (String database : List.of(byAthena, byFiles)) {
        catalog.ensureDatabase(database);
        catalog.applyTables(database, warehouse, EXPORTED_REGIONS, FIRST_DATE);
      }
      AthenaQueries athena =
          new AthenaQueries(
              clients.athena(Region.EU_WEST_1), byAthena, Optional.empty(), Optional.empty());
      catalog.applyViews(byAthena, Policy.defaults(), athena);

      // What catalog render writes, created with nothing but Glue's CreateTable.
      GlueFiles.write(
          out,
          GlueFiles.forDeployment(
              warehouse, "eu-west-1,us-east-1", "2026-10-01", byFiles, Policy.defaults()));
      List<Path> viewFiles;
      try (var listing = Files.list(out.resolve("views"))) {
        viewFiles = listing.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      }
      assertThat(viewFiles)
          .extracting(f -> f.getFileName().toString())
          .startsWith("01_latest_snapshot.json", "02_version_tags.json")
          .hasSize(ViewCatalog.load().views().size());
      ObjectMapper json = new ObjectMapper();
      for (Path file : viewFiles) {
        TableInput input =
            SdkJson.toPojo(json.readTree(file.toFile()), TableInput.class, file.toString());
        glue.createTable(r -> r.databaseName(byFiles).tableInput(input));
      }
      Table stored = glue.getTable(r -> r.databaseName(byFiles).name("deployments")).table();
      assertThat(stored.tableType()).isEqualTo("VIRTUAL_VIEW");
      assertThat(stored.storageDescriptor().columns())
          .extracting(Column::name, Column::type)
          .contains(
              tuple("endpoint_name", "string"),
              tuple("current_weight", "double"),
              tuple("container_index", "int"));

      // Trino reads both through its Glue metastore: the same columns and rows, view by view.
      AthenaQueries files =
          new AthenaQueries(
              clients.athena(Region.EU_WEST_1), byFiles, Optional.empty(), Optional.empty());
      for (ViewCatalog.View view : ViewCatalog.load().views()) {
        AthenaQueries.Result expected = athena.query("SELECT * FROM " + view.name());
        AthenaQueries.Result actual = files.query("SELECT * FROM " + view.name());
        assertThat(actual.columns()).as(view.name()).isEqualTo(expected.columns());
        assertThat(Results.canonicalText(actual.rows()))
            .as(view.name())
            .isEqualTo(Results.canonicalText(expected.rows()));
      }
      assertThat(files.query("SELECT * FROM governance_findings").rows()).isNotEmpty();
      // The rendered views carry the hash catalog apply records: the daily apply leaves them.
      assertThat(catalog.applyViews(byFiles, Policy.defaults(), files))
          .extracting(CatalogApply.Change::action)
          .containsOnly("unchanged");
    }
  }

  /** Clients acting as {@code role} of the shared account, through the simulator's STS. */
  private static AwsClients as(TrinoExtension.Environment env, String role) {
    try (AwsClients caller = clients(env)) {
      Credentials session =
          caller
              .sts(Region.EU_WEST_1, TestAws.CALLER, new CallCounter())
              .assumeRole(
                  r ->
                      r.roleArn("arn:aws:iam::" + TrinoExtension.ACCOUNT + ":role/" + role)
                          .roleSessionName("test"))
              .credentials();
      return AwsClients.create(
          new AwsClients.Settings(
              Optional.of(Region.EU_WEST_1),
              StaticCredentialsProvider.create(
                  AwsSessionCredentials.create(
                      session.accessKeyId(), session.secretAccessKey(), session.sessionToken())),
              AwsEndpoints.all(env.aws().endpoint()),
              Optional.of(env.s3().endpoint()),
              AwsClients.DEFAULT_MAX_ATTEMPTS));
    }
  }

  @Test
  void underLakeFormationOnlyGrantedReadersQueryTheViewsAndSwitchingADatabaseRevokesIamAccess(
      TrinoExtension.Environment env) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String governed = "lf_" + suffix;
    String iamOnly = "iam_" + suffix;
    String analyst = "arn:aws:iam::" + TrinoExtension.ACCOUNT + ":role/smgov-analyst";
    try (AwsClients clients = as(env, TrinoExtension.JOB_ROLE);
        AwsClients analystClients = as(env, TrinoExtension.ANALYST_ROLE);
        AwsClients outsiderClients = as(env, TrinoExtension.OUTSIDER_ROLE)) {
      String warehouse = exportedWarehouse(env);
      GlueClient glue = clients.glue(Region.EU_WEST_1);
      CatalogApply catalog = new CatalogApply(glue, line -> {});
      catalog.ensureDatabase(governed, true);
      catalog.applyTables(governed, warehouse, EXPORTED_REGIONS, FIRST_DATE);
      AthenaQueries asCaller =
          new AthenaQueries(
              clients.athena(Region.EU_WEST_1), governed, Optional.empty(), Optional.empty());
      catalog.applyViews(governed, Policy.defaults(), asCaller);
      AthenaQueries asAnalyst =
          new AthenaQueries(
              analystClients.athena(Region.EU_WEST_1),
              governed,
              Optional.empty(),
              Optional.empty());
      String findings = "SELECT rule_id, model_package_arn FROM governance_findings";

      // Everything above ran as the job role, which is no administrator: as the creator of the
      // database, its tables and (through Athena) its views, it may grant on each.
      // Governed from the start: nobody but the creator reads, through Athena or Glue.
      assertThatThrownBy(() -> asAnalyst.query(findings))
          .isInstanceOf(AthenaQueries.QueryFailedException.class)
          .hasMessageContaining("Insufficient Lake Formation permission(s) on " + governed + ".");
      assertThatThrownBy(
              () ->
                  analystClients
                      .glue(Region.EU_WEST_1)
                      .getTable(r -> r.databaseName(governed).name("model_packages")))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining(governed + ".model_packages");
      assertThat(
              analystClients
                  .glue(Region.EU_WEST_1)
                  .getTables(r -> r.databaseName(governed))
                  .tableList())
          .isEmpty();
      // A reader cannot grant itself anything.
      assertThatThrownBy(
              () ->
                  new LakeFormationGrants(
                          analystClients.lakeFormation(Region.EU_WEST_1),
                          analystClients.glue(Region.EU_WEST_1),
                          line -> {})
                      .grantReaders(governed, List.of(analyst)))
          .isInstanceOf(CatalogApply.CatalogException.class)
          .hasMessageContaining("AccessDeniedException");

      LakeFormationGrants grants =
          new LakeFormationGrants(clients.lakeFormation(Region.EU_WEST_1), glue, line -> {});
      assertThat(grants.govern(governed)).isEmpty(); // created governed: nothing to switch
      // The database, then each of its 25 tables and 24 views by name.
      assertThat(grants.grantReaders(governed, List.of(analyst)))
          .hasSize(1 + 25 + 24)
          .extracting(CatalogApply.Change::action)
          .containsOnly("created");
      assertThat(grants.grantReaders(governed, List.of(analyst)))
          .extracting(CatalogApply.Change::action)
          .containsOnly("unchanged");
      List<String> expected = Results.canonicalText(asCaller.query(findings).rows());
      assertThat(expected).isNotEmpty();
      assertThat(Results.canonicalText(asAnalyst.query(findings).rows())).isEqualTo(expected);
      assertThatThrownBy(
              () ->
                  new AthenaQueries(
                          outsiderClients.athena(Region.EU_WEST_1),
                          governed,
                          Optional.empty(),
                          Optional.empty())
                      .query(findings))
          .isInstanceOf(AthenaQueries.QueryFailedException.class)
          .hasMessageContaining("Insufficient Lake Formation permission(s)");

      // A database created under IAM alone: readable by any IAM principal until it is switched.
      catalog.ensureDatabase(iamOnly, false);
      catalog.applyTables(iamOnly, warehouse, EXPORTED_REGIONS, FIRST_DATE);
      AthenaQueries outsiderOnIam =
          new AthenaQueries(
              outsiderClients.athena(Region.EU_WEST_1),
              iamOnly,
              Optional.empty(),
              Optional.empty());
      String runs = "SELECT count(*) FROM export_runs";
      assertThat(outsiderOnIam.query(runs).rows()).containsExactly(List.of("4"));
      List<CatalogApply.Change> switched = grants.govern(iamOnly);
      assertThat(switched).hasSize(1 + Tables.ALL.size());
      assertThat(switched.get(0).object()).isEqualTo("database " + iamOnly + " (Lake Formation)");
      assertThat(grants.govern(iamOnly)).isEmpty();
      assertThatThrownBy(() -> outsiderOnIam.query(runs))
          .isInstanceOf(AthenaQueries.QueryFailedException.class)
          .hasMessageContaining(
              "Insufficient Lake Formation permission(s) on " + iamOnly + ".export_runs");
    }
  }

  private static ViewCatalog.View up(String value) {
    return new ViewCatalog.View(
        "t_up",
        "one value",
        "CREATE OR REPLACE VIEW \"${database}\".\"t_up\" AS SELECT " + value + " AS x",
        List.of(),
        List.of(),
        List.of(new ViewCatalog.ViewColumn("x", "varchar")));
  }

  @Test
  void aMalformedTableOrViewIsRefusedWithTheObjectNamed(TrinoExtension.Environment env)
      throws Exception {
    String database = "broken_" + UUID.randomUUID().toString().substring(0, 8);
    try (AwsClients clients = clients(env)) {
      CatalogApply catalog = new CatalogApply(clients.glue(Region.EU_WEST_1), line -> {});
      catalog.ensureDatabase(database);
      TableInput declared =
          GlueTableInputs.of(Tables.METRIC_REPORTS, "s3://bucket/w", "eu-west-1", "2026-01-01");
      List<Column> columns = new ArrayList<>(declared.storageDescriptor().columns());
      columns.set(3, columns.get(3).toBuilder().type("strng").build());
      TableInput malformed =
          declared.toBuilder()
              .storageDescriptor(declared.storageDescriptor().toBuilder().columns(columns).build())
              .build();
      assertThatThrownBy(() -> catalog.applyTable(database, malformed))
          .isInstanceOf(CatalogApply.CatalogException.class)
          .hasMessageContaining("Cannot create Glue table " + database + ".metric_reports")
          .hasMessageContaining("InvalidInputException")
          .hasMessageContaining("'strng'");
      AthenaQueries athena =
          new AthenaQueries(
              clients.athena(Region.EU_WEST_1), database, Optional.empty(), Optional.empty());
      ViewCatalog.View broken =
          new ViewCatalog.View(
              "broken_view",
              "a view over a table that does not exist",
              "CREATE OR REPLACE VIEW \"${database}\".\"broken_view\" AS SELECT nothing FROM \"${database}\".no_such_table",
              List.of(),
              List.of(),
              List.of(new ViewCatalog.ViewColumn("nothing", "varchar")));
      assertThatThrownBy(
              () -> catalog.applyViews(database, Policy.defaults(), athena, List.of(broken)))
          .isInstanceOf(CatalogApply.CatalogException.class)
          .hasMessageContaining("Cannot create view broken_view in " + database)
          .hasMessageContaining("no_such_table");
    }
  }

  private static void download(S3Client s3, String bucket, Path local) throws Exception {
    for (S3Object object :
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("smgov/")).contents()) {
      Path target = local.resolve(object.key());
      Files.createDirectories(target.getParent());
      s3.getObject(r -> r.bucket(bucket).key(object.key()), ResponseTransformer.toFile(target));
    }
  }
}
