package io.smgov.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.model.RunStatus;
import io.smgov.run.ExportJob;
import io.smgov.testing.PortfolioBuilder;
import io.smgov.testing.TrinoExtension;
import io.smgov.testing.TrinoServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who approved a version, from CloudTrail: two daily exports 20 days apart, each with CloudTrail's
 * 90-day history ending at its snapshot. Expected rows are written by hand; both engines must
 * agree.
 */
@ExtendWith(TrinoExtension.class)
class ApprovalEventsTest {
  static final String A = "111111111111";
  static final String R = "eu-west-1";

  /** The first export's snapshot, and the second's. */
  static final Instant T0 = Instant.parse("2026-10-12T12:00:00Z");

  static final Instant T1 = Instant.parse("2026-11-01T12:00:00Z");
  static final String CARD_BOT = "arn:aws:sts::" + A + ":assumed-role/ModelCardBot/nightly";
  static Path warehouse;

  static String role(String role, String session) {
    return "arn:aws:sts::" + A + ":assumed-role/" + role + "/" + session;
  }

  static Instant daysBefore(Instant t, long days) {
    return t.minusSeconds(days * 86_400);
  }

  static String arn(String group) {
    return "arn:aws:sagemaker:" + R + ":" + A + ":model-package/" + group + "/1";
  }

  /** The same estate, seen by CloudTrail at {@code now}. */
  static PortfolioBuilder estate(Instant now) {
    PortfolioBuilder p = new PortfolioBuilder(T1).now(now);
    // Approved by carol; a model card update afterwards moved LastModifiedBy, not the approver.
    p.group(A, R, "card-after-approval")
        .version(1)
        .createdAt(daysBefore(T1, 30))
        .lastModified(daysBefore(T1, 3), CARD_BOT)
        .trail(
            "ev-carol",
            "UpdateModelPackage",
            daysBefore(T1, 25),
            role("Approver", "carol"),
            "Approved",
            "Reviewed AUC and calibration")
        .trail("ev-card", "UpdateModelPackage", daysBefore(T1, 3), CARD_BOT, null, null);
    // Approved by alice, rejected by bob, approved again by dave: dave is the approver.
    p.group(A, R, "re-approved")
        .version(1)
        .createdAt(daysBefore(T1, 40))
        .lastModified(daysBefore(T1, 10), role("Approver", "dave"))
        .trail(
            "ev-alice",
            "UpdateModelPackage",
            daysBefore(T1, 25),
            role("Approver", "alice"),
            "Approved",
            "ok")
        .trail(
            "ev-bob",
            "UpdateModelPackage",
            daysBefore(T1, 15),
            role("Approver", "bob"),
            "Rejected",
            "drift in segment B")
        .trail(
            "ev-dave",
            "UpdateModelPackage",
            daysBefore(T1, 10),
            role("Approver", "dave"),
            "Approved",
            "segment B fixed");
    // LastModifiedBy names an approver, but CloudTrail shows the pipeline approved its own version.
    p.group(A, R, "pipeline-approved")
        .version(1)
        .createdAt(daysBefore(T1, 30))
        .createdBy(role("Pipeline", "run-7"))
        .lastModified(daysBefore(T1, 2), role("ModelApprover", "x"))
        .trail(
            "ev-run7",
            "UpdateModelPackage",
            daysBefore(T1, 29),
            role("Pipeline", "run-7"),
            "Approved",
            "auto");
    // Registered already Approved, as CloudTrail's CreateModelPackage says.
    p.group(A, R, "created-approved")
        .version(1)
        .createdAt(daysBefore(T1, 30))
        .createdBy(role("Pipeline", "run-9"))
        .lastModified(daysBefore(T1, 5), CARD_BOT)
        .trail(
            "ev-create",
            "CreateModelPackage",
            daysBefore(T1, 30),
            role("Pipeline", "run-9"),
            "Approved",
            "registered approved");
    // Approved 100 days before the second export: out of CloudTrail's reach then, kept from the
    // first.
    p.group(A, R, "old-approval")
        .version(1)
        .createdAt(daysBefore(T1, 105))
        .lastModified(daysBefore(T1, 1), CARD_BOT)
        .trail(
            "ev-erin",
            "UpdateModelPackage",
            daysBefore(T1, 100),
            role("Approver", "erin"),
            "Approved",
            "first release");
    // No event: the last modifier, as before.
    p.group(A, R, "no-trail").version(1).createdAt(daysBefore(T1, 30));
    return p;
  }

  @BeforeAll
  static void export() throws Exception {
    warehouse = TrinoExtension.dataRoot().resolve("approvals-" + UUID.randomUUID());
    for (Instant snapshot : List.of(T0, T1)) {
      ExportJob.Outcome outcome =
          estate(snapshot)
              .export(warehouse, R, options -> options.snapshotTime(snapshot.toString()), A);
      assertThat(outcome.runs())
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
      assertThat(outcome.runs()).allSatisfy(r -> assertThat(r.approvalsRead()).isTrue());
    }
  }

  @Test
  void theApproverIsTheNewestCloudTrailApprovalElseTheLastModifier(TrinoServer trino)
      throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT model_package_group_name, approved_by, approver_source, CAST(CAST(approved_at AS DATE) AS VARCHAR),"
                + " approved_at_registration FROM model_versions");
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "card-after-approval | "
                + role("Approver", "carol")
                + " | cloudtrail | 2026-10-07 | false",
            "re-approved | " + role("Approver", "dave") + " | cloudtrail | 2026-10-22 | false",
            "pipeline-approved | "
                + role("Pipeline", "run-7")
                + " | cloudtrail | 2026-10-03 | false",
            "created-approved | " + role("Pipeline", "run-9") + " | cloudtrail | 2026-10-02 | true",
            "old-approval | " + role("Approver", "erin") + " | cloudtrail | 2026-07-24 | false",
            "no-trail | arn:aws:sts::"
                + A
                + ":assumed-role/Approver/reviewer | last_modified_by | 2026-10-02 | false");
  }

  @Test
  void everyApprovalEventIsKeptAndAChangeThatIsNotAnApprovalIsNot(TrinoServer trino)
      throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT e.event_id, e.approval_status, e.actor, e.has_approval_note FROM approval_events e"
                + " JOIN latest_snapshot l ON e.account_id = l.account_id AND e.region = l.region AND e.snapshot_date = l.snapshot_date");
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "ev-carol | Approved | " + role("Approver", "carol") + " | true",
            "ev-alice | Approved | " + role("Approver", "alice") + " | true",
            "ev-bob | Rejected | " + role("Approver", "bob") + " | true",
            "ev-dave | Approved | " + role("Approver", "dave") + " | true",
            "ev-run7 | Approved | " + role("Pipeline", "run-7") + " | true",
            "ev-create | Approved | " + role("Pipeline", "run-9") + " | true",
            "ev-erin | Approved | " + role("Approver", "erin") + " | true");
  }

  @Test
  void selfApprovalIsJudgedOnTheCloudTrailApprover(TrinoServer trino) throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT model_package_arn, detail FROM governance_findings WHERE rule_id = 'SELF_APPROVED'");
    assertThat(rows)
        .containsExactlyInAnyOrder(
            arn("pipeline-approved")
                + " | pipeline-approved version 1 was approved by the identity that registered it: "
                + role("Pipeline", "run-7"),
            arn("created-approved")
                + " | created-approved version 1 was registered already Approved (approved at registration) by "
                + role("Pipeline", "run-9"));
  }
}
