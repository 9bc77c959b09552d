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

  static FindingChange change(int n, String severity, String change) {
    String arn = "arn:aws:sagemaker:eu-west-1:" + ACCOUNT + ":model-package/fraud/" + n;
    return new FindingChange(
        DAY,
        DAY.minusDays(1),
        ACCOUNT,
        REGION,
        "UNAPPROVED_IN_PRODUCTION",
        "unapproved",
        severity,
        "fraud",
        arn,
        n,
        "ep-" + n,
        "AllTraffic",
        "team-" + n,
        "payments",
        "Endpoint ep-" + n + " serves fraud version " + n + ", which is PendingManualApproval",
        arn,
        String.format("%064x", n),
        change);
  }

  /** 23 high findings opened, 2 low ones opened, and one high one resolved. */
  static List<FindingChange> changes() {
    List<FindingChange> changes = new ArrayList<>();
    for (int n = 1; n <= 23; n++) {
      changes.add(change(n, "high", "opened"));
    }
    changes.add(change(24, "low", "opened"));
    changes.add(change(25, "low", "opened"));
    changes.add(change(26, "high", "resolved"));
    return changes;
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
        new EventBridgeTarget(clients.eventBridge(Region.EU_WEST_1, new CallCounter()), "default");
    // The first call's first three entries fail with a retryable InternalFailure.
    simulator.failNextEntries("PutEvents", 3);

    Notifier.Delivery first = notifier().deliver(target, changes(), "high", false);

    // 23 high openings (the low ones and the resolution are not chosen): calls of 10, then the 3
    // refused alone, then 10 and 3.
    assertThat(first.sent()).isEqualTo(23);
    assertThat(first.alreadySent()).isZero();
    assertThat(first.refused()).isEmpty();
    assertThat(calls("PutEvents")).isEqualTo(4);
    List<JsonNode> events = simulator.receivedEvents();
    assertThat(events).hasSize(23);
    JsonNode one = events.get(events.size() - 1);
    assertThat(one.path("Source").asText()).isEqualTo("smgov");
    assertThat(one.path("DetailType").asText()).isEqualTo("smgov Governance Finding");
    assertThat(one.path("EventBusName").asText()).isEqualTo("default");
    List<String> sentIds = new ArrayList<>();
    events.forEach(e -> sentIds.add(e.path("Detail").path("finding_id").asText()));
    List<String> expected = new ArrayList<>();
    for (int n = 1; n <= 23; n++) {
      expected.add(String.format("%064x", n));
    }
    assertThat(sentIds).containsExactlyInAnyOrderElementsOf(expected);
    JsonNode detail = events.get(0).path("Detail");
    assertThat(detail.path("change").asText()).isEqualTo("opened");
    assertThat(detail.path("rule_id").asText()).isEqualTo("UNAPPROVED_IN_PRODUCTION");
    assertThat(detail.path("snapshot_date").asText()).isEqualTo("2026-11-03");
    assertThat(detail.path("previous_snapshot_date").asText()).isEqualTo("2026-11-02");

    Notifier.Delivery again = notifier().deliver(target, changes(), "high", false);

    assertThat(again.sent()).isZero();
    assertThat(again.alreadySent()).isEqualTo(23);
    assertThat(calls("PutEvents")).isEqualTo(4);
    assertThat(simulator.receivedEvents()).hasSize(23);

    // Asking for the low ones and the resolution later sends those three only.
    Notifier.Delivery more = notifier().deliver(target, changes(), "low", true);
    assertThat(more.sent()).isEqualTo(3);
    assertThat(more.alreadySent()).isEqualTo(23);
    assertThat(simulator.receivedEvents()).hasSize(26);
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
      many.add(change(n, "critical", "opened"));
    }
    simulator.failNextEntries("BatchImportFindings", 2);

    Notifier.Delivery first = notifier().deliver(target, many, "high", false);

    // 100, the 2 refused again, then 30.
    assertThat(first.sent()).isEqualTo(130);
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
    assertThat(f.path("RecordState").asText()).isEqualTo("ACTIVE");
    assertThat(f.path("Resources").get(0).path("Type").asText()).isEqualTo("Other");

    // Finding 1 is resolved the next day: the same Id, re-imported ARCHIVED.
    SecurityHubTarget nextDay =
        new SecurityHubTarget(
            clients.securityHub(Region.EU_WEST_1, new CallCounter()),
            ACCOUNT,
            REGION,
            Clock.fixed(Instant.parse("2026-11-04T08:00:00Z"), ZoneOffset.UTC));
    FindingChange resolved = change(1, "critical", "resolved");
    Notifier.Delivery resolution = notifier().deliver(nextDay, List.of(resolved), "high", true);
    assertThat(resolution.sent()).isEqualTo(1);
    held = simulator.securityHubFindings(ACCOUNT, REGION);
    assertThat(held).hasSize(130);
    assertThat(byId(held, 1).path("RecordState").asText()).isEqualTo("ARCHIVED");
    assertThat(byId(held, 2).path("RecordState").asText()).isEqualTo("ACTIVE");
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
    List<FindingChange> two = List.of(change(1, "high", "opened"), change(2, "high", "opened"));

    Notifier.Delivery refused = notifier().deliver(wrongAccount, two, "high", false);

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
    Notifier.Delivery sent = notifier().deliver(right, two, "high", false);
    assertThat(sent.sent()).isEqualTo(2);
  }
}
