package io.smgov.cli;

import io.smgov.aws.AwsClients;
import io.smgov.aws.AwsEndpoints;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The AWS client settings of the catalog, dashboard and Athena commands: the standard chain. */
final class AwsOptions {
  @Option(
      names = "--region",
      paramLabel = "R",
      description =
          "Region of the Glue catalog, Athena and QuickSight (default: the SDK's, AWS_REGION).")
  String region;

  @Option(
      names = "--warehouse-endpoint-url",
      paramLabel = "URL",
      hidden = true,
      description = "S3-compatible endpoint of the warehouse bucket.")
  URI warehouseEndpoint;

  Region region() {
    if (region != null) {
      Region chosen = Region.of(region);
      if (!Region.regions().contains(chosen)) {
        throw new UsageException(
            "--region: '" + region + "' is not an AWS region (e.g. eu-west-1)");
      }
      return chosen;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (RuntimeException e) {
      throw new UsageException(
          "--region: none given and no default region is configured (set AWS_REGION or --region eu-west-1)");
    }
  }

  AwsClients clients() {
    Optional<URI> warehouseUrl =
        Optional.ofNullable(warehouseEndpoint)
            .or(
                () ->
                    Optional.ofNullable(System.getenv("SMGOV_WAREHOUSE_ENDPOINT_URL"))
                        .filter(s -> !s.isBlank())
                        .map(URI::create));
    return AwsClients.create(
        new AwsClients.Settings(
            Optional.of(region()),
            DefaultCredentialsProvider.builder().build(),
            AwsEndpoints.fromEnvironment(System.getenv()),
            warehouseUrl,
            AwsClients.DEFAULT_MAX_ATTEMPTS));
  }
}
