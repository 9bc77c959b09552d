package io.smgov.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.model.RunStatus;
import io.smgov.run.ExportJob;
import io.smgov.testing.PortfolioBuilder;
import io.smgov.testing.Results;
import io.smgov.testing.TrinoExtension;
import io.smgov.testing.TrinoServer;
import io.smgov.testing.TrinoWarehouse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every rule firing and not firing at its boundary, on a hand-built portfolio, with the same
 * findings on Trino (Athena's engine) and on DuckDB.
 */
@ExtendWith(TrinoExtension.class)
class GovernanceRulesTest {
  static final Instant AS_OF = Instant.parse("2026-11-01T12:00:00Z");
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final String R = "eu-west-1";
  static Path warehouse;
  static final Map<String, String> ARNS = new HashMap<>();

  @BeforeAll
  static void export() throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(AS_OF);
    // UNAPPROVED_IN_PRODUCTION: Rejected (critical), Pending (high), on an Updating endpoint
    // (high);
    // not on a shadow variant, not on an OutOfService endpoint.
    deploy(p, "ep-rejected", p.group(A, R, "rejected-live").version(1).status("Rejected"));
    var pendingGroup = p.group(A, R, "pending-live");
    pendingGroup.version(1);
    deploy(
        p, "ep-pending", pendingGroup.version(2).status("PendingManualApproval").createdDaysAgo(5));
    var shadowGroup = p.group(A, R, "shadow-only");
    var shadowLive = shadowGroup.version(1);
    var shadowCandidate = shadowGroup.version(2).status("Rejected");
    p.endpoint(A, R, "ep-shadow")
        .production("AllTraffic", shadowLive.arn())
        .shadow("Shadow", shadowCandidate.arn());
    var oos = p.group(A, R, "out-of-service").version(1).status("Rejected");
    p.endpoint(A, R, "ep-oos").status("OutOfService").production("AllTraffic", oos.arn());
    var updating =
        p.group(A, R, "updating").version(1).status("PendingManualApproval").createdDaysAgo(5);
    p.endpoint(A, R, "ep-updating").status("Updating").production("AllTraffic", updating.arn());
    remember("ep-updating", updating);
    // NOT_FROM_REGISTRY: a model without a package; not when one container is registered, not for a
    // shadow variant, a variant that hosts no inference component or a deleted model (that one is
    // UNRESOLVED_DEPLOYMENT).
    p.endpoint(A, R, "legacy").production("AllTraffic", (String) null);
    p.endpoint(A, R, "pipeline")
        .production("AllTraffic", null, p.group(A, R, "pipeline").version(1).arn());
    p.endpoint(A, R, "legacy-shadow")
        .production("AllTraffic", p.group(A, R, "shadowed").version(1).arn())
        .shadow("Shadow", (String) null);
    p.endpoint(A, R, "ic").inferenceComponents("AllTraffic");
    p.endpoint(A, R, "deleted").deletedModel("AllTraffic");
    // SELF_APPROVED: approved by its creator; not rejected by its creator.
    var self = p.group(A, R, "self");
    remember("self/1", self.version(1).approvedByItsCreator());
    self.version(2).status("Rejected").approvedByItsCreator();
    // PENDING_APPROVAL_TOO_LONG: the newest version pending 15 days; not 14; not an older pending
    // one.
    var waiting = p.group(A, R, "waiting");
    waiting.version(1).createdDaysAgo(40);
    remember("waiting/2", waiting.version(2).status("PendingManualApproval").createdAt(day(15)));
    p.group(A, R, "waiting-edge").version(1).status("PendingManualApproval").createdAt(day(14));
    var waitingOld = p.group(A, R, "waiting-old");
    waitingOld.version(1).status("PendingManualApproval").createdDaysAgo(30);
    waitingOld.version(2).createdDaysAgo(2);
    // STALE_PRODUCTION_MODEL: created 91 days before the snapshot; not exactly 90.
    deploy(p, "ep-stale", p.group(A, R, "stale").version(1).createdAt(day(91)));
    deploy(p, "ep-stale-edge", p.group(A, R, "stale-edge").version(1).createdAt(day(90)));
    // SUPERSEDED_IN_PRODUCTION: a newer approved version exists; not a newer rejected one.
    var superseded = p.group(A, R, "superseded");
    deploy(p, "ep-superseded", superseded.version(1).createdDaysAgo(20));
    superseded.version(2).createdDaysAgo(3);
    var notSuperseded = p.group(A, R, "superseded-rejected");
    deploy(p, "ep-superseded-rejected", notSuperseded.version(1).createdDaysAgo(20));
    notSuperseded.version(2).status("Rejected").createdDaysAgo(3);
    // ENDPOINT_VERSION_TAG_MISMATCH: tag names another version; not a matching or missing tag.
    var tagged = p.group(A, R, "tagged");
    tagged.version(1).createdDaysAgo(20);
    var taggedLive = tagged.version(2).createdDaysAgo(3);
    p.endpoint(A, R, "ep-tagged")
        .tag("model-package-version", "1")
        .production("AllTraffic", taggedLive.arn());
    remember("ep-tagged", taggedLive);
    p.endpoint(A, R, "ep-tagged-ok")
        .tag("model-package-version", "2")
        .production("AllTraffic", taggedLive.arn());
    // MISSING_EVALUATION_METRICS: unparseable or no report; not a version outside production.
    deploy(p, "ep-no-metrics", p.group(A, R, "no-metrics").version(1).quality("unparseable"));
    deploy(p, "ep-no-report", p.group(A, R, "no-report").version(1).quality("none"));
    p.group(A, R, "no-report-idle").version(1).quality("none");
    // MISSING_APPROVAL_NOTE: approved without a note, or a blank one; not a rejected version
    // without one.
    deploy(p, "ep-no-note", p.group(A, R, "no-note").version(1).note(null));
    deploy(p, "ep-blank-note", p.group(A, R, "blank-note").version(1).note("   "));
    deploy(
        p,
        "ep-rejected-no-note",
        p.group(A, R, "rejected-no-note").version(1).status("Rejected").note(null));
    // (that one is still unapproved in production)
    // MISSING_OWNER: no owner anywhere, or an empty one; not an owner in customer metadata or a
    // group tag spelled OWNER.
    deploy(p, "ep-no-owner", p.group(A, R, "no-owner").version(1).noTags());
    deploy(p, "ep-owner-empty", p.group(A, R, "owner-empty").version(1).noTags().tag("owner", ""));
    deploy(
        p,
        "ep-owner-metadata",
        p.group(A, R, "owner-metadata").version(1).noTags().metadata("Owner", "ml@example.com"));
    deploy(
        p,
        "ep-owner-group",
        p.group(A, R, "owner-group").tag("OWNER", "group@example.com").version(1).noTags());
    // MISSING_LINEAGE and MISSING_MODEL_CARD.
    deploy(p, "ep-no-lineage", p.group(A, R, "no-lineage").version(1).withoutDataset());
    deploy(p, "ep-no-card", p.group(A, R, "no-card").version(1).card(null));
    // A version of account A served by account B with the wrong version tag.
    var cross = p.group(A, R, "cross").version(1).card(null);
    p.endpoint(B, R, "cross-ep")
        .tag("model-package-version", "7")
        .production("AllTraffic", cross.arn());
    remember("cross/1", cross);
    // IDLE_ENDPOINT: no invocation in the last 30 days on an endpoint older than that; not one last
    // invoked exactly 30 days ago, nor one exactly 30 days old.
    var idle = p.group(A, R, "idle").version(1);
    p.endpoint(A, R, "ep-idle")
        .createdDaysAgo(45)
        .production("AllTraffic", idle.arn())
        .traffic("AllTraffic", 44, 31, 50);
    remember("ep-idle", idle);
    var idleEdge = p.group(A, R, "idle-edge").version(1);
    p.endpoint(A, R, "ep-idle-edge")
        .createdDaysAgo(45)
        .production("AllTraffic", idleEdge.arn())
        .traffic("AllTraffic", 44, 30, 50);
    p.endpoint(A, R, "ep-young")
        .createdDaysAgo(30)
        .production("AllTraffic", p.group(A, R, "young").version(1).arn());
    // LATENCY_OVER_BUDGET: p90 of 500.5 ms; not 500 ms, the budget itself.
    var slow = p.group(A, R, "slow").version(1);
    p.endpoint(A, R, "ep-slow")
        .production("AllTraffic", slow.arn())
        .traffic("AllTraffic", 9, 1, 500.5);
    remember("ep-slow", slow);
    p.endpoint(A, R, "ep-on-budget")
        .production("AllTraffic", p.group(A, R, "on-budget").version(1).arn())
        .traffic("AllTraffic", 9, 1, 500);
    // MONITORING_VIOLATIONS: the latest run found violations; not a failed run. NO_MONITORING: an
    // unmonitored production endpoint; not an unmonitored OutOfService one.
    p.endpoint(A, R, "ep-drift")
        .monitoringOutcome("CompletedWithViolations")
        .production("AllTraffic", p.group(A, R, "drift").version(1).arn());
    p.endpoint(A, R, "ep-monitor-failed")
        .monitoringOutcome("Failed")
        .production("AllTraffic", p.group(A, R, "monitor-failed").version(1).arn());
    p.endpoint(A, R, "ep-unmonitored")
        .unmonitored()
        .production("AllTraffic", p.group(A, R, "unmonitored").version(1).arn());
    p.endpoint(A, R, "ep-unmonitored-oos")
        .unmonitored()
        .status("OutOfService")
        .production("AllTraffic", p.group(A, R, "unmonitored-oos").version(1).arn());
    // Business unit key spellings, and the precedence version tag > customer metadata > group tag.
    p.group(A, R, "bu-dash").tag("Business-Unit", "retail").version(1);
    p.group(A, R, "bu-snake").tag("business_unit", "risk").version(1);
    p.group(A, R, "bu-camel").tag("BusinessUnit", "payments").version(1);
    p.group(A, R, "bu-precedence")
        .tag("business unit", "from-group")
        .version(1)
        .metadata("Business_Unit", "from-metadata")
        .tag("business-unit", "from-version");
    p.group(A, R, "bu-metadata")
        .tag("business unit", "from-group")
        .version(1)
        .metadata("BUSINESS-UNIT", "from-metadata");

    warehouse = TrinoExtension.dataRoot().resolve("rules-" + UUID.randomUUID());
    ExportJob.Outcome outcome = p.export(warehouse, R, options -> options, A, B);
    assertThat(outcome.runs())
        .allSatisfy(r -> assertThat(r.status()).isNotEqualTo(RunStatus.FAILED));
  }

  private static Instant day(int daysBefore) {
    return AS_OF.minusSeconds(daysBefore * 86_400L);
  }

  private static PortfolioBuilder.Version deploy(
      PortfolioBuilder p, String endpoint, PortfolioBuilder.Version version) {
    p.endpoint(A, R, endpoint).production("AllTraffic", version.arn());
    remember(endpoint, version);
    return version;
  }

  private static void remember(String key, PortfolioBuilder.Version version) {
    ARNS.put(key, version.arn());
  }

  private static List<String> findings(TrinoServer trino, Policy policy) throws Exception {
    return findings(trino, warehouse, policy);
  }

  /**
   * The findings of a warehouse as "rule | severity | account | endpoint | variant | version ARN",
   * after checking that Trino and DuckDB return the same rows.
   */
  static List<String> findings(TrinoServer trino, Path warehouse, Policy policy) throws Exception {
    return onBothEngines(
        trino,
        warehouse,
        policy,
        "SELECT rule_id, severity, account_id, coalesce(endpoint_name, '-'), coalesce(variant_name, '-'),"
            + " coalesce(model_package_arn, '-') FROM governance_findings");
  }

  /** The rows of a query on DuckDB, after checking that Trino returns the same rows. */
  static List<String> onBothEngines(TrinoServer trino, Path warehouse, Policy policy, String sql)
      throws Exception {
    List<String> onDuck;
    try (EmbeddedEngine duck = EmbeddedEngine.open(warehouse, policy)) {
      onDuck = Results.canonical(duck.query(sql));
    }
    try (TrinoWarehouse athena =
        TrinoWarehouse.register(
            trino, warehouse, "rules_" + UUID.randomUUID().toString().substring(0, 8), policy)) {
      assertThat(Results.canonical(athena.query(sql)))
          .as("Trino and DuckDB agree")
          .isEqualTo(onDuck);
    }
    return onDuck;
  }

  private static String row(
      String rule,
      String severity,
      String account,
      String endpoint,
      String variant,
      String arnKey) {
    return String.join(
        " | ",
        rule,
        severity,
        account,
        endpoint,
        variant,
        arnKey.equals("-") ? "-" : ARNS.get(arnKey));
  }

  @Test
  void everyRuleFiresExactlyWhereItShould(TrinoServer trino) throws Exception {
    List<String> expected =
        new ArrayList<>(
            List.of(
                row(
                    "UNAPPROVED_IN_PRODUCTION",
                    "critical",
                    A,
                    "ep-rejected",
                    "AllTraffic",
                    "ep-rejected"),
                row(
                    "UNAPPROVED_IN_PRODUCTION",
                    "high",
                    A,
                    "ep-pending",
                    "AllTraffic",
                    "ep-pending"),
                row("NOT_FROM_REGISTRY", "high", A, "legacy", "AllTraffic", "-"),
                // A deleted model: what runs is unknown, not "not from the registry".
                row("UNRESOLVED_DEPLOYMENT", "high", A, "deleted", "AllTraffic", "-"),
                row("SELF_APPROVED", "high", A, "-", "-", "self/1"),
                row("PENDING_APPROVAL_TOO_LONG", "low", A, "-", "-", "waiting/2"),
                row("STALE_PRODUCTION_MODEL", "medium", A, "ep-stale", "AllTraffic", "ep-stale"),
                row(
                    "SUPERSEDED_IN_PRODUCTION",
                    "low",
                    A,
                    "ep-superseded",
                    "AllTraffic",
                    "ep-superseded"),
                row(
                    "ENDPOINT_VERSION_TAG_MISMATCH",
                    "medium",
                    A,
                    "ep-tagged",
                    "AllTraffic",
                    "ep-tagged"),
                row(
                    "ENDPOINT_VERSION_TAG_MISMATCH",
                    "medium",
                    B,
                    "cross-ep",
                    "AllTraffic",
                    "cross/1"),
                row("MISSING_EVALUATION_METRICS", "high", A, "ep-no-metrics", "-", "ep-no-metrics"),
                row("MISSING_EVALUATION_METRICS", "high", A, "ep-no-report", "-", "ep-no-report"),
                row("MISSING_APPROVAL_NOTE", "medium", A, "ep-no-note", "-", "ep-no-note"),
                row("MISSING_APPROVAL_NOTE", "medium", A, "ep-blank-note", "-", "ep-blank-note"),
                row("MISSING_OWNER", "medium", A, "ep-no-owner", "-", "ep-no-owner"),
                row("MISSING_OWNER", "medium", A, "ep-owner-empty", "-", "ep-owner-empty"),
                row("MISSING_LINEAGE", "medium", A, "ep-no-lineage", "-", "ep-no-lineage"),
                row("MISSING_MODEL_CARD", "low", A, "ep-no-card", "-", "ep-no-card"),
                row("MISSING_MODEL_CARD", "low", A, "cross-ep", "-", "cross/1"),
                row(
                    "UNAPPROVED_IN_PRODUCTION",
                    "critical",
                    A,
                    "ep-rejected-no-note",
                    "AllTraffic",
                    "ep-rejected-no-note"),
                // An Updating endpoint is in production.
                row(
                    "UNAPPROVED_IN_PRODUCTION",
                    "high",
                    A,
                    "ep-updating",
                    "AllTraffic",
                    "ep-updating"),
                row("IDLE_ENDPOINT", "medium", A, "ep-idle", "AllTraffic", "ep-idle"),
                row("LATENCY_OVER_BUDGET", "medium", A, "ep-slow", "AllTraffic", "ep-slow"),
                row("MONITORING_VIOLATIONS", "high", A, "ep-drift", "-", "-"),
                row("NO_MONITORING", "low", A, "ep-unmonitored", "-", "-")));
    List<String> actual = findings(trino, Policy.defaults());
    assertThat(new TreeSet<>(actual)).isEqualTo(new TreeSet<>(expected));
    assertThat(actual).doesNotHaveDuplicates();
  }

  @Test
  void thePolicyMovesTheThresholdsAndTheRequiredTags(TrinoServer trino) throws Exception {
    Policy strict = new Policy(89, 13, List.of("owner", "cost-center"), 29, 49);
    List<String> actual = findings(trino, strict);
    assertThat(actual)
        .anyMatch(f -> f.startsWith("IDLE_ENDPOINT | medium | " + A + " | ep-young | AllTraffic"));
    assertThat(actual)
        .anyMatch(
            f -> f.startsWith("IDLE_ENDPOINT | medium | " + A + " | ep-idle-edge | AllTraffic"));
    assertThat(actual)
        .anyMatch(f -> f.startsWith("LATENCY_OVER_BUDGET | medium | " + A + " | ep-idle-edge"))
        .as("50 ms is over a 49 ms budget");
    assertThat(actual)
        .anyMatch(f -> f.startsWith("STALE_PRODUCTION_MODEL | medium | " + A + " | ep-stale-edge"));
    assertThat(actual)
        .anyMatch(
            f ->
                f.startsWith("PENDING_APPROVAL_TOO_LONG")
                    && f.endsWith("model-package/waiting-edge/1"));
    long inProduction =
        actual.stream()
            .filter(f -> f.startsWith("MISSING_MODEL_CARD") || f.startsWith("MISSING_LINEAGE"))
            .count();
    assertThat(actual.stream().filter(f -> f.startsWith("MISSING_OWNER")).count())
        .as("every version in production lacks cost-center")
        .isGreaterThan(inProduction);
  }

  @Test
  void businessUnitKeysFoldAndTheVersionsOwnTagsWin(TrinoServer trino) throws Exception {
    try (EmbeddedEngine duck = EmbeddedEngine.open(warehouse, Policy.defaults())) {
      String sql =
          "SELECT model_package_group_name, business_unit FROM model_versions WHERE model_package_group_name LIKE 'bu-%'";
      assertThat(Results.canonical(duck.query(sql)))
          .containsExactly(
              "bu-camel | payments",
              "bu-dash | retail",
              "bu-metadata | from-metadata",
              "bu-precedence | from-version",
              "bu-snake | risk");
    }
  }
}
