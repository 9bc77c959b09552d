package io.smgov.testing;

import io.smgov.aws.AwsClients;
import io.smgov.aws.AwsEndpoints;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Real SDK clients pointed at a simulator endpoint, with static test credentials. */
public final class TestAws {
  public static final StaticCredentialsProvider CALLER =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create("AKIDSMGOVTESTCALLER", "test-secret"));

  private TestAws() {}

  public static AwsClients clients(URI simulator) {
    return clients(simulator, Optional.empty());
  }

  public static AwsClients clients(URI simulator, Optional<URI> warehouseEndpoint) {
    return clients(AwsEndpoints.all(simulator), warehouseEndpoint);
  }

  public static AwsClients clients(AwsEndpoints endpoints, Optional<URI> warehouseEndpoint) {
    return AwsClients.create(
        new AwsClients.Settings(
            Optional.of(Region.EU_WEST_1),
            CALLER,
            endpoints,
            warehouseEndpoint,
            AwsClients.DEFAULT_MAX_ATTEMPTS));
  }
}
