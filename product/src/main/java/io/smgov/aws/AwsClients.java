package io.smgov.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.quicksight.QuickSightClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place AWS clients are built. Region, endpoint override, credentials, retry strategy,
 * metrics and the rate limiter are each applied as a separate mutation; no other class calls an SDK
 * {@code builder()}. One pooled HTTP client is shared by all clients and closed with this factory.
 */
public final class AwsClients implements AutoCloseable {
  /**
   * Requests per API call before giving up; throttling is expected, so well above the default 3.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;

  /** Connections in the shared pool: parallel account workers each keep a few open. */
  private static final int MAX_CONNECTIONS = 128;

  private static final String USER_AGENT = "smgov/" + Version.current();

  /** Base credentials (the caller's), endpoint overrides and retry settings. */
  public record Settings(
      Optional<Region> region,
      AwsCredentialsProvider credentials,
      AwsEndpoints endpoints,
      Optional<URI> warehouseEndpoint,
      int maxAttempts) {}

  private final Settings settings;
  private final SdkHttpClient http;
  private final List<SdkAutoCloseable> created = new ArrayList<>();

  /** What a tracked client owns and closes with it: an assumed role's STS client. */
  private final Map<SdkAutoCloseable, SdkAutoCloseable> owned = new IdentityHashMap<>();

  /**
   * Runs the SDK's attempt timeouts. Each request schedules one and cancels it when it completes;
   * the SDK's own executor keeps a cancelled task (and what it references) queued until its 60 s
   * delay would have passed, about 60,000 of them in a minute of fast report reads. This one drops
   * a task as soon as it is cancelled.
   */
  private final ScheduledThreadPoolExecutor timeouts;

