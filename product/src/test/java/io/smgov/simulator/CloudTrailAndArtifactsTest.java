package io.smgov.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.aws.CallCounter;
import io.smgov.aws.RateLimiter;
import io.smgov.testing.TestAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.AccessDeniedException;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.InvalidEventCategoryException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidLookupAttributesException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidMaxResultsException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudtrail.model.InvalidTimeRangeException;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.cloudtrail.model.Resource;
import software.amazon.awssdk.services.cloudtrail.model.ThrottlingException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * CloudTrail LookupEvents (AWS JSON 1.1) and S3 HeadObject/GetObject metadata, driven by the real
 * SDK clients over a hand-built portfolio whose "now" is fixed at 2026-06-01T00:00:00Z. Every
 * expected value below is worked out by hand from how the portfolio is built.
 *
 * <p>LookupEvents is limited to 2 requests a second per account and region, as on AWS. The clients
 * of the functional tests pace themselves to that rate (one shared pacer, since they share
 * eu-west-1's allowance); the throttling tests use regions of their own.
 */
class CloudTrailAndArtifactsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A = "111111111111";
  private static final String REGION = "eu-west-1";
  private static final String PACKAGE =
      "arn:aws:sagemaker:" + REGION + ":" + A + ":model-package/grp/";
  private static final String NOW = "2026-06-01T00:00:00Z";

  /** ev-000 … ev-119 are one hour apart from here. */
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

  /**
   * The compact JSON string approve-7's CloudTrailEvent object becomes, written out by hand from
   * the object below.
   */
  private static final String APPROVE_7_RECORD =
      "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"AssumedRole\","
          + "\"arn\":\"arn:aws:sts::111111111111:assumed-role/Approver/carol\"},"
          + "\"eventTime\":\"2026-05-10T12:00:00Z\",\"eventSource\":\"sagemaker.amazonaws.com\","
          + "\"eventName\":\"UpdateModelPackage\",\"requestParameters\":{\"modelPackageArn\":"
          + "\"arn:aws:sagemaker:eu-west-1:111111111111:model-package/grp/7\",\"modelApprovalStatus\":\"Approved\"},"
          + "\"readOnly\":false}";

  /** string-1's CloudTrailEvent, written as a string (spaces and all) in the portfolio. */
  private static final String STRING_1_RECORD =
      "{ \"eventVersion\": \"1.08\", \"eventName\": \"CreateModelPackage\" }";

  /** The functional tests' shared 2-a-second pace for account A in eu-west-1. */
  private static final RateLimiter PACE = new RateLimiter(2);

  private static Simulator simulator;
  private static AwsClients clients;
  private static CloudTrailClient cloudTrail;
  private static final List<CloudTrailClient> OPENED = new ArrayList<>();

  @BeforeAll
  static void start() {
    simulator =
        Simulator.start(
            PortfolioLoader.fromJson(portfolio(NOW), "test"), Simulator.Options.defaults());
    clients = TestAws.clients(simulator.endpoint());
    cloudTrail =
        cloudTrail(
            simulator.endpoint(), Region.EU_WEST_1, TestAws.CALLER, clients.retryStrategy(), PACE);
  }

  @AfterAll
  static void stop() {
    OPENED.forEach(CloudTrailClient::close);
    clients.close();
    simulator.close();
  }

  // ---------------------------------------------------------------- paging and order

  @Test
  void pagesEveryEventOnceNewestFirst() {
    // In the 90 days before "now": ev-000 … ev-119, edge-1, approve-7 and string-1 (insight-1 is an
    // Insights event, old-1 and old-2 are older than 90 days).
    List<LookupEventsResponse> pages =
        cloudTrail.lookupEventsPaginator(r -> r.maxResults(50)).stream().toList();
    assertThat(pages).extracting(p -> p.events().size()).containsExactly(50, 50, 23);
    assertThat(pages.get(0).nextToken()).isNotNull();
    assertThat(pages.get(2).nextToken()).isNull();
    List<String> ids =
        pages.stream().flatMap(p -> p.events().stream()).map(Event::eventId).toList();
    assertThat(ids).hasSize(123).doesNotHaveDuplicates();
    assertThat(ids.subList(0, 4)).containsExactly("approve-7", "string-1", "ev-119", "ev-118");
    assertThat(ids.subList(121, 123)).containsExactly("ev-000", "edge-1");
    List<Instant> times =
        pages.stream().flatMap(p -> p.events().stream()).map(Event::eventTime).toList();
    assertThat(times).isSortedAccordingTo(Comparator.reverseOrder());

    Event ev119 = pages.get(0).events().get(2);
    assertThat(ev119.eventName()).isEqualTo("DescribeModelPackage");
    assertThat(ev119.readOnly()).isEqualTo("true");
    assertThat(ev119.username()).isEqualTo("bob");
    assertThat(ev119.accessKeyId()).isEqualTo("ASIAEXAMPLEKEY000002");
    assertThat(ev119.eventSource()).isEqualTo("sagemaker.amazonaws.com");
    assertThat(ev119.eventTime()).isEqualTo(Instant.parse("2026-05-05T23:00:00Z"));
    assertThat(ev119.resources())
        .containsExactly(
            Resource.builder()
                .resourceType("AWS::SageMaker::ModelPackage")
                .resourceName(PACKAGE + "10")
                .build());
    assertThat(ev119.cloudTrailEvent()).isNull();

    // Without MaxResults a page holds 50.
    LookupEventsResponse first = cloudTrail.lookupEvents(r -> {});
    assertThat(first.events()).hasSize(50);
    assertThat(first.events().get(0).eventId()).isEqualTo("approve-7");
    assertThat(first.nextToken()).isNotNull();
    // A small page, then the next one from its token.
    LookupEventsResponse three = cloudTrail.lookupEvents(r -> r.maxResults(3));
    assertThat(three.events())
        .extracting(Event::eventId)
        .containsExactly("approve-7", "string-1", "ev-119");
    assertThat(cloudTrail.lookupEvents(r -> r.maxResults(3).nextToken(three.nextToken())).events())
        .extracting(Event::eventId)
        .containsExactly("ev-118", "ev-117", "ev-116");
  }

  // ---------------------------------------------------------------- lookup attributes

  @Test
  void anEventNameLookupIsAnExactMatch() {
    // ev-000, ev-004, …, ev-116 (30), approve-7 and edge-1; not insight-1, old-1 or old-2.
    List<String> approvals =
        ids(
            r ->
                r.lookupAttributes(
                    a ->
                        a.attributeKey(LookupAttributeKey.EVENT_NAME)
                            .attributeValue("UpdateModelPackage")));
    assertThat(approvals).hasSize(32);
    assertThat(approvals.subList(0, 3)).containsExactly("approve-7", "ev-116", "ev-112");
    assertThat(approvals.subList(30, 32)).containsExactly("ev-000", "edge-1");
    assertThat(
            ids(
                r ->
                    r.lookupAttributes(
                        a ->
                            a.attributeKey(LookupAttributeKey.EVENT_NAME)
                                .attributeValue("updatemodelpackage"))))
        .isEmpty();
  }

  @Test
  void everyAttributeKeyFilters() {
    // ResourceName matches any of an event's Resources: ev-006, ev-016, …, ev-116 and approve-7.
    assertThat(ids(r -> attribute(r, LookupAttributeKey.RESOURCE_NAME, PACKAGE + "7")))
        .hasSize(13)
        .startsWith("approve-7", "ev-116");
    // Every ev-* and approve-7 name a model package; string-1 and edge-1 have no resources.
    assertThat(
            ids(
                r ->
                    attribute(r, LookupAttributeKey.RESOURCE_TYPE, "AWS::SageMaker::ModelPackage")))
        .hasSize(121);
    assertThat(ids(r -> attribute(r, LookupAttributeKey.USERNAME, "alice")))
        .hasSize(60); // even ev-*
    assertThat(ids(r -> attribute(r, LookupAttributeKey.READ_ONLY, "true")))
        .hasSize(90); // ev-* not divisible by 4
    assertThat(ids(r -> attribute(r, LookupAttributeKey.ACCESS_KEY_ID, "ASIAEXAMPLEKEY000001")))
        .hasSize(60); // ev-000 … ev-059
    assertThat(ids(r -> attribute(r, LookupAttributeKey.EVENT_ID, "ev-042")))
        .containsExactly("ev-042");
    assertThat(ids(r -> attribute(r, LookupAttributeKey.EVENT_SOURCE, "s3.amazonaws.com")))
        .isEmpty();
  }

  // ---------------------------------------------------------------- time range and the 90 days

  @Test
  void startAndEndTimeAreInclusive() {
    Instant start = Instant.parse("2026-05-02T00:00:00Z"); // ev-024
    Instant end = Instant.parse("2026-05-02T05:00:00Z"); // ev-029
    assertThat(ids(r -> r.startTime(start).endTime(end)))
        .containsExactly("ev-029", "ev-028", "ev-027", "ev-026", "ev-025", "ev-024");
    assertThat(
            ids(
                r ->
                    r.startTime(start)
                        .endTime(end)
                        .lookupAttributes(
                            a ->
                                a.attributeKey(LookupAttributeKey.EVENT_NAME)
                                    .attributeValue("UpdateModelPackage"))))
        .containsExactly("ev-028", "ev-024");
    // StartTime equal to EndTime: the one event at that instant.
    assertThat(ids(r -> r.startTime(start).endTime(start))).containsExactly("ev-024");
  }

  @Test
  void eventsOlderThan90DaysBeforeNowAreNeverReturned() {
    // dave's events: edge-1 exactly 90 days before now (2026-03-03T00:00:00Z), old-1 one second
    // older, old-2 on 2025-12-01. Only edge-1 is still in the event history.
    assertThat(ids(r -> attribute(r, LookupAttributeKey.USERNAME, "dave")))
        .containsExactly("edge-1");
    assertThat(ids(r -> attribute(r, LookupAttributeKey.EVENT_ID, "old-1"))).isEmpty();
    assertThat(
            ids(
                r ->
                    r.startTime(Instant.parse("2025-01-01T00:00:00Z"))
                        .endTime(Instant.parse("2026-03-02T23:59:59Z"))))
        .isEmpty();

    // The same portfolio with "now" on 2026-03-05: the history reaches back to 2025-12-05, so old-1
    // is back and old-2 is still too old.
    try (Simulator earlier =
        Simulator.start(
            PortfolioLoader.fromJson(portfolio("2026-03-05T00:00:00Z"), "test"),
            Simulator.Options.defaults())) {
      CloudTrailClient client =
          cloudTrail(
              earlier.endpoint(), Region.EU_WEST_1, TestAws.CALLER, clients.retryStrategy(), null);
      assertThat(
              client.lookupEvents(r -> attribute(r, LookupAttributeKey.USERNAME, "dave")).events())
          .extracting(Event::eventId)
          .containsExactly("edge-1", "old-1");
    }
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void refusesWhatTheApiReferenceRefuses() {
    assertThatThrownBy(
            () ->
                cloudTrail.lookupEvents(
                    r ->
                        r.lookupAttributes(
                            a ->
                                a.attributeKey(LookupAttributeKey.EVENT_NAME)
                                    .attributeValue("UpdateModelPackage"),
                            a ->
                                a.attributeKey(LookupAttributeKey.USERNAME)
                                    .attributeValue("alice"))))
        .isInstanceOfSatisfying(
            InvalidLookupAttributesException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode())
                  .isEqualTo("InvalidLookupAttributesException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("LookupAttributes can contain only one item; the request has 2.");
            });
    assertThatThrownBy(
            () ->
                cloudTrail.lookupEvents(
                    r -> r.lookupAttributes(a -> a.attributeKey("Region").attributeValue("x"))))
        .isInstanceOf(InvalidLookupAttributesException.class)
        .hasMessageContaining("AttributeKey Region is not valid");
    assertThatThrownBy(
            () ->
                cloudTrail.lookupEvents(
                    r -> attribute(r, LookupAttributeKey.USERNAME, "_".repeat(1001))))
        .isInstanceOf(InvalidLookupAttributesException.class)
        .hasMessageContaining("1 to 2000 characters");

    assertThatThrownBy(
            () ->
                cloudTrail.lookupEvents(
                    r ->
                        r.startTime(Instant.parse("2026-05-03T00:00:00Z"))
                            .endTime(Instant.parse("2026-05-02T00:00:00Z"))))
        .isInstanceOfSatisfying(
            InvalidTimeRangeException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The StartTime must not be after the EndTime.");
            });

    assertThatThrownBy(() -> cloudTrail.lookupEvents(r -> r.maxResults(51)))
        .isInstanceOfSatisfying(
            InvalidMaxResultsException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("MaxResults 51 is not valid: it must be from 1 to 50."));
    assertThatThrownBy(() -> cloudTrail.lookupEvents(r -> r.maxResults(0)))
        .isInstanceOf(InvalidMaxResultsException.class);

    assertThatThrownBy(() -> cloudTrail.lookupEvents(r -> r.eventCategory("management")))
        .isInstanceOfSatisfying(
            InvalidEventCategoryException.class, e -> assertThat(e.statusCode()).isEqualTo(400));

    assertThatThrownBy(() -> cloudTrail.lookupEvents(r -> r.nextToken("not-a-token")))
        .isInstanceOfSatisfying(
            InvalidNextTokenException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    // A token must come back with the parameters it was issued for.
    String token =
        cloudTrail
            .lookupEvents(
                r ->
                    r.maxResults(5)
                        .lookupAttributes(
                            a ->
                                a.attributeKey(LookupAttributeKey.EVENT_NAME)
                                    .attributeValue("UpdateModelPackage")))
            .nextToken();
    assertThat(token).isNotNull();
    assertThatThrownBy(() -> cloudTrail.lookupEvents(r -> r.maxResults(5).nextToken(token)))
        .isInstanceOf(InvalidNextTokenException.class);
  }

  @Test
  void insightsEventsOnlyForTheInsightCategory() {
    assertThat(ids(r -> r.eventCategory("insight"))).containsExactly("insight-1");
    assertThat(
            ids(
                r ->
                    r.eventCategory("insight")
                        .lookupAttributes(
                            a ->
                                a.attributeKey(LookupAttributeKey.EVENT_NAME)
                                    .attributeValue("UpdateModelPackage"))))
        .containsExactly("insight-1");
    // Insights lookups support EventId, EventName and EventSource only.
    assertThatThrownBy(
            () ->
                cloudTrail.lookupEvents(
                    r ->
                        r.eventCategory("insight")
                            .lookupAttributes(
                                a ->
                                    a.attributeKey(LookupAttributeKey.USERNAME)
                                        .attributeValue("alice"))))
        .isInstanceOf(InvalidLookupAttributesException.class);
  }

  // ---------------------------------------------------------------- the CloudTrailEvent record

  @Test
  void theCloudTrailEventRecordIsTheJsonStringTheApiReturns() {
    Event approval =
        cloudTrail
            .lookupEvents(r -> attribute(r, LookupAttributeKey.EVENT_ID, "approve-7"))
            .events()
            .get(0);
    assertThat(approval.cloudTrailEvent()).isEqualTo(APPROVE_7_RECORD);
    assertThat(approval.username()).isEqualTo("carol");
    assertThat(approval.eventTime()).isEqualTo(Instant.parse("2026-05-10T12:00:00Z"));
    // Written as a string in the portfolio: returned character for character.
    Event created =
        cloudTrail
            .lookupEvents(r -> attribute(r, LookupAttributeKey.EVENT_NAME, "CreateModelPackage"))
            .events()
            .get(0);
    assertThat(created.eventId()).isEqualTo("string-1");
    assertThat(created.cloudTrailEvent()).isEqualTo(STRING_1_RECORD);
  }

  // ---------------------------------------------------------------- denied roles

  @Test
  void aRoleDeniedLookupEventsGetsAccessDenied() {
    CloudTrailClient denied =
        cloudTrail(
            simulator.endpoint(),
            Region.EU_WEST_1,
            role("no-trail"),
            clients.retryStrategy(),
            PACE);
    assertThatThrownBy(() -> denied.lookupEvents(r -> {}))
        .isInstanceOfSatisfying(
            AccessDeniedException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "User: arn:aws:sts::"
                          + A
                          + ":assumed-role/no-trail/test is not authorized to perform: "
                          + "cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action");
            });
    CloudTrailClient reader =
        cloudTrail(
            simulator.endpoint(), Region.EU_WEST_1, role("reader"), clients.retryStrategy(), PACE);
    assertThat(
            reader.lookupEvents(r -> attribute(r, LookupAttributeKey.EVENT_ID, "ev-001")).events())
        .extracting(Event::eventName)
        .containsExactly("DescribeModelPackage");
  }

  // ---------------------------------------------------------------- the rate limit

  @Test
  void aBurstBeyondTwoASecondIsThrottledUntilTimeMovesOn() {
    // The rate limit's clock is the test's: held still, then moved by hand (no sleeping).
    AtomicLong nanos = new AtomicLong();
    try (Simulator frozen =
        Simulator.start(
            PortfolioLoader.fromJson(portfolio(NOW), "test"),
            Simulator.Options.defaults(),
            nanos::get)) {
      CloudTrailClient noRetries =
          cloudTrail(
              frozen.endpoint(),
              Region.US_EAST_2,
              TestAws.CALLER,
              AwsRetryStrategy.doNotRetry(),
              null);
      assertThat(burst(noRetries, 6))
          .containsExactly("ok", "ok", "throttled", "throttled", "throttled", "throttled");
      nanos.addAndGet(500_000_000L); // half a second: one request's worth comes back
      assertThat(burst(noRetries, 2)).containsExactly("ok", "throttled");
      nanos.addAndGet(5_000_000_000L); // the bucket holds two at most
      assertThat(burst(noRetries, 3)).containsExactly("ok", "ok", "throttled");
      // Each account and region has an allowance of its own.
      CloudTrailClient otherRegion =
          cloudTrail(
              frozen.endpoint(),
              Region.US_WEST_2,
              TestAws.CALLER,
              AwsRetryStrategy.doNotRetry(),
              null);
      assertThat(burst(otherRegion, 3)).containsExactly("ok", "ok", "throttled");
    }
  }

  /** {@code n} LookupEvents back to back: "ok" or "throttled" each. */
  private static List<String> burst(CloudTrailClient client, int n) {
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        client.lookupEvents(r -> {});
        outcomes.add("ok");
      } catch (ThrottlingException e) {
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        assertThat(e.isThrottlingException())
            .isTrue(); // what the SDK's retry strategies back off on
        outcomes.add("throttled");
      }
    }
    return outcomes;
  }

  // ---------------------------------------------------------------- S3 object metadata

  @Test
  void headObjectAnswersWithThePlantedMetadata() {
    S3Client s3 = clients.s3(Region.EU_WEST_1, TestAws.CALLER, new CallCounter());
    // Overwritten two days after approve-7 approved the version that names it.
    HeadObjectResponse overwritten =
        s3.headObject(r -> r.bucket("models").key("grp/7/model.tar.gz"));
    assertThat(overwritten.lastModified()).isEqualTo(Instant.parse("2026-05-12T08:30:00Z"));
    assertThat(overwritten.eTag()).isEqualTo("\"9b2cf535f27731c974343645a3985328\"");
    assertThat(overwritten.versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY");
    assertThat(overwritten.contentLength()).isEqualTo(10L); // "weights-v1"
    GetObjectResponse got;
    byte[] body;
    try (var in = s3.getObject(r -> r.bucket("models").key("grp/7/model.tar.gz"))) {
      got = in.response();
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("weights-v1");
    assertThat(got.lastModified()).isEqualTo(Instant.parse("2026-05-12T08:30:00Z"));
    assertThat(got.eTag()).isEqualTo("\"9b2cf535f27731c974343645a3985328\"");
    assertThat(got.versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY");

    // Metadata alone is a zero-byte object; LastModified was written as epoch seconds.
    HeadObjectResponse metadataOnly =
        s3.headObject(r -> r.bucket("models").key("grp/8/model.tar.gz"));
    assertThat(metadataOnly.lastModified()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(metadataOnly.eTag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
    assertThat(metadataOnly.versionId()).isNull();
    assertThat(metadataOnly.contentLength()).isZero();

    // No metadata: as before, the MD5 of the body and the simulator's fixed date.
    HeadObjectResponse plain = s3.headObject(r -> r.bucket("models").key("grp/9/model.tar.gz"));
    assertThat(plain.eTag()).isEqualTo("\"900150983cd24fb0d6963f7d28e17f72\""); // MD5 of "abc"
    assertThat(plain.lastModified()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(plain.versionId()).isNull();

    assertThatThrownBy(() -> s3.headObject(r -> r.bucket("models").key("grp/10/model.tar.gz")))
        .isInstanceOf(NoSuchKeyException.class);

    // "Deleted": gone, whatever else the entry says.
    assertThatThrownBy(() -> s3.headObject(r -> r.bucket("models").key("grp/12/model.tar.gz")))
        .isInstanceOf(NoSuchKeyException.class);

    // The artefact a version names exists unless the portfolio says otherwise: written a minute
    // before the version was registered (2026-04-01T00:00:00Z).
    HeadObjectResponse implied = s3.headObject(r -> r.bucket("models").key("grp/13/model.tar.gz"));
    assertThat(implied.lastModified()).isEqualTo(Instant.parse("2026-03-31T23:59:00Z"));
    assertThat(implied.contentLength()).isZero();

    // A caller that may not list the bucket learns only that it is denied, not that the key is
    // gone.
    S3Client noList = clients.s3(Region.EU_WEST_1, role("no-list"), new CallCounter());
    assertThatThrownBy(() -> noList.headObject(r -> r.bucket("models").key("grp/12/model.tar.gz")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    assertThat(
            noList.headObject(r -> r.bucket("models").key("grp/13/model.tar.gz")).contentLength())
        .isZero();
  }

  // ---------------------------------------------------------------- the loader

  @Test
  void theLoaderNamesEveryProblemByItsPath() {
    ObjectNode root = portfolio(NOW);
    ArrayNode events =
        (ArrayNode) root.path("accounts").path(A).path(REGION).path("cloudTrailEvents");
    events.add(event("ev-001", "UpdateModelPackage", "2026-05-01T00:00:00Z")); // a second ev-001
    events.addObject().put("EventId", "no-name").put("EventTime", "2026-05-01T00:00:00Z");
    events.add(
        event("bad-record", "UpdateModelPackage", "2026-05-01T00:00:00Z")
            .put("CloudTrailEvent", "{not json"));
    events.add(
        event("bad-member", "UpdateModelPackage", "2026-05-01T00:00:00Z")
            .put("Region", "eu-west-1"));
    root.put("now", "next tuesday");
    ((ObjectNode) root.path("s3ObjectMetadata"))
        .putObject("s3://models/grp/11/model.tar.gz")
        .put("Size", 3);
    int base = events.size() - 4;
    String path = "$.accounts." + A + "." + REGION + ".cloudTrailEvents";
    assertThatThrownBy(() -> PortfolioLoader.fromJson(root, "p.json"))
        .isInstanceOf(PortfolioException.class)
        .hasMessageContaining(
            path + "[" + base + "].EventId: duplicate EventId ev-001 (also at [1]")
        .hasMessageContaining(path + "[" + (base + 1) + "].EventName: required field is missing")
        .hasMessageContaining(path + "[" + (base + 2) + "].CloudTrailEvent: not a JSON document")
        .hasMessageContaining(
            path + "[" + (base + 3) + "].Region: unknown field (not a member of Event)")
        .hasMessageContaining("$.now: expected an ISO-8601 timestamp")
        .hasMessageContaining(
            "$.s3ObjectMetadata.s3://models/grp/11/model.tar.gz.Size: unknown field");
  }

  // ---------------------------------------------------------------- helpers

  private static LookupEventsRequest.Builder attribute(
      LookupEventsRequest.Builder r, LookupAttributeKey key, String value) {
    return r.lookupAttributes(a -> a.attributeKey(key).attributeValue(value));
  }

  /** Every matching event id, newest first, over all pages of 50. */
  private static List<String> ids(Consumer<LookupEventsRequest.Builder> request) {
    return cloudTrail.lookupEventsPaginator(r -> request.accept(r.maxResults(50))).events().stream()
        .map(Event::eventId)
        .toList();
  }

  private static AwsCredentialsProvider role(String name) {
    return clients.assumeRole(
        "arn:aws:iam::" + A + ":role/" + name,
        Optional.empty(),
        "test",
        Region.EU_WEST_1,
        new CallCounter());
  }

  /** A CloudTrail client on the simulator; {@code pace}, when given, spaces every attempt. */
  private static CloudTrailClient cloudTrail(
      URI endpoint,
      Region region,
      AwsCredentialsProvider credentials,
      RetryStrategy retry,
      RateLimiter pace) {
    CloudTrailClient client =
        CloudTrailClient.builder()
            .endpointOverride(endpoint)
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(ApacheHttpClient.builder())
            .overrideConfiguration(
                o -> {
                  o.retryStrategy(retry);
                  if (pace != null) {
                    o.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          @Override
                          public void beforeTransmission(
                              Context.BeforeTransmission context, ExecutionAttributes attributes) {
                            pace.acquire();
                          }
                        });
                  }
                })
            .build();
    synchronized (OPENED) {
      OPENED.add(client);
    }
    return client;
  }

  // ---------------------------------------------------------------- the portfolio

  private static ObjectNode event(String id, String name, String time) {
    ObjectNode event = JSON.createObjectNode();
    event
        .put("EventId", id)
        .put("EventName", name)
        .put("EventTime", time)
        .put("EventSource", "sagemaker.amazonaws.com");
    return event;
  }

  /**
   * Account 111111111111, eu-west-1:
   *
   * <ul>
   *   <li>ev-000 … ev-119, one hour apart from 2026-05-01T00:00:00Z: every fourth (ev-000, ev-004,
   *       …) an UpdateModelPackage (ReadOnly false), the rest DescribeModelPackage (ReadOnly true);
   *       even ones by alice, odd by bob; ev-000 … ev-059 with access key …0001, the rest …0002;
   *       each on model package grp/(i % 10 + 1);
   *   <li>approve-7, carol's UpdateModelPackage of grp/7 at 2026-05-10T12:00:00Z, its
   *       CloudTrailEvent written as a JSON object; string-1, a CreateModelPackage at 11:00 that
   *       day, its CloudTrailEvent written as a string; neither has an access key;
   *   <li>dave's UpdateModelPackage events edge-1 (2026-03-03T00:00:00Z, exactly 90 days before
   *       "now"), old-1 (one second earlier) and old-2 (2025-12-01), with no resources;
   *   <li>insight-1, an Insights event (eventCategory Insight) on 2026-05-20.
   * </ul>
   */
  private static ObjectNode portfolio(String now) {
    ObjectNode root = JSON.createObjectNode();
    root.put("now", now);
    ObjectNode region = root.putObject("accounts").putObject(A).putObject(REGION);
    ArrayNode events = region.putArray("cloudTrailEvents");
    for (int i = 0; i < 120; i++) {
      boolean approval = i % 4 == 0;
      ObjectNode event =
          event(
              String.format("ev-%03d", i),
              approval ? "UpdateModelPackage" : "DescribeModelPackage",
              T0.plusSeconds(3600L * i).toString());
      event
          .put("ReadOnly", approval ? "false" : "true")
          .put("Username", i % 2 == 0 ? "alice" : "bob")
          .put("AccessKeyId", i < 60 ? "ASIAEXAMPLEKEY000001" : "ASIAEXAMPLEKEY000002");
      event
          .putArray("Resources")
          .addObject()
          .put("ResourceType", "AWS::SageMaker::ModelPackage")
          .put("ResourceName", PACKAGE + (i % 10 + 1));
      events.add(event);
    }
    ObjectNode approve =
        event("approve-7", "UpdateModelPackage", "2026-05-10T12:00:00Z")
            .put("ReadOnly", "false")
            .put("Username", "carol");
    approve
        .putArray("Resources")
        .addObject()
        .put("ResourceType", "AWS::SageMaker::ModelPackage")
        .put("ResourceName", PACKAGE + "7");
    ObjectNode record = approve.putObject("CloudTrailEvent");
    record.put("eventVersion", "1.08");
    record
        .putObject("userIdentity")
        .put("type", "AssumedRole")
        .put("arn", "arn:aws:sts::111111111111:assumed-role/Approver/carol");
    record
        .put("eventTime", "2026-05-10T12:00:00Z")
        .put("eventSource", "sagemaker.amazonaws.com")
        .put("eventName", "UpdateModelPackage");
    record
        .putObject("requestParameters")
        .put("modelPackageArn", PACKAGE + "7")
        .put("modelApprovalStatus", "Approved");
    record.put("readOnly", false);
    events.add(approve);
    events.add(
        event("string-1", "CreateModelPackage", "2026-05-10T11:00:00Z")
            .put("ReadOnly", "false")
            .put("Username", "carol")
            .put("CloudTrailEvent", STRING_1_RECORD));
    // Epoch seconds work as well as ISO-8601: 1772496000 is 2026-03-03T00:00:00Z.
    events.add(
        event("edge-1", "UpdateModelPackage", "2026-03-03T00:00:00Z")
            .put("Username", "dave")
            .put("EventTime", 1772496000));
    events.add(
        event("old-1", "UpdateModelPackage", "2026-03-02T23:59:59Z").put("Username", "dave"));
    events.add(
        event("old-2", "UpdateModelPackage", "2025-12-01T00:00:00Z").put("Username", "dave"));
    events.add(
        event("insight-1", "UpdateModelPackage", "2026-05-20T00:00:00Z")
            .put(
                "CloudTrailEvent",
                "{\"eventVersion\":\"1.08\",\"eventType\":\"AwsCloudTrailInsight\",\"eventCategory\":\"Insight\","
                    + "\"eventSource\":\"sagemaker.amazonaws.com\",\"eventName\":\"UpdateModelPackage\"}"));

    ObjectNode roles = root.putObject("roles").putObject(A);
    roles.putObject("no-trail").putArray("DeniedActions").add("cloudtrail:LookupEvents");
    roles.putObject("no-list").putArray("DeniedActions").add("s3:ListBucket");
    roles.putObject("reader");

    root.putObject("s3Objects")
        .put("s3://models/grp/7/model.tar.gz", "weights-v1")
        .put("s3://models/grp/9/model.tar.gz", "abc");
    ObjectNode metadata = root.putObject("s3ObjectMetadata");
    metadata
        .putObject("s3://models/grp/7/model.tar.gz")
        .put("LastModified", "2026-05-12T08:30:00Z")
        .put("ETag", "\"9b2cf535f27731c974343645a3985328\"")
        .put("VersionId", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY");
    metadata
        .putObject("s3://models/grp/8/model.tar.gz")
        .put("LastModified", 1767225600) // 2026-01-01T00:00:00Z
        .put("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
    metadata
        .putObject("s3://models/grp/12/model.tar.gz")
        .put("LastModified", "2026-05-12T08:30:00Z")
        .put("Deleted", true);
    region
        .putArray("modelPackageGroups")
        .addObject()
        .put("ModelPackageGroupName", "grp")
        .put(
            "ModelPackageGroupArn",
            "arn:aws:sagemaker:" + REGION + ":" + A + ":model-package-group/grp")
        .put("CreationTime", "2026-03-01T00:00:00Z")
        .put("ModelPackageGroupStatus", "Completed")
        .putObject("CreatedBy")
        .putObject("IamIdentity")
        .put("Arn", "arn:aws:sts::" + A + ":assumed-role/Admin/setup");
    ObjectNode version =
        region
            .putArray("modelPackages")
            .addObject()
            .put("ModelPackageName", "grp")
            .put("ModelPackageGroupName", "grp")
            .put("ModelPackageVersion", 13)
            .put("ModelPackageArn", PACKAGE + "13")
            .put("ModelPackageStatus", "Completed")
            .put("ModelApprovalStatus", "PendingManualApproval")
            .put("CreationTime", "2026-04-01T00:00:00Z");
    version
        .putObject("InferenceSpecification")
        .putArray("Containers")
        .addObject()
        .put("Image", "763104351884.dkr.ecr.eu-west-1.amazonaws.com/xgboost:1")
        .put("ModelDataUrl", "s3://models/grp/13/model.tar.gz");
    return root;
  }
}
