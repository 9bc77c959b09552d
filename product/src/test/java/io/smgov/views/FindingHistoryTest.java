package io.smgov.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.model.FindingRow;
import io.smgov.model.Waiver;
import io.smgov.table.TableSpec;
import io.smgov.table.Tables;
import io.smgov.testing.PortfolioBuilder;
import io.smgov.testing.RecordedFindings;
import io.smgov.testing.TrinoExtension;
import io.smgov.testing.TrinoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The findings lifecycle views (finding_episodes, finding_history, finding_changes,
 * remediation_summary, finding_trends) over three recorded snapshots written by hand, on Trino and
 * DuckDB. Every expected row is worked out below from the views' documented meaning.
 *
 * <p>Accounts A and B, region R; days D1 = 2026-11-01 (a Sunday), D2, D3. A is recorded all three
 * days; B's export failed on D3, so B is recorded D1 and D2 only.
 *
 * <pre>
 * id  acct rule                       bu        D1          D2          D3
 * f1  A    UNAPPROVED_IN_PRODUCTION   payments  x           x           x            open 2 days
 * f2  A    STALE_PRODUCTION_MODEL     payments  x           -           -            resolved D2 (1 day)
 * f9  A    STALE_PRODUCTION_MODEL     payments  x           x           -            resolved D3 (2 days)
 * f3  A    MISSING_OWNER              (none)    x           -           x            reopened on D3
 * f4  A    IDLE_ENDPOINT              payments  waived(D2)  waived(D2)  x            its waiver expired: open
 * f7  A    DEPLOYED_BEFORE_APPROVAL   payments  -           -           x            new on D3
 * f8  A    MISSING_MODEL_CARD         payments  -           waived      waived       waived until 2026-12-31
 * f5  B    UNAPPROVED_IN_PRODUCTION   risk      x           x           (failed)     still open: B not read D3
 * f6  B    SUPERSEDED_IN_PRODUCTION   risk      x           -           (failed)     resolved D2
 * </pre>
 */
@ExtendWith(TrinoExtension.class)
class FindingHistoryTest {
  static final String A = "111111111111";
  static final String B = "222222222222";
  static final String R = "eu-west-1";
  static final LocalDate D1 = LocalDate.parse("2026-11-01");
  static final LocalDate D2 = LocalDate.parse("2026-11-02");
  static final LocalDate D3 = LocalDate.parse("2026-11-03");
  static final Waiver IDLE_UNTIL_D2 =
      new Waiver("IDLE_ENDPOINT", "arn:f4*", "quarter-end batch", "jane", D2);
  static final Waiver CARD_UNTIL_DECEMBER =
      new Waiver(
          "MISSING_MODEL_CARD", "arn:f8", "card in review", "omar", LocalDate.parse("2026-12-31"));

  static Path warehouse;

  static FindingRow finding(String id, String rule, String category, String severity, String bu) {
    return RecordedFindings.finding(id, rule, category, severity, bu, "detail of " + id);
  }

  static FindingRow f1() {
    return finding("f1", "UNAPPROVED_IN_PRODUCTION", "unapproved", "high", "payments");
  }

  static FindingRow f2() {
    return finding("f2", "STALE_PRODUCTION_MODEL", "stale", "medium", "payments");
  }

  static FindingRow f9() {
    return finding("f9", "STALE_PRODUCTION_MODEL", "stale", "medium", "payments");
  }

  static FindingRow f3() {
    return finding("f3", "MISSING_OWNER", "undocumented", "low", null);
  }

  static FindingRow f4() {
    return finding("f4", "IDLE_ENDPOINT", "operational", "low", "payments");
  }

  static FindingRow f7() {
    return finding("f7", "DEPLOYED_BEFORE_APPROVAL", "unapproved", "high", "payments");
  }

  static FindingRow f8() {
    return finding("f8", "MISSING_MODEL_CARD", "undocumented", "medium", "payments");
  }

  static FindingRow f5() {
    return finding("f5", "UNAPPROVED_IN_PRODUCTION", "unapproved", "high", "risk");
  }

  static FindingRow f6() {
    return finding("f6", "SUPERSEDED_IN_PRODUCTION", "stale", "low", "risk");
  }

  @BeforeAll
  static void recordThreeSnapshots() throws Exception {
    warehouse = TrinoExtension.dataRoot().resolve("history-" + UUID.randomUUID());
    // A real export, for the export_runs every warehouse has; its own findings are not recorded.
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    p.group(A, R, "fraud").version(1);
    p.export(warehouse, R, options -> options, A);

    record(A, D1, List.of(f1(), f2(), f9(), f3(), f4().waivedBy(IDLE_UNTIL_D2)), IDLE_UNTIL_D2);
    record(B, D1, List.of(f5(), f6()));
    record(
        A,
        D2,
        List.of(f1(), f9(), f4().waivedBy(IDLE_UNTIL_D2), f8().waivedBy(CARD_UNTIL_DECEMBER)),
        IDLE_UNTIL_D2,
        CARD_UNTIL_DECEMBER);
    record(B, D2, List.of(f5()));
    // D3: the idle waiver expired (the recorder refuses it, so the policy dropped it); B failed.
    record(
        A,
        D3,
        List.of(f1(), f3(), f4(), f7(), f8().waivedBy(CARD_UNTIL_DECEMBER)),
        CARD_UNTIL_DECEMBER);
    // A findings file whose record was cut short (no finding_runs row) is not read.
    write(Tables.FINDINGS, B, D3, List.of(f5(), f6()));
  }

