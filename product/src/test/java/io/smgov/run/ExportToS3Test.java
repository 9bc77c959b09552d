package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.aws.AwsClients;
import io.smgov.aws.CallCounter;
import io.smgov.model.RunStatus;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.sink.ParquetFiles;
import io.smgov.table.Tables;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.S3ProxyServer;
import io.smgov.testing.TestAws;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The warehouse on S3 (S3Proxy): one object per table/date/region/account, read back on the next
 * run.
 */
class ExportToS3Test {
  static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          2, List.of("eu-west-1", "us-east-1"), 3, 4, 8L, PortfolioGenerator.DEFAULT_AS_OF);

  @Test
  void exportsToS3AndCarriesForwardFromS3(@TempDir Path scratch) throws Exception {
    try (S3ProxyServer s3proxy = S3ProxyServer.start();
        ExportFixture fixture =
            ExportFixture.start(SPEC, d -> {}, Optional.of(s3proxy.endpoint()));
        AwsClients clients =
            TestAws.clients(fixture.simulator.endpoint(), Optional.of(s3proxy.endpoint()))) {
      S3Client s3 = clients.warehouseS3(Region.EU_WEST_1, new CallCounter());
      s3.createBucket(r -> r.bucket("governance-warehouse"));
      fixture.export(fixture.options("s3://governance-warehouse/smgov/v1", "2026-11-01T06:00:00Z"));
      List<S3Object> objects =
          s3
              .listObjectsV2Paginator(r -> r.bucket("governance-warehouse").prefix("smgov/v1/"))
              .contents()
              .stream()
              .filter(o -> !o.key().equals("smgov/v1/_smgov-write-check"))
              .filter(o -> !o.key().startsWith("smgov/v1/_smgov-changes/"))
              .toList();
      // A full export marks every table changed, one small object each, for dashboard refresh.
      assertThat(
              s3.listObjectsV2(
                      r -> r.bucket("governance-warehouse").prefix("smgov/v1/_smgov-changes/"))
                  .contents())
          .extracting(o -> o.key().substring("smgov/v1/_smgov-changes/".length()))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(Tables.EXPORTED.stream(), Stream.of(Tables.PRICES))
                  .map(t -> t.name())
                  .toList());
      // The write check (one small object at the prefix), then one object per table.
      assertThat(
              s3.headObject(
                      r -> r.bucket("governance-warehouse").key("smgov/v1/_smgov-write-check"))
                  .contentLength())
          .isPositive();
      // ... and each region's hosting prices, once (not per account).
      assertThat(objects).hasSize(2 * 2 * Tables.EXPORTED.size() + 2);
      assertThat(objects)
          .extracting(S3Object::key)
          .contains(
              "smgov/v1/model_packages/snapshot_date=2026-11-01/region=us-east-1/222222222222.parquet")
          .allSatisfy(
              k ->
                  assertThat(k)
                      .matches(
                          "smgov/v1/[a-z_]+/snapshot_date=2026-11-01/region=[a-z0-9-]+/\\d{12}"
                              + "(\\.\\d{8}T\\d{6}Z-[0-9a-f]{8})?\\.parquet"));

      Path file = scratch.resolve("packages.parquet");
      s3.getObject(
          r ->
              r.bucket("governance-warehouse")
                  .key(
                      "smgov/v1/model_packages/snapshot_date=2026-11-01/region=eu-west-1/111111111111.parquet"),
          ResponseTransformer.toFile(file));
      assertThat(ParquetFiles.read(Tables.MODEL_PACKAGES, file))
          .hasSize(SPEC.groups() * SPEC.versions());

      fixture.requests().clear();
      ExportJob.Outcome warm =
          fixture.export(
              fixture.options("s3://governance-warehouse/smgov/v1", "2026-11-02T06:00:00Z"));
      assertThat(warm.runs())
          .allSatisfy(
              r -> {
                assertThat(r.previousSnapshotDate()).isEqualTo("2026-11-01");
                assertThat(r.reportsFetched()).isZero();
                assertThat(r.endpointConfigsDescribed()).isZero();
              });
      assertThat(fixture.requests().count(e -> e.operation().equals("GetObject"))).isZero();
      assertThat(warm.warehouseRequests()).isPositive();
    }
  }

  @Test
  void aDeniedPrefixFailsThatAccountOnlyWithItsCauseRecorded() throws Exception {
    // A policy denies account 222222222222's writes under model_metrics/: its export fails while
    // storing, is recorded as failed with the cause, and its snapshot is not marked (model_packages
    // is
    // stored last); account 111111111111 is written whole.
    String denied = "smgov/v1/model_metrics/";
    try (S3ProxyServer s3proxy =
            S3ProxyServer.start(
                key -> key.startsWith(denied) && key.endsWith("/222222222222.parquet"));
        ExportFixture fixture =
            ExportFixture.start(SPEC, d -> {}, Optional.of(s3proxy.endpoint()));
        AwsClients clients =
            TestAws.clients(fixture.simulator.endpoint(), Optional.of(s3proxy.endpoint()))) {
      S3Client s3 = clients.warehouseS3(Region.EU_WEST_1, new CallCounter());
      s3.createBucket(r -> r.bucket("governance-warehouse"));
      ExportJob.Outcome outcome =
          fixture.export(
              fixture.options("s3://governance-warehouse/smgov/v1", "2026-11-01T06:00:00Z"));
      assertThat(outcome.anyFailed()).isTrue();
      assertThat(outcome.allFailed()).isFalse();
      assertThat(outcome.runs()).hasSize(4);
      List<String> keys =
          s3
              .listObjectsV2Paginator(r -> r.bucket("governance-warehouse").prefix("smgov/v1/"))
              .contents()
              .stream()
              .map(S3Object::key)
              .toList();
      for (String region : List.of("eu-west-1", "us-east-1")) {
        String partition = "/snapshot_date=2026-11-01/region=" + region + "/";
        assertThat(keys)
            .contains(
                "smgov/v1/model_packages" + partition + "111111111111.parquet",
                "smgov/v1/model_metrics" + partition + "111111111111.parquet");
        // The failed account's run is recorded: export_runs holds one object per run.
        assertThat(keys)
            .anyMatch(
                k ->
                    k.startsWith("smgov/v1/export_runs" + partition + "222222222222.")
                        && k.endsWith(".parquet"));
        assertThat(keys)
            .doesNotContain(
                "smgov/v1/model_packages" + partition + "222222222222.parquet",
                "smgov/v1/model_metrics" + partition + "222222222222.parquet");
      }
      assertThat(outcome.runs())
          .filteredOn(r -> r.status() == RunStatus.FAILED)
          .hasSize(2)
          .allSatisfy(
              r -> {
                assertThat(r.errorKind()).isEqualTo("access_denied");
                assertThat(r.errorMessage())
                    .startsWith("storing model_metrics: ")
                    .contains("403")
                    .contains(
                        "grant the job's role s3:PutObject on s3://governance-warehouse/smgov/v1")
                    .contains(
                        "objects of today's snapshot were replaced before the failure: rerun this account and region");
              });
      assertThat(outcome.runs()).filteredOn(r -> r.status() != RunStatus.FAILED).hasSize(2);
    }
  }
}
