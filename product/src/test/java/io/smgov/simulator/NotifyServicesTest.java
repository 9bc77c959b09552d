package io.smgov.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.aws.CallCounter;
import io.smgov.testing.TestAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AccessDeniedException;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;
import software.amazon.awssdk.services.securityhub.model.InvalidInputException;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;
import software.amazon.awssdk.services.securityhub.model.Workflow;
import software.amazon.awssdk.services.securityhub.model.WorkflowStatus;

/**
 * EventBridge PutEvents and Security Hub BatchImportFindings as the real SDK clients see them: the
 * batch limits, per-entry failures, injected retryable failures, and what the simulator keeps.
 * Every expected value is worked out by hand from the request the test sends.
 */
class NotifyServicesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "111122223333";
  private static final String OTHER = "444455556666";
  private static final String REGION = "eu-west-1";
  private static final String PRODUCT =
      "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default";
  private static final String CREATED = "2026-05-01T10:00:00Z";

  private Simulator simulator;
  private AwsClients clients;
  private EventBridgeClient events;
  private SecurityHubClient securityHub;

  @BeforeEach
  void start() {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("accounts").putObject(ACCOUNT).putObject(REGION);
    root.putObject("roles")
        .putObject(ACCOUNT)
        .putObject("smgov-outsider")
        .putArray("DeniedActions")
        .add("securityhub:BatchImportFindings");
    simulator =
        Simulator.start(PortfolioLoader.fromJson(root, "test"), Simulator.Options.defaults());
    clients = TestAws.clients(simulator.endpoint());
    events = clients.eventBridge(Region.EU_WEST_1, new CallCounter());
    securityHub = clients.securityHub(Region.EU_WEST_1, new CallCounter());
  }

  @AfterEach
  void stop() {
    clients.close();
    simulator.close();
  }

  // ---------------------------------------------------------------- EventBridge PutEvents

  @Test
  void tenEntriesAreAcceptedAndKeptInOrder() {
    List<PutEventsRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(entry(i));
    }
    entries.set(
        3,
        entries.get(3).toBuilder()
            .time(Instant.parse("2026-05-01T12:00:00Z"))
            .resources("arn:aws:sagemaker:eu-west-1:111122223333:model-package/grp/3")
            .build());

    PutEventsResponse response = events.putEvents(r -> r.entries(entries));

    assertEquals(0, response.failedEntryCount());
    assertEquals(10, response.entries().size());
    List<JsonNode> received = simulator.receivedEvents();
    assertEquals(10, received.size());
    for (int i = 0; i < 10; i++) {
      assertNotNull(response.entries().get(i).eventId());
      assertNull(response.entries().get(i).errorCode());
      assertEquals(response.entries().get(i).eventId(), received.get(i).get("EventId").asText());
      assertEquals(i, received.get(i).get("Detail").get("n").asInt());
    }
    JsonNode fourth = received.get(3);
    assertEquals(ACCOUNT, fourth.get("Account").asText());
    assertEquals(REGION, fourth.get("Region").asText());
    assertEquals("default", fourth.get("EventBusName").asText());
    assertEquals("smgov.notify", fourth.get("Source").asText());
    assertEquals("Governance finding", fourth.get("DetailType").asText());
    assertEquals("{\"n\":3}", fourth.get("Detail").toString());
    assertEquals(
        "[\"arn:aws:sagemaker:eu-west-1:111122223333:model-package/grp/3\"]",
        fourth.get("Resources").toString());
    assertEquals("2026-05-01T12:00:00Z", fourth.get("Time").asText());
    assertEquals("[]", received.get(0).get("Resources").toString());

    List<RequestLog.Entry> logged =
        simulator.requestLog().entries(e -> e.service().equals("events"));
    assertEquals(1, logged.size());
    assertEquals("PutEvents", logged.get(0).operation());
    assertEquals(10, logged.get(0).items());
    assertEquals(200, logged.get(0).status());
  }

  @Test
  void elevenEntriesAreRefusedAsAWhole() {
    List<PutEventsRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      entries.add(entry(i));
    }

    EventBridgeException e =
        assertThrows(EventBridgeException.class, () -> events.putEvents(r -> r.entries(entries)));

    assertEquals(400, e.statusCode());
    assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    assertTrue(
        e.awsErrorDetails()
            .errorMessage()
            .endsWith(
                "' at 'entries' failed to satisfy constraint: Member must have length less than"
                    + " or equal to 10"),
        e.awsErrorDetails().errorMessage());
    assertEquals(0, simulator.receivedEvents().size());
  }

  @Test
  void theTotalEntrySizeMustBeLessThan256Kilobytes() {
    // Source "s" (1 byte) + DetailType "t" (1) + Detail {"d":"x…"} (8 + n) = 10 + n bytes.
    PutEventsRequestEntry justUnder = sized(262_143 - 10);
    PutEventsResponse accepted = events.putEvents(r -> r.entries(justUnder));
    assertEquals(0, accepted.failedEntryCount());

    PutEventsRequestEntry atTheLimit = sized(262_144 - 10);
    EventBridgeException e =
        assertThrows(
            EventBridgeException.class, () -> events.putEvents(r -> r.entries(atTheLimit)));
    assertEquals(400, e.statusCode());
    assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    assertEquals(
        "Total size of the entries in the request is over the limit.",
        e.awsErrorDetails().errorMessage());

    // The limit is on the total: two entries of 131,065 bytes (262,130) pass; a Time on one of
    // them counts 14 bytes more (262,144) and refuses the call.
    PutEventsRequestEntry half = sized(131_065 - 10);
    assertEquals(0, events.putEvents(r -> r.entries(half, half)).failedEntryCount());
    PutEventsRequestEntry timed = half.toBuilder().time(Instant.parse(CREATED)).build();
    assertThrows(EventBridgeException.class, () -> events.putEvents(r -> r.entries(half, timed)));
    assertEquals(3, simulator.receivedEvents().size());
  }

  @Test
  void aMalformedOrIncompleteEntryFailsAlone() {
    PutEventsResponse response =
        events.putEvents(
            r ->
                r.entries(
                    entry(0),
                    entry(1).toBuilder().detail("[1, 2]").build(),
                    entry(2).toBuilder().detail("{\"n\": 2").build(),
                    entry(3).toBuilder().source(null).build(),
                    entry(4)));

    assertEquals(3, response.failedEntryCount());
    List<PutEventsResultEntry> results = response.entries();
    assertEquals(5, results.size());
    assertNotNull(results.get(0).eventId());
    assertEquals("MalformedDetail", results.get(1).errorCode());
    assertEquals("Detail is malformed.", results.get(1).errorMessage());
    assertNull(results.get(1).eventId());
    assertEquals("MalformedDetail", results.get(2).errorCode());
    assertEquals("InvalidArgument", results.get(3).errorCode());
    assertEquals(
        "Parameter Source is not valid. Reason: Source is a required argument.",
        results.get(3).errorMessage());
    assertNotNull(results.get(4).eventId());
    List<JsonNode> received = simulator.receivedEvents();
    assertEquals(2, received.size());
    assertEquals(0, received.get(0).get("Detail").get("n").asInt());
    assertEquals(4, received.get(1).get("Detail").get("n").asInt());
  }

  @Test
  void injectedFailuresHitExactlyTheNextEntriesAcrossCalls() {
    simulator.failNextEntries("PutEvents", 3);

    PutEventsResponse first = events.putEvents(r -> r.entries(entry(0), entry(1)));
    assertEquals(2, first.failedEntryCount());
    assertEquals("InternalFailure", first.entries().get(0).errorCode());
    assertEquals("InternalFailure", first.entries().get(1).errorCode());

    PutEventsResponse second = events.putEvents(r -> r.entries(entry(0), entry(1)));
    assertEquals(1, second.failedEntryCount());
    assertEquals("InternalFailure", second.entries().get(0).errorCode());
    assertNotNull(second.entries().get(1).eventId());

    PutEventsResponse third = events.putEvents(r -> r.entries(entry(0)));
    assertEquals(0, third.failedEntryCount());

    List<JsonNode> received = simulator.receivedEvents();
    assertEquals(2, received.size());
    assertEquals(1, received.get(0).get("Detail").get("n").asInt());
    assertEquals(0, received.get(1).get("Detail").get("n").asInt());
  }

  @Test
  void anEventForABusThatDoesNotExistIsAnsweredButReachesNothing() {
    PutEventsResponse missing =
        events.putEvents(r -> r.entries(entry(0).toBuilder().eventBusName("audit").build()));
    assertEquals(0, missing.failedEntryCount());
    assertNotNull(missing.entries().get(0).eventId());
    assertEquals(0, simulator.receivedEvents().size());

    simulator.createEventBus(ACCOUNT, REGION, "audit");
    String arn = "arn:aws:events:eu-west-1:111122223333:event-bus/audit";
    events.putEvents(
        r ->
            r.entries(
                entry(1).toBuilder().eventBusName("audit").build(),
                entry(2).toBuilder().eventBusName(arn).build()));
    List<JsonNode> received = simulator.receivedEvents();
    assertEquals(2, received.size());
    assertEquals("audit", received.get(0).get("EventBusName").asText());
    assertEquals("audit", received.get(1).get("EventBusName").asText());
  }

  // ---------------------------------------------------------------- Security Hub

  @Test
  void aHundredFindingsAreImportedAndAHundredAndOneRefused() {
    List<AwsSecurityFinding> hundred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add(finding("f-" + i, CREATED, "Finding " + i));
    }
    BatchImportFindingsResponse ok = securityHub.batchImportFindings(r -> r.findings(hundred));
    assertEquals(100, ok.successCount());
    assertEquals(0, ok.failedCount());
    assertEquals(0, ok.failedFindings().size());
    List<JsonNode> held = simulator.securityHubFindings(ACCOUNT, REGION);
    assertEquals(100, held.size());
    assertEquals("f-0", held.get(0).get("Id").asText());
    assertEquals("f-99", held.get(99).get("Id").asText());

    List<AwsSecurityFinding> hundredAndOne = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      hundredAndOne.add(finding("g-" + i, CREATED, "Finding " + i));
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> securityHub.batchImportFindings(r -> r.findings(hundredAndOne)));
    assertEquals(400, e.statusCode());
    assertEquals("InvalidInputException", e.awsErrorDetails().errorCode());
    assertEquals(100, simulator.securityHubFindings(ACCOUNT, REGION).size());

    List<RequestLog.Entry> logged =
        simulator.requestLog().entries(x -> x.service().equals("securityhub"));
    assertEquals(2, logged.size());
    assertEquals("BatchImportFindings", logged.get(0).operation());
    assertEquals(100, logged.get(0).items());
    assertEquals(400, logged.get(1).status());
    assertEquals("InvalidInputException", logged.get(1).errorCode());
  }

  @Test
  void aFindingMissingARequiredAttributeFailsAlone() {
    BatchImportFindingsResponse response =
        securityHub.batchImportFindings(
            r ->
                r.findings(
                    finding("f-1", CREATED, "One"),
                    finding("f-2", CREATED, "Two").toBuilder().title(null).build(),
                    finding("f-3", CREATED, "Three").toBuilder()
                        .severity(s -> s.original("7"))
                        .build(),
                    finding("f-4", CREATED, "Four")));

    assertEquals(2, response.successCount());
    assertEquals(2, response.failedCount());
    ImportFindingsError noTitle = response.failedFindings().get(0);
    assertEquals("f-2", noTitle.id());
    assertEquals("InvalidInput", noTitle.errorCode());
    assertEquals(
        "Finding does not adhere to Amazon Finding Format."
            + " data should have required property 'Title'.",
        noTitle.errorMessage());
    ImportFindingsError noLabel = response.failedFindings().get(1);
    assertEquals("f-3", noLabel.id());
    assertEquals("InvalidInput", noLabel.errorCode());
    assertEquals(
        "Finding does not adhere to Amazon Finding Format."
            + " data.Severity should have required property 'Label' or 'Normalized'.",
        noLabel.errorMessage());
    List<JsonNode> held = simulator.securityHubFindings(ACCOUNT, REGION);
    assertEquals(2, held.size());
    assertEquals("f-1", held.get(0).get("Id").asText());
    assertEquals("f-4", held.get(1).get("Id").asText());
  }

  @Test
  void aReimportWithALaterUpdatedAtUpdatesAndAnOlderOneIsIgnored() {
    securityHub.batchImportFindings(
        r ->
            r.findings(
                finding("f-1", CREATED, "v1").toBuilder()
                    .workflow(Workflow.builder().status(WorkflowStatus.NEW).build())
                    .build(),
                finding("f-2", CREATED, "other")));

    BatchImportFindingsResponse later =
        securityHub.batchImportFindings(
            r ->
                r.findings(
                    finding("f-1", CREATED, "v2").toBuilder()
                        .updatedAt("2026-05-02T10:00:00Z")
                        .workflow(Workflow.builder().status(WorkflowStatus.RESOLVED).build())
                        .build()));
    assertEquals(1, later.successCount());

    BatchImportFindingsResponse stale =
        securityHub.batchImportFindings(
            r ->
                r.findings(
                    finding("f-1", CREATED, "v3").toBuilder()
                        .updatedAt("2026-05-02T10:00:00Z")
                        .build()));
    assertEquals(1, stale.successCount());
    assertEquals(0, stale.failedCount());

    List<JsonNode> held = simulator.securityHubFindings(ACCOUNT, REGION);
    assertEquals(2, held.size());
    JsonNode updated = held.get(0);
    assertEquals("f-1", updated.get("Id").asText());
    assertEquals("v2", updated.get("Title").asText());
    assertEquals("2026-05-02T10:00:00Z", updated.get("UpdatedAt").asText());
    assertEquals("NEW", updated.get("Workflow").get("Status").asText());
    assertEquals("f-2", held.get(1).get("Id").asText());
  }

  @Test
  void aProductArnOfAnotherAccountOrRegionFailsWithInvalidAccess() {
    String otherAccount = "arn:aws:securityhub:eu-west-1:444455556666:product/444455556666/default";
    String otherRegion = "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default";
    BatchImportFindingsResponse response =
        securityHub.batchImportFindings(
            r ->
                r.findings(
                    finding("f-1", CREATED, "One").toBuilder().productArn(otherAccount).build(),
                    finding("f-2", CREATED, "Two").toBuilder().productArn(otherRegion).build(),
                    finding("f-3", CREATED, "Three").toBuilder().awsAccountId(OTHER).build(),
                    finding("f-4", CREATED, "Four")));

    assertEquals(1, response.successCount());
    assertEquals(3, response.failedCount());
    assertEquals(
        List.of("f-1", "f-2", "f-3"),
        response.failedFindings().stream().map(ImportFindingsError::id).toList());
    assertEquals(
        List.of("InvalidAccess", "InvalidAccess", "InvalidAccess"),
        response.failedFindings().stream().map(ImportFindingsError::errorCode).toList());
    List<JsonNode> held = simulator.securityHubFindings(ACCOUNT, REGION);
    assertEquals(1, held.size());
    assertEquals("f-4", held.get(0).get("Id").asText());
    assertEquals(0, simulator.securityHubFindings(ACCOUNT, "us-east-1").size());
  }

  @Test
  void injectedFindingFailuresHitExactlyTheNextFindings() {
    simulator.failNextEntries("BatchImportFindings", 2);
    BatchImportFindingsResponse first =
        securityHub.batchImportFindings(r -> r.findings(finding("f-1", CREATED, "One")));
    assertEquals(0, first.successCount());
    assertEquals("InternalException", first.failedFindings().get(0).errorCode());

    BatchImportFindingsResponse second =
        securityHub.batchImportFindings(
            r -> r.findings(finding("f-1", CREATED, "One"), finding("f-2", CREATED, "Two")));
    assertEquals(1, second.successCount());
    assertEquals(1, second.failedCount());
    assertEquals("f-1", second.failedFindings().get(0).id());
    assertEquals("InternalException", second.failedFindings().get(0).errorCode());

    List<JsonNode> held = simulator.securityHubFindings(ACCOUNT, REGION);
    assertEquals(1, held.size());
    assertEquals("f-2", held.get(0).get("Id").asText());
  }

  @Test
  void aRoleDeniedBatchImportFindingsGetsAccessDenied() {
    AwsCredentialsProvider role =
        clients.assumeRole(
            "arn:aws:iam::" + ACCOUNT + ":role/smgov-outsider",
            Optional.empty(),
            "test",
            Region.EU_WEST_1,
            new CallCounter());
    try (SecurityHubClient denied =
        SecurityHubClient.builder()
            .endpointOverride(simulator.endpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(role)
            .httpClientBuilder(ApacheHttpClient.builder())
            .build()) {
      AccessDeniedException e =
          assertThrows(
              AccessDeniedException.class,
              () -> denied.batchImportFindings(r -> r.findings(finding("f-1", CREATED, "One"))));
      assertEquals(403, e.statusCode());
      assertEquals(
          "User: arn:aws:sts::111122223333:assumed-role/smgov-outsider/test is not authorized to"
              + " perform: securityhub:BatchImportFindings because no identity-based policy"
              + " allows the securityhub:BatchImportFindings action",
          e.awsErrorDetails().errorMessage());
    }
    assertEquals(0, simulator.securityHubFindings(ACCOUNT, REGION).size());
  }

  // ---------------------------------------------------------------- helpers

  private static PutEventsRequestEntry entry(int n) {
    return PutEventsRequestEntry.builder()
        .source("smgov.notify")
        .detailType("Governance finding")
        .detail("{\"n\":" + n + "}")
        .build();
  }

  /** An entry whose Detail is {@code {"d":"x…"}} with {@code n} x's: 10 + n bytes in all. */
  private static PutEventsRequestEntry sized(int n) {
    return PutEventsRequestEntry.builder()
        .source("s")
        .detailType("t")
        .detail("{\"d\":\"" + "x".repeat(n) + "\"}")
        .build();
  }

  private static AwsSecurityFinding finding(String id, String time, String title) {
    UnaryOperator<AwsSecurityFinding.Builder> asff =
        b ->
            b.schemaVersion("2018-10-08")
                .id(id)
                .productArn(PRODUCT)
                .generatorId("smgov/governance")
                .awsAccountId(ACCOUNT)
                .types("Software and Configuration Checks/Industry and Regulatory Standards")
                .createdAt(time)
                .updatedAt(time)
                .severity(s -> s.label(SeverityLabel.MEDIUM))
                .title(title)
                .description("A model package version breaks a governance rule.")
                .resources(
                    Resource.builder()
                        .type("Other")
                        .id("arn:aws:sagemaker:eu-west-1:111122223333:model-package/grp/1")
                        .build());
    return asff.apply(AwsSecurityFinding.builder()).build();
  }
}