  static void record(String account, LocalDate day, List<FindingRow> rows, Waiver... waivers)
      throws Exception {
    new RecordedFindings(warehouse, R).record(account, day, rows, waivers);
  }

  static <T> void write(TableSpec<T> table, String account, LocalDate day, List<T> rows)
      throws Exception {
    new RecordedFindings(warehouse, R).write(table, account, day, rows);
  }

  @Test
  void historyHasOneRowPerFindingWithItsEpisodesAndStatus(TrinoServer trino) throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT finding_id, account_id, rule_id, coalesce(business_unit, '-'), first_seen_date, opened_date,"
                + " last_seen_date, resolved_date, status, days_open, times_opened, waiver_reason, waiver_expires"
                + " FROM finding_history");
    assertThat(rows)
        .containsExactly(
            "f1 | "
                + A
                + " | UNAPPROVED_IN_PRODUCTION | payments | 2026-11-01 | 2026-11-01 | 2026-11-03 | NULL | open | 2 | 1 | NULL | NULL",
            "f2 | "
                + A
                + " | STALE_PRODUCTION_MODEL | payments | 2026-11-01 | 2026-11-01 | 2026-11-01 | 2026-11-02 | resolved | 1 | 1 | NULL | NULL",
            // Reopened: its second episode opened on D3.
            "f3 | "
                + A
                + " | MISSING_OWNER | - | 2026-11-01 | 2026-11-03 | 2026-11-03 | NULL | open | 0 | 2 | NULL | NULL",
            // Waived on D1 and D2; the waiver expired, so on D3 it is open, counted from D1.
            "f4 | "
                + A
                + " | IDLE_ENDPOINT | payments | 2026-11-01 | 2026-11-01 | 2026-11-03 | NULL | open | 2 | 1 | NULL | NULL",
            // B's export failed on D3: B's newest recorded snapshot is D2, so f5 is still open.
            "f5 | "
                + B
                + " | UNAPPROVED_IN_PRODUCTION | risk | 2026-11-01 | 2026-11-01 | 2026-11-02 | NULL | open | 1 | 1 | NULL | NULL",
            "f6 | "
                + B
                + " | SUPERSEDED_IN_PRODUCTION | risk | 2026-11-01 | 2026-11-01 | 2026-11-01 | 2026-11-02 | resolved | 1 | 1 | NULL | NULL",
            "f7 | "
                + A
                + " | DEPLOYED_BEFORE_APPROVAL | payments | 2026-11-03 | 2026-11-03 | 2026-11-03 | NULL | open | 0 | 1 | NULL | NULL",
            "f8 | "
                + A
                + " | MISSING_MODEL_CARD | payments | 2026-11-02 | 2026-11-02 | 2026-11-03 | NULL | waived | 1 | 1 | card in review | 2026-12-31",
            "f9 | "
                + A
                + " | STALE_PRODUCTION_MODEL | payments | 2026-11-01 | 2026-11-01 | 2026-11-02 | 2026-11-03 | resolved | 2 | 1 | NULL | NULL");
  }

  @Test
  void episodesSplitAtAGap(TrinoServer trino) throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT finding_id, episode, opened_date, last_seen_date, resolved_date, newest_snapshot_date"
                + " FROM finding_episodes WHERE finding_id IN ('f3', 'f5')");
    assertThat(rows)
        .containsExactly(
            "f3 | 1 | 2026-11-01 | 2026-11-01 | 2026-11-02 | 2026-11-03",
            "f3 | 2 | 2026-11-03 | 2026-11-03 | NULL | 2026-11-03",
            "f5 | 1 | 2026-11-01 | 2026-11-02 | NULL | 2026-11-02");
  }

  @Test
  void changesCompareTheNewestDaysSnapshotsWithTheOnesBefore(TrinoServer trino) throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT snapshot_date, previous_snapshot_date, account_id, finding_id, rule_id, severity, change,"
                + " detail, resource_arn FROM finding_changes");
    assertThat(rows)
        .containsExactly(
            // A, D3 against D2: f3 reopened, f4's waiver expired, f7 is new; f8 stays waived.
            "2026-11-03 | 2026-11-02 | "
                + A
                + " | f3 | MISSING_OWNER | low | opened | detail of f3 | arn:f3",
            "2026-11-03 | 2026-11-02 | "
                + A
                + " | f4 | IDLE_ENDPOINT | low | opened | detail of f4 | arn:f4",
            "2026-11-03 | 2026-11-02 | "
                + A
                + " | f7 | DEPLOYED_BEFORE_APPROVAL | high | opened | detail of f7 | arn:f7",
            // f9 was in D2 and is gone in D3. B failed on D3: no changes of B (its D2 changes,
            // f6 resolved, were D2's news), and f5 is not resolved.
            "2026-11-03 | 2026-11-02 | "
                + A
                + " | f9 | STALE_PRODUCTION_MODEL | medium | resolved | detail of f9 | arn:f9");
  }

  @Test
  void remediationSummaryCountsEpisodesByMonthUnitAndRule(TrinoServer trino) throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT month, business_unit, rule_id, opened, resolved, median_days_to_resolve, still_open"
                + " FROM remediation_summary");
    assertThat(rows)
        .containsExactly(
            // f3: two episodes, the first resolved after 1 day, the second open.
            "2026-11-01 | (none) | MISSING_OWNER | 2 | 1 | 1 | 1",
            "2026-11-01 | payments | DEPLOYED_BEFORE_APPROVAL | 1 | 0 | NULL | 1",
            "2026-11-01 | payments | IDLE_ENDPOINT | 1 | 0 | NULL | 1",
            "2026-11-01 | payments | MISSING_MODEL_CARD | 1 | 0 | NULL | 1",
            // f2 after 1 day, f9 after 2: the median of two is their mean.
            "2026-11-01 | payments | STALE_PRODUCTION_MODEL | 2 | 2 | 1.5 | 0",
            "2026-11-01 | payments | UNAPPROVED_IN_PRODUCTION | 1 | 0 | NULL | 1",
            "2026-11-01 | risk | SUPERSEDED_IN_PRODUCTION | 1 | 1 | 1 | 0",
            "2026-11-01 | risk | UNAPPROVED_IN_PRODUCTION | 1 | 0 | NULL | 1");
  }

  @Test
  void trendsCountEachAccountAtItsNewestRecordedSnapshotByThen(TrinoServer trino) throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT snapshot_date, week, sum(open_findings), sum(waived_findings), sum(opened), sum(resolved)"
                + " FROM finding_trends GROUP BY snapshot_date, week");
    assertThat(rows)
        .containsExactly(
            // D1 (a Sunday: its ISO week began on Monday 26 October): A's f1 f2 f9 f3 and B's f5 f6
            // open, f4 waived; all seven opened.
            "2026-11-01 | 2026-10-26 | 6 | 1 | 7 | 0",
            // D2: f1 f9 f5 open, f4 f8 waived; f8 opened; f2 f3 f6 resolved.
            "2026-11-02 | 2026-11-02 | 3 | 2 | 1 | 3",
            // D3: B counts at D2 (its export failed): f1 f3 f4 f7 and f5 open, f8 waived; f3 and
            // f7 opened, f9 resolved.
            "2026-11-03 | 2026-11-02 | 5 | 1 | 2 | 1");
    List<String> byCategory =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT category, severity, business_unit, open_findings, waived_findings, opened, resolved"
                + " FROM finding_trends WHERE snapshot_date = DATE '2026-11-03'");
    assertThat(byCategory)
        .containsExactly(
            "operational | low | payments | 1 | 0 | 0 | 0",
            "stale | medium | payments | 0 | 0 | 0 | 1",
            "unapproved | high | payments | 2 | 0 | 1 | 0",
            "unapproved | high | risk | 1 | 0 | 0 | 0",
            "undocumented | low | (none) | 1 | 0 | 1 | 0",
            "undocumented | medium | payments | 0 | 1 | 0 | 0");
  }

  @Test
  void aFindingIsNamedByTheHashOfItsRuleAndResource(TrinoServer trino) throws Exception {
    // An endpoint serving a PendingManualApproval version: UNAPPROVED_IN_PRODUCTION on its variant.
    PortfolioBuilder p = new PortfolioBuilder(Instant.parse("2026-11-01T06:00:00Z"));
    PortfolioBuilder.Version pending =
        p.group(A, R, "fraud").version(1).status("PendingManualApproval");
    p.endpoint(A, R, "ep-pending").production("AllTraffic", pending.arn());
    Path estate = TrinoExtension.dataRoot().resolve("finding-id-" + UUID.randomUUID());
    p.export(estate, R, options -> options, A);
    String endpointArn = "arn:aws:sagemaker:" + R + ":" + A + ":endpoint/ep-pending";
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            estate,
            Policy.defaults(),
            "SELECT rule_id, resource_arn, finding_id FROM governance_findings"
                + " WHERE rule_id = 'UNAPPROVED_IN_PRODUCTION'");
    assertThat(rows)
        .containsExactly(
            "UNAPPROVED_IN_PRODUCTION | "
                + endpointArn
                + " | "
                + sha256("UNAPPROVED_IN_PRODUCTION|" + endpointArn + "|AllTraffic"));
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