  private AwsClients(Settings settings) {
    this.settings = settings;
    this.http =
        ApacheHttpClient.builder()
            .maxConnections(MAX_CONNECTIONS)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60))
            .build();
    this.timeouts =
        new ScheduledThreadPoolExecutor(
            TIMEOUT_THREADS,
            r -> {
              Thread thread = new Thread(r, "smgov-sdk-timeouts");
              thread.setDaemon(true);
              return thread;
            });
    timeouts.setRemoveOnCancelPolicy(true);
  }

  private static final int TIMEOUT_THREADS = 2;

  public static AwsClients create(Settings settings) {
    return new AwsClients(settings);
  }

  public AwsCredentialsProvider callerCredentials() {
    return settings.credentials();
  }

  public AwsEndpoints endpoints() {
    return settings.endpoints();
  }

  /**
   * The retry strategy of every client: the SDK's adaptive strategy (exponential backoff with
   * jitter, plus a client-side send rate that slows down when throttled) with more attempts than
   * the default 3, so a burst of throttling delays the run instead of failing it.
   */
  public RetryStrategy retryStrategy() {
    return AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
        .maxAttempts(settings.maxAttempts())
        .build();
  }

  /** A SageMaker client for one account and region; every request waits for {@code limiter}. */
  public SageMakerClient sageMaker(
      Region region, AwsCredentialsProvider credentials, CallCounter counter, RateLimiter limiter) {
    return track(
        SageMakerClient.builder()
            .applyMutation(b -> common(b, region, credentials, AwsEndpoints.SAGEMAKER))
            .applyMutation(b -> b.overrideConfiguration(override(counter, limiter)))
            .build());
  }

  /** CloudWatch of one account and region (endpoint metrics), with the account's credentials. */
  public CloudWatchClient cloudWatch(
      Region region, AwsCredentialsProvider credentials, CallCounter counter) {
    return track(
        CloudWatchClient.builder()
            .applyMutation(b -> common(b, region, credentials, AwsEndpoints.CLOUDWATCH))
            .applyMutation(b -> b.overrideConfiguration(override(counter, null)))
            .build());
  }

  /**
   * The AWS Price List Query API (GetProducts) in {@code region}, one of the regions with a Price
   * List endpoint (us-east-1, eu-central-1, ap-south-1); the region of the call is unrelated to the
   * region whose prices are asked for, which is a filter ({@code regionCode}).
   */
  public PricingClient pricing(
      Region region, AwsCredentialsProvider credentials, CallCounter counter) {
    return track(
        PricingClient.builder()
            .applyMutation(b -> common(b, region, credentials, AwsEndpoints.PRICING))
            .applyMutation(b -> b.overrideConfiguration(override(counter, null)))
            .build());
  }

  /**
   * CloudTrail of one account and region (the approval events of its registry), with the account's
   * credentials; every request waits for {@code limiter} (LookupEvents allows 2 a second per
   * account and region).
   */
  public CloudTrailClient cloudTrail(
      Region region, AwsCredentialsProvider credentials, CallCounter counter, RateLimiter limiter) {
    return track(
        CloudTrailClient.builder()
            .applyMutation(b -> common(b, region, credentials, AwsEndpoints.CLOUDTRAIL))
            .applyMutation(b -> b.overrideConfiguration(override(counter, limiter)))
            .build());
  }

  /** An S3 client reading metric reports with an account's (assumed) credentials. */
  public S3Client s3(Region region, AwsCredentialsProvider credentials, CallCounter counter) {
    Optional<URI> endpoint = settings.endpoints().endpoint(AwsEndpoints.S3);
    return track(
        S3Client.builder()
            .applyMutation(b -> common(b, region, credentials, AwsEndpoints.S3))
            // A custom S3 endpoint (the simulator, MinIO, S3Proxy) has no per-bucket host names.
            .forcePathStyle(endpoint.isPresent())
            .applyMutation(b -> b.overrideConfiguration(override(counter, null)))
            .build());
  }

  /** The S3 client of the warehouse: the caller's credentials, the warehouse endpoint if set. */
  public S3Client warehouseS3(Region region, CallCounter counter) {
    Optional<URI> endpoint =
        settings.warehouseEndpoint().or(() -> settings.endpoints().endpoint(AwsEndpoints.S3));
    return track(
        S3Client.builder()
            .region(region)
            .credentialsProvider(settings.credentials())
            .httpClient(http)
            .applyMutation(b -> endpoint.ifPresent(b::endpointOverride))
            .forcePathStyle(endpoint.isPresent())
            .applyMutation(b -> b.overrideConfiguration(override(counter, null)))
            .build());
  }

  public StsClient sts(Region region, AwsCredentialsProvider credentials, CallCounter counter) {
    return track(
        StsClient.builder()
            .applyMutation(b -> common(b, region, credentials, AwsEndpoints.STS))
            .applyMutation(b -> b.overrideConfiguration(override(counter, null)))
            .build());
  }

  /**
   * Credentials of {@code roleArn}, refreshed by the SDK before they expire; the external id, when
   * given, is what the role's trust policy asks for.
   */
  public AwsCredentialsProvider assumeRole(
      String roleArn,
      Optional<String> externalId,
      String sessionName,
      Region region,
      CallCounter counter) {
    StsClient sts = sts(region, settings.credentials(), counter);
    StsAssumeRoleCredentialsProvider provider =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(
                r -> {
                  r.roleArn(roleArn).roleSessionName(sessionName);
                  externalId.ifPresent(r::externalId);
                })
            .asyncCredentialUpdateEnabled(false)
            .build();
    synchronized (this) {
      owned.put(provider, sts);
    }
    return track(provider);
  }

  /** The Glue Data Catalog of the caller's account (catalog apply, export's region enum). */
  public GlueClient glue(Region region) {
    return track(
        GlueClient.builder()
            .applyMutation(b -> common(b, region, settings.credentials(), AwsEndpoints.GLUE))
            .applyMutation(b -> b.overrideConfiguration(override(null, null)))
            .build());
  }

  public AthenaClient athena(Region region) {
    return track(
        AthenaClient.builder()
            .applyMutation(b -> common(b, region, settings.credentials(), AwsEndpoints.ATHENA))
            .applyMutation(b -> b.overrideConfiguration(override(null, null)))
            .build());
  }

  /** Lake Formation of the caller's account (catalog apply --lake-formation). */
  public LakeFormationClient lakeFormation(Region region) {
    return track(
        LakeFormationClient.builder()
            .applyMutation(
                b -> common(b, region, settings.credentials(), AwsEndpoints.LAKEFORMATION))
            .applyMutation(b -> b.overrideConfiguration(override(null, null)))
            .build());
  }

  /** QuickSight of the caller's account (dashboard apply). */
  public QuickSightClient quickSight(Region region) {
    return track(
        QuickSightClient.builder()
            .applyMutation(b -> common(b, region, settings.credentials(), AwsEndpoints.QUICKSIGHT))
            .applyMutation(b -> b.overrideConfiguration(override(null, null)))
            .build());
  }

  /** EventBridge of the caller's account (notify --event-bus). */
  public EventBridgeClient eventBridge(Region region, CallCounter counter) {
    return track(
        EventBridgeClient.builder()
            .applyMutation(b -> common(b, region, settings.credentials(), AwsEndpoints.EVENTBRIDGE))
            .applyMutation(b -> b.overrideConfiguration(override(counter, null)))
            .build());
  }

  /** Security Hub of the caller's account (notify --security-hub). */
  public SecurityHubClient securityHub(Region region, CallCounter counter) {
    return track(
        SecurityHubClient.builder()
            .applyMutation(b -> common(b, region, settings.credentials(), AwsEndpoints.SECURITYHUB))
            .applyMutation(b -> b.overrideConfiguration(override(counter, null)))
            .build());
  }

  /** The region the caller's settings name (AWS_REGION, the profile), if any. */
  public Optional<Region> defaultRegion() {
    return settings.region();
  }

  /** Organizations is a global service, answered in us-east-1. */
  public OrganizationsClient organizations(CallCounter counter) {
    return track(
        OrganizationsClient.builder()
            .applyMutation(
                b ->
                    common(b, Region.US_EAST_1, settings.credentials(), AwsEndpoints.ORGANIZATIONS))
            .applyMutation(b -> b.overrideConfiguration(override(counter, null)))
            .build());
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> void common(
      B builder, Region region, AwsCredentialsProvider credentials, String service) {
    builder.region(region).credentialsProvider(credentials).httpClient(http);
    settings.endpoints().endpoint(service).ifPresent(builder::endpointOverride);
  }

  private ClientOverrideConfiguration override(CallCounter counter, RateLimiter limiter) {
    ClientOverrideConfiguration.Builder override =
        ClientOverrideConfiguration.builder()
            .retryStrategy(retryStrategy())
            .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, USER_AGENT)
            .apiCallAttemptTimeout(Duration.ofSeconds(60))
            .scheduledExecutorService(timeouts);
    if (counter != null) {
      override.addMetricPublisher(counter);
    }
    if (limiter != null) {
      override.addExecutionInterceptor(
          new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(
                Context.BeforeTransmission context, ExecutionAttributes attributes) {
              limiter.acquire(); // every attempt, retries included, spends the account's rate
            }
          });
    }
    return override.build();
  }

  private synchronized <T extends SdkAutoCloseable> T track(T client) {
    created.add(client);
    return client;
  }

  /**
   * Closes clients made for one unit of work (an account/region) and forgets them, with what they
   * own; anything this did not make (the caller's credentials) is left alone.
   */
  public synchronized void release(Object... clients) {
    for (Object client : clients) {
      if (client instanceof SdkAutoCloseable closeable) {
        SdkAutoCloseable dependent = owned.remove(closeable);
        if (created.removeIf(c -> c == closeable)) {
          closeable.close();
        }
        if (dependent != null) {
          release(dependent);
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    for (SdkAutoCloseable client : created) {
      client.close();
    }
    created.clear();
    http.close();
    timeouts.shutdownNow(); // the SDK does not close an executor it was given
  }
}
