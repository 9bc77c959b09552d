package io.smgov.findings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.aws.CallCounter;
import io.smgov.simulator.PortfolioLoader;
import io.smgov.simulator.Simulator;
import io.smgov.sink.LocalWarehouse;
import io.smgov.sink.WarehouseLocation;
import io.smgov.testing.TestAws;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

/**
 * smgov notify's delivery against the simulated EventBridge and Security Hub, through the real SDK
 * clients: batches within each API's limits, only the refused entries sent again, what was taken
 * remembered so a rerun sends nothing, and resolutions archived in Security Hub.
 */
class NotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "111122223333";
  private static final String REGION = "eu-west-1";
  private static final LocalDate DAY = LocalDate.parse("2026-11-03");
  private static final LocalDate OPENED = LocalDate.parse("2026-11-01");

  private Simulator simulator;
  private AwsClients clients;
  @TempDir Path warehouse;

  @BeforeEach
  void start() {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("accounts").putObject(ACCOUNT).putObject(REGION);
    simulator =
        Simulator.start(PortfolioLoader.fromJson(root, "test"), Simulator.Options.defaults());
    clients = TestAws.clients(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    clients.close();
    simulator.close();
  }

  /** Finding n of finding_history, opened on 2026-11-01 and seen last on 2026-11-03. */
  static FindingChange finding(int n, String severity, String status) {
    String arn = "arn:aws:sagemaker:eu-west-1:" + ACCOUNT + ":endpoint/ep-" + n;
    return new FindingChange(
        String.format("%064x", n),
        ACCOUNT,
        REGION,
        "UNAPPROVED_IN_PRODUCTION",
        "unapproved",
        severity,
        arn,
        "fraud",
        "arn:aws:sagemaker:eu-west-1:" + ACCOUNT + ":model-package/fraud/" + n,
        n,
        "ep-" + n,
        "AllTraffic",
        "team-" + n,
        "payments",
        "Endpoint ep-" + n + " serves fraud version " + n + ", which is PendingManualApproval",
        OPENED,
        DAY,
        "resolved".equals(status) ? DAY.plusDays(1) : null,
        status,
        null);
  }

  /** 23 high findings open, 2 low ones open, and one high one resolved (never told of). */
  static List<FindingChange> history() {
    List<FindingChange> findings = new ArrayList<>();
    for (int n = 1; n <= 23; n++) {
      findings.add(finding(n, "high", "open"));
    }
    findings.add(finding(24, "low", "open"));
    findings.add(finding(25, "low", "open"));
    findings.add(finding(26, "high", "resolved"));
    return findings;
  }

  static List<FindingChange> with(List<FindingChange> findings, FindingChange changed) {
    List<FindingChange> out = new ArrayList<>();
    for (FindingChange f : findings) {
      out.add(f.findingId().equals(changed.findingId()) ? changed : f);
    }
    return out;
  }

  Notifier notifier() {
    return new Notifier(
        new LocalWarehouse(WarehouseLocation.parse(warehouse.toString())), Duration.ZERO);
  }

  long calls(String operation) {
    return simulator.requestLog().count(e -> e.operation().equals(operation));
  }

  @Test
  void eventsGoTenACallOnlyTheRefusedAreSentAgainAndARerunSendsNothing() throws Exception {
    EventBridgeTarget target =
        new EventBridgeTarget(
            clients.eventBridge(Region.EU_WEST_1, new CallCounter()), "default", true);
    // The first call's first three entries fail with a retryable InternalFailure.
    simulator.failNextEntries("PutEvents", 3);

    Notifier.Delivery first = notifier().deliver(target, history(), "high");

    // 23 high findings open (not the low ones; the resolved one was never told of): calls of 10,
    // then the 3 refused alone, then 10 and 3.
    assertThat(first.opened()).isEqualTo(23);
    assertThat(first.closed()).isZero();
    assertThat(first.alreadySent()).isZero();
    assertThat(first.refused()).isEmpty();
    assertThat(calls("PutEvents")).isEqualTo(4);
    List<JsonNode> events = simulator.receivedEvents();
    assertThat(events).hasSize(23);
    JsonNode one = events.get(events.size() - 1);
    assertThat(one.path("Source").asText()).isEqualTo("smgov");
    assertThat(one.path("DetailType").asText()).isEqualTo("smgov Governance Finding");
    assertThat(one.path("EventBusName").asText()).isEqualTo("default");
    assertThat(one.path("Resources").get(0).asText())
        .isEqualTo("arn:aws:sagemaker:eu-west-1:" + ACCOUNT + ":endpoint/ep-23");
    List<String> sentIds = new ArrayList<>();
    events.forEach(e -> sentIds.add(e.path("Detail").path("finding_id").asText()));
    List<String> expected = new ArrayList<>();
    for (int n = 1; n <= 23; n++) {
      expected.add(String.format("%064x", n));
    }
    assertThat(sentIds).containsExactlyInAnyOrderElementsOf(expected);
    JsonNode detail = one.path("Detail");
    assertThat(detail.path("change").asText()).isEqualTo("opened");
    assertThat(detail.path("status").asText()).isEqualTo("open");
    assertThat(detail.path("rule_id").asText()).isEqualTo("UNAPPROVED_IN_PRODUCTION");
    assertThat(detail.path("opened_date").asText()).isEqualTo("2026-11-01");
    assertThat(detail.path("last_seen_date").asText()).isEqualTo("2026-11-03");

    Notifier.Delivery again = notifier().deliver(target, history(), "high");

    assertThat(again.sent()).isZero();
    assertThat(again.alreadySent()).isEqualTo(23);
    assertThat(calls("PutEvents")).isEqualTo(4);

    // The next day: finding 1 is resolved, finding 2 waived, and the low ones are asked for.
    List<FindingChange> nextDay =
        with(with(history(), finding(1, "high", "resolved")), finding(2, "high", "waived"));
    Notifier.Delivery more = notifier().deliver(target, nextDay, "low");
    assertThat(more.opened()).isEqualTo(2);
    assertThat(more.closed()).isEqualTo(2);
    assertThat(more.alreadySent()).isEqualTo(21);
    List<JsonNode> all = simulator.receivedEvents();
    assertThat(all).hasSize(27);
    List<String> lastChanges = new ArrayList<>();
    all.subList(23, 27)
        .forEach(
            e ->
                lastChanges.add(
                    e.path("Detail").path("finding_id").asText().substring(62)
                        + " "
                        + e.path("Detail").path("change").asText()));
    assertThat(lastChanges)
        .containsExactlyInAnyOrder("01 resolved", "02 waived", "18 opened", "19 opened");
    // Told once: a closure is not sent again.
    assertThat(notifier().deliver(target, nextDay, "low").sent()).isZero();
  }

  @Test
  void aDayNotifyMissedIsCaughtUpAndClosuresGoOnlyWhereTheOpeningWasSent() throws Exception {
    EventBridgeTarget target =
        new EventBridgeTarget(
            clients.eventBridge(Region.EU_WEST_1, new CallCounter()), "default", true);
    // notify did not run while findings 1 to 3 opened and finding 26 opened and resolved.
    List<FindingChange> state =
        List.of(
            finding(1, "high", "open"),
            finding(2, "high", "open"),
            finding(3, "critical", "open"),
            finding(26, "high", "resolved"));
    Notifier.Delivery caughtUp = notifier().deliver(target, state, "high");
    assertThat(caughtUp.opened()).isEqualTo(3);
    assertThat(caughtUp.closed()).isZero();
    // Without closures wanted, a resolution is forgotten rather than sent.
    EventBridgeTarget quiet =
        new EventBridgeTarget(
            clients.eventBridge(Region.EU_WEST_1, new CallCounter()), "default", false);
    Notifier.Delivery resolved =
        notifier().deliver(quiet, with(state, finding(3, "critical", "resolved")), "high");
    assertThat(resolved.sent()).isZero();
    assertThat(simulator.receivedEvents()).hasSize(3);
  }

  @Test
  void securityHubTakesAHundredACallAndArchivesAResolution() throws Exception {
    SecurityHubTarget target =
        new SecurityHubTarget(
            clients.securityHub(Region.EU_WEST_1, new CallCounter()),
            ACCOUNT,
            REGION,
            Clock.fixed(Instant.parse("2026-11-03T08:00:00Z"), ZoneOffset.UTC));
    List<FindingChange> many = new ArrayList<>();
    for (int n = 1; n <= 130; n++) {
      many.add(finding(n, "critical", "open"));
    }
    simulator.failNextEntries("BatchImportFindings", 2);

    Notifier.Delivery first = notifier().deliver(target, many, "high");

    // 100, the 2 refused again, then 30.
    assertThat(first.opened()).isEqualTo(130);
    assertThat(first.refused()).isEmpty();
    assertThat(calls("BatchImportFindings")).isEqualTo(3);
    List<JsonNode> held = simulator.securityHubFindings(ACCOUNT, REGION);
    assertThat(held).hasSize(130);
    // The two refused at first were imported on the retry, after the rest of the first call.
    assertThat(held.get(98).path("Id").asText()).isEqualTo("smgov/" + String.format("%064x", 1));
    JsonNode f = byId(held, 1);
    assertThat(f.path("ProductArn").asText())
        .isEqualTo("arn:aws:securityhub:eu-west-1:" + ACCOUNT + ":product/" + ACCOUNT + "/default");
    assertThat(f.path("Severity").path("Label").asText()).isEqualTo("CRITICAL");
    assertThat(f.path("FindingProviderFields").path("Severity").path("Label").asText())
        .isEqualTo("CRITICAL");
    assertThat(f.path("RecordState").asText()).isEqualTo("ACTIVE");
    assertThat(f.path("CreatedAt").asText()).isEqualTo("2026-11-01T00:00:00.000Z");
    assertThat(f.path("Title").asText())
        .isEqualTo("smgov UNAPPROVED_IN_PRODUCTION: endpoint ep-1/AllTraffic");
    assertThat(f.path("Resources").get(0).path("Type").asText()).isEqualTo("Other");

    // The next day finding 1 is resolved and finding 2 waived: the same Ids, re-imported ARCHIVED.
    SecurityHubTarget nextDay =
        new SecurityHubTarget(
            clients.securityHub(Region.EU_WEST_1, new CallCounter()),
            ACCOUNT,
            REGION,
            Clock.fixed(Instant.parse("2026-11-04T08:00:00Z"), ZoneOffset.UTC));
    Notifier.Delivery closures =
        notifier()
            .deliver(
                nextDay,
                with(
                    with(many, finding(1, "critical", "resolved")),
                    finding(2, "critical", "waived")),
                "high");
    assertThat(closures.closed()).isEqualTo(2);
    assertThat(closures.alreadySent()).isEqualTo(128);
    held = simulator.securityHubFindings(ACCOUNT, REGION);
    assertThat(held).hasSize(130);
    assertThat(byId(held, 1).path("RecordState").asText()).isEqualTo("ARCHIVED");
    assertThat(byId(held, 2).path("RecordState").asText()).isEqualTo("ARCHIVED");
    assertThat(byId(held, 3).path("RecordState").asText()).isEqualTo("ACTIVE");
  }

  static JsonNode byId(List<JsonNode> held, int n) {
    String id = "smgov/" + String.format("%064x", n);
    return held.stream().filter(f -> f.path("Id").asText().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void findingsTheHubRefusesAreReportedAndNotRemembered() throws Exception {
    // Another account's product ARN: every finding is refused with InvalidAccess, not retried.
    SecurityHubTarget wrongAccount =
        new SecurityHubTarget(
            clients.securityHub(Region.EU_WEST_1, new CallCounter()),
            "999988887777",
            REGION,
            Clock.systemUTC());
    List<FindingChange> two = List.of(finding(1, "high", "open"), finding(2, "high", "open"));

    Notifier.Delivery refused = notifier().deliver(wrongAccount, two, "high");

    assertThat(refused.sent()).isZero();
    assertThat(refused.refused()).hasSize(2);
    assertThat(refused.refused().get(0)).contains("InvalidAccess");
    assertThat(calls("BatchImportFindings")).isEqualTo(1);

    // Nothing was remembered: the next run (with the right account) sends both.
    SecurityHubTarget right =
        new SecurityHubTarget(
            clients.securityHub(Region.EU_WEST_1, new CallCounter()),
            ACCOUNT,
            REGION,
            Clock.systemUTC());
    Notifier.Delivery sent = notifier().deliver(right, two, "high");
    assertThat(sent.sent()).isEqualTo(2);
  }
}
