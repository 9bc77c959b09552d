package io.smgov.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.aws.AwsClients;
import io.smgov.aws.CallCounter;
import io.smgov.simulator.PortfolioGenerator;
import io.smgov.sink.Warehouse;
import io.smgov.testing.ExportFixture;
import io.smgov.testing.S3ProxyServer;
import io.smgov.testing.TestAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * A warehouse that cannot be written fails the export before a single estate read, naming the
 * location and the reason in words (docs/failure-modes.md).
 */
class UnwritableWarehouseTest {
  static final PortfolioGenerator.Spec SPEC =
      new PortfolioGenerator.Spec(
          1, List.of("eu-west-1"), 1, 2, 3L, PortfolioGenerator.DEFAULT_AS_OF);

  @Test
  void aFileInTheWayFailsBeforeTheEstateIsRead(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("warehouse"), "not a folder");
    try (ExportFixture fixture = ExportFixture.start(SPEC)) {
      assertThatThrownBy(() -> fixture.export(file, "2026-11-01T06:00:00Z"))
          .isInstanceOf(Warehouse.NotWritableException.class)
          .hasMessage("Cannot write the warehouse at " + file + ": it is a file, not a folder");
      assertThatThrownBy(() -> fixture.export(file.resolve("below"), "2026-11-01T06:00:00Z"))
          .isInstanceOf(Warehouse.NotWritableException.class)
          .hasMessage(
              "Cannot write the warehouse at "
                  + file.resolve("below")
                  + ": "
                  + file
                  + " is a file, not a folder");
      assertThat(fixture.requests().size()).as("no AWS request was made").isZero();
    }
  }

  @Test
  void aDeniedPrefixOrAMissingBucketFailsBeforeTheEstateIsRead() throws Exception {
    try (S3ProxyServer s3proxy = S3ProxyServer.start(key -> key.startsWith("smgov/v1/"));
        ExportFixture fixture =
            ExportFixture.start(SPEC, d -> {}, Optional.of(s3proxy.endpoint()));
        AwsClients clients =
            TestAws.clients(fixture.simulator.endpoint(), Optional.of(s3proxy.endpoint()))) {
      clients
          .warehouseS3(Region.EU_WEST_1, new CallCounter())
          .createBucket(r -> r.bucket("governance-warehouse"));
      assertThatThrownBy(
              () ->
                  fixture.export(
                      fixture.options(
                          "s3://governance-warehouse/smgov/v1", "2026-11-01T06:00:00Z")))
          .isInstanceOf(Warehouse.NotWritableException.class)
          .hasMessage(
              "Cannot write the warehouse at s3://governance-warehouse/smgov/v1: access denied:"
                  + " grant the job's role s3:PutObject on s3://governance-warehouse/smgov/v1/*");
      assertThatThrownBy(
              () ->
                  fixture.export(
                      fixture.options("s3://no-such-bucket/smgov", "2026-11-01T06:00:00Z")))
          .isInstanceOf(Warehouse.NotWritableException.class)
          .hasMessage(
              "Cannot write the warehouse at s3://no-such-bucket/smgov: no such bucket no-such-bucket");
      assertThat(fixture.requests().count(e -> e.service().equals("sagemaker")))
          .as("no SageMaker request was made")
          .isZero();
    }
  }
}
