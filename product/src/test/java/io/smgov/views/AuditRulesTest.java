package io.smgov.views;

import static io.smgov.views.ApprovalEventsTest.A;
import static io.smgov.views.ApprovalEventsTest.CARD_BOT;
import static io.smgov.views.ApprovalEventsTest.R;
import static io.smgov.views.ApprovalEventsTest.T0;
import static io.smgov.views.ApprovalEventsTest.T1;
import static io.smgov.views.ApprovalEventsTest.arn;
import static io.smgov.views.ApprovalEventsTest.daysBefore;
import static io.smgov.views.ApprovalEventsTest.role;
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
 * The audit-grade approval rules (APPROVER_NOT_AUTHORIZED, DEPLOYED_BEFORE_APPROVAL,
 * ARTIFACT_CHANGED_AFTER_REGISTRATION, MISSING_REQUIRED_EVIDENCE, and MISSING_APPROVAL_NOTE's
 * minimum length) and the approval_audit view, on an estate exported twice 20 days apart (so an
 * approval older than CloudTrail's 90 days survives from the first export; the account, times and
 * identity helpers are ApprovalEventsTest's). Expected rows are written by hand from the policy
 * below; Trino and DuckDB must agree.
 */
@ExtendWith(TrinoExtension.class)
class AuditRulesTest {
  static final Policy POLICY =
      Policy.defaults()
          .withMinApprovalNoteChars(10)
          .withApproverRoles(
              List.of(
                  "arn:aws:iam::*:role/*Approver",
                  "arn:aws:sagemaker:*:*:user-profile/d-1/lead-*",
                  "arn:aws:iam::*:role/ml/Reviewer"))
          .withRequiredEvidence(
              List.of(
                  new Policy.Evidence(null, "model_quality"),
                  new Policy.Evidence(null, "metric:auc"),
                  new Policy.Evidence("credit-risk", "bias")));
  static Path warehouse;

  /**
   * A version in production on its own endpoint "ep-" + group, last updated at {@code deployed}.
   */
  static PortfolioBuilder.Version served(
      PortfolioBuilder p, String group, Instant created, Instant deployed) {
    PortfolioBuilder.Version v = p.group(A, R, group).version(1).createdAt(created);
    p.endpoint(A, R, "ep-" + group)
        .createdAt(deployed)
        .updatedAt(deployed)
        .production("AllTraffic", v.arn());
    return v;
  }

  static PortfolioBuilder estate(Instant now) {
    PortfolioBuilder p = new PortfolioBuilder(T1).now(now);
    // Approved by an authorized role (with an IAM path), deployed after: nothing to say.
    served(p, "authorized", daysBefore(T1, 30), daysBefore(T1, 20))
        .rolePath("/ml/")
        .trail(
            "ev-a1",
            "UpdateModelPackage",
            daysBefore(T1, 25),
            role("Approver", "alice"),
            "Approved",
            "Reviewed AUC and calibration");
    // Approved by an authorized role, then approved again by a data scientist: the newest counts.
    served(p, "reapproved-other", daysBefore(T1, 40), daysBefore(T1, 5))
        .rolePath("/ml/")
        .lastModified(daysBefore(T1, 10), role("DataScientist", "frank"))
        .trail(
            "ev-b1",
            "UpdateModelPackage",
            daysBefore(T1, 25),
            role("Approver", "alice"),
            "Approved",
            "Reviewed AUC and calibration")
        .trail(
            "ev-b2",
            "UpdateModelPackage",
            daysBefore(T1, 10),
            role("DataScientist", "frank"),
            "Approved",
            "Re-approved after retag");
    // Approved 100 days before the second export (out of CloudTrail's reach then, kept from the
    // first); a model card update later moved LastModifiedBy to a bot, not the approver.
    served(p, "old-approval", daysBefore(T1, 105), daysBefore(T1, 95))
        .lastModified(daysBefore(T1, 1), CARD_BOT)
        .trail(
            "ev-c1",
            "UpdateModelPackage",
            daysBefore(T1, 100),
            role("Approver", "erin"),
            "Approved",
            "First release, reviewed")
        .trail("ev-c2", "UpdateModelPackage", daysBefore(T1, 1), CARD_BOT, null, null);
    // Deployed five days before its (only) approval.
    served(p, "deployed-early", daysBefore(T1, 30), daysBefore(T1, 25))
        .trail(
            "ev-d1",
            "UpdateModelPackage",
            daysBefore(T1, 20),
            role("Approver", "gina"),
            "Approved",
            "Reviewed after go-live");
    // No CloudTrail event: its approval time is only the last modification, so it can't be judged.
    served(p, "last-modifier-only", daysBefore(T1, 30), daysBefore(T1, 25))
        .lastModified(daysBefore(T1, 20), role("Approver", "reviewer"));
    // Approved by the pipeline that registered it.
    served(p, "pipeline-approved", daysBefore(T1, 30), daysBefore(T1, 28))
        .createdBy(role("Pipeline", "run-7"))
        .trail(
            "ev-p1",
            "UpdateModelPackage",
            daysBefore(T1, 29),
            role("Pipeline", "run-7"),
            "Approved",
            "Automatic approval");
    // Approved by a Studio lead on a shared execution role: the profile matches.
    served(p, "studio-lead", daysBefore(T1, 30), daysBefore(T1, 20))
        .approvedByStudio(
            "d-1", "lead-kim", "arn:aws:sts::" + A + ":assumed-role/StudioExecution/SageMaker");
    // The same through CloudTrail, which names only the execution role's session: the approval was
    // the last change (same second), so LastModifiedBy's Studio profile is the approver.
    served(p, "studio-trail", daysBefore(T1, 30), daysBefore(T1, 20))
        .lastModified(daysBefore(T1, 25), role("StudioExecution", "SageMaker"))
        .approvedByStudio(
            "d-1", "lead-kim", "arn:aws:sts::" + A + ":assumed-role/StudioExecution/SageMaker")
        .trail(
            "ev-s1",
            "UpdateModelPackage",
            daysBefore(T1, 25),
            role("StudioExecution", "SageMaker"),
            "Approved",
            "Reviewed in Studio");
    // A glob with an IAM path: CloudTrail gives the role's path; LastModifiedBy does not, so a role
    // of that name elsewhere can't be told apart: not judged.
    served(p, "reviewer-other-path", daysBefore(T1, 30), daysBefore(T1, 20))
        .rolePath("/other/")
        .trail(
            "ev-r1",
            "UpdateModelPackage",
            daysBefore(T1, 25),
            role("Reviewer", "rita"),
            "Approved",
            "Reviewed, numbers hold");
    served(p, "reviewer-path-unknown", daysBefore(T1, 30), daysBefore(T1, 20))
        .lastModified(daysBefore(T1, 25), role("Reviewer", "rita"));
    // Approved 160 days ago (never seen: CloudTrail had let it go before the first export),
    // deployed 100 days ago, approved again 10 days ago: its first approval is unknown, not the
    // latest.
    served(p, "approved-long-ago", daysBefore(T1, 200), daysBefore(T1, 100))
        .trail(
            "ev-l1",
            "UpdateModelPackage",
            daysBefore(T1, 160),
            role("Approver", "hana"),
            "Approved",
            "First release, reviewed")
        .trail(
            "ev-l2",
            "UpdateModelPackage",
            daysBefore(T1, 10),
            role("Approver", "hana"),
            "Approved",
            "Note reworded after audit");
    // Its artefact was overwritten after registration; another's was deleted; a third was
    // overwritten but is not in production.
    PortfolioBuilder.Version overwritten =
        served(p, "overwritten", daysBefore(T1, 30), daysBefore(T1, 20));
    if (!now.isBefore(daysBefore(T1, 5))) {
      overwritten.artifact(
          daysBefore(T1, 5), "\"e2\""); // the first export saw the registered object
    }
    served(p, "artifact-gone", daysBefore(T1, 30), daysBefore(T1, 20)).artifactGone();
    // Registered with the artefact's ETag: the same ETag (S3 quotes it, any case) is the same
    // object; another ETag is another object, even one written before registration.
    served(p, "etag-same", daysBefore(T1, 30), daysBefore(T1, 20))
        .registeredEtag("9b2c")
        .artifact(daysBefore(T1, 31), "\"9B2C\"");
    served(p, "etag-differs", daysBefore(T1, 30), daysBefore(T1, 20))
        .registeredEtag("9b2c")
        .artifact(daysBefore(T1, 31), "\"77aa\"");
    // Copied in place (re-encrypted) after registration: a later write of the registered bytes.
    served(p, "etag-copied", daysBefore(T1, 30), daysBefore(T1, 20))
        .registeredEtag("9b2c")
        .artifact(daysBefore(T1, 3), "\"9b2c\"");
    p.group(A, R, "not-served-overwritten")
        .version(1)
        .createdAt(daysBefore(T1, 30))
        .artifact(daysBefore(T1, 5), "\"e3\"");
    // Evidence: credit-risk must also have a bias report; everyone a model quality report with auc.
    served(p, "credit-no-bias", daysBefore(T1, 30), daysBefore(T1, 20))
        .tag("business-unit", "credit-risk");
    served(p, "credit-with-bias", daysBefore(T1, 30), daysBefore(T1, 20))
        .tag("business-unit", "Credit-Risk")
        .report("bias");
    served(p, "no-quality", daysBefore(T1, 30), daysBefore(T1, 20)).quality("none");
    // A note, but not a substantive one (policy: 10 characters).
    served(p, "short-note", daysBefore(T1, 30), daysBefore(T1, 20)).note(" LGTM \n");
    return p;
  }

  @BeforeAll
  static void export() throws Exception {
    warehouse = TrinoExtension.dataRoot().resolve("audit-" + UUID.randomUUID());
    for (Instant snapshot : List.of(T0, T1)) {
      ExportJob.Outcome outcome =
          estate(snapshot)
              .export(warehouse, R, options -> options.snapshotTime(snapshot.toString()), A);
      assertThat(outcome.runs())
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
    }
  }

  @Test
  void theAuditRulesFireExactlyWhereThePolicySays(TrinoServer trino) throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            POLICY,
            "SELECT rule_id, severity, category, coalesce(endpoint_name, '-'), coalesce(variant_name, '-'), detail"
                + " FROM governance_findings WHERE rule_id IN ('APPROVER_NOT_AUTHORIZED', 'DEPLOYED_BEFORE_APPROVAL',"
                + " 'ARTIFACT_CHANGED_AFTER_REGISTRATION', 'MISSING_REQUIRED_EVIDENCE', 'MISSING_APPROVAL_NOTE')");
    String roles =
        "arn:aws:iam::*:role/*Approver, arn:aws:sagemaker:*:*:user-profile/d-1/lead-*, arn:aws:iam::*:role/ml/Reviewer";
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "APPROVER_NOT_AUTHORIZED | high | unapproved | ep-reapproved-other | - | reapproved-other version 1 is in production,"
                + " approved by "
                + role("DataScientist", "frank")
                + " (role arn:aws:iam::"
                + A
                + ":role/ml/DataScientist),"
                + " who is not among the policy's approver_roles ("
                + roles
                + ")",
            "APPROVER_NOT_AUTHORIZED | high | unapproved | ep-reviewer-other-path | - | reviewer-other-path version 1 is in"
                + " production, approved by "
                + role("Reviewer", "rita")
                + " (role arn:aws:iam::"
                + A
                + ":role/other/Reviewer),"
                + " who is not among the policy's approver_roles ("
                + roles
                + ")",
            "APPROVER_NOT_AUTHORIZED | high | unapproved | ep-pipeline-approved | - | pipeline-approved version 1 is in production,"
                + " approved by "
                + role("Pipeline", "run-7")
                + " (role arn:aws:iam::"
                + A
                + ":role/Pipeline),"
                + " who is not among the policy's approver_roles ("
                + roles
                + ")",
            "DEPLOYED_BEFORE_APPROVAL | high | unapproved | ep-deployed-early | AllTraffic | Endpoint ep-deployed-early (AllTraffic)"
                + " has served deployed-early version 1 since 2026-10-07 12:00:00 UTC, before the version was first approved at"
                + " 2026-10-12 12:00:00 UTC",
            "ARTIFACT_CHANGED_AFTER_REGISTRATION | critical | integrity | ep-overwritten | - | overwritten version 1 is in production,"
                + " but its model artefact s3://models-"
                + A
                + "/overwritten/1/model.tar.gz is not the object it was registered with"
                + " (last written 2026-10-27 12:00:00 UTC, registered 2026-10-02 12:00:00 UTC)",
            "ARTIFACT_CHANGED_AFTER_REGISTRATION | critical | integrity | ep-etag-differs | - | etag-differs version 1 is in"
                + " production, but its model artefact s3://models-"
                + A
                + "/etag-differs/1/model.tar.gz is not the object it was"
                + " registered with (last written 2026-10-01 12:00:00 UTC, registered 2026-10-02 12:00:00 UTC)",
            "ARTIFACT_CHANGED_AFTER_REGISTRATION | critical | integrity | ep-artifact-gone | - | artifact-gone version 1 is in"
                + " production, but its model artefact s3://models-"
                + A
                + "/artifact-gone/1/model.tar.gz is gone",
            "MISSING_REQUIRED_EVIDENCE | high | undocumented | ep-credit-no-bias | - | credit-no-bias version 1 is in production"
                + " without its required evidence: bias report",
            "MISSING_REQUIRED_EVIDENCE | high | undocumented | ep-no-quality | - | no-quality version 1 is in production"
                + " without its required evidence: model quality report, metric auc",
            "MISSING_APPROVAL_NOTE | medium | undocumented | ep-short-note | - | short-note version 1 is in production and was"
                + " approved with a note of 4 characters (policy: at least 10)");
  }

  @Test
  void theApproverIsThePersonWhereAwsSaysWhoAndUnjudgedWhereThePolicyCannotTell(TrinoServer trino)
      throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            POLICY,
            "SELECT model_package_group_name, approved_by, approved_by_kind, coalesce(approved_by_role, '-'),"
                + " coalesce(CAST(approver_in_policy AS VARCHAR), '-'), coalesce(CAST(CAST(first_approved_at AS DATE) AS VARCHAR), '-')"
                + " FROM approval_audit WHERE event_time IS NULL OR event_time = approved_at");
    assertThat(rows)
        .filteredOn(
            r ->
                r.startsWith("studio-")
                    || r.startsWith("reviewer-")
                    || r.startsWith("approved-long-ago"))
        .containsExactlyInAnyOrder(
            "studio-lead | arn:aws:sagemaker:eu-west-1:"
                + A
                + ":user-profile/d-1/lead-kim | studio_user_profile"
                + " | arn:aws:iam::"
                + A
                + ":role/StudioExecution | true | -",
            "studio-trail | arn:aws:sagemaker:eu-west-1:"
                + A
                + ":user-profile/d-1/lead-kim | studio_user_profile"
                + " | arn:aws:iam::"
                + A
                + ":role/StudioExecution | true | 2026-10-07",
            "reviewer-other-path | "
                + role("Reviewer", "rita")
                + " | iam_arn | arn:aws:iam::"
                + A
                + ":role/other/Reviewer"
                + " | false | 2026-10-07",
            "reviewer-path-unknown | "
                + role("Reviewer", "rita")
                + " | iam_arn | arn:aws:iam::"
                + A
                + ":role/Reviewer | - | -",
            "approved-long-ago | "
                + role("Approver", "hana")
                + " | iam_arn | arn:aws:iam::"
                + A
                + ":role/Approver | true | -");
  }

  @Test
  void withoutApproverRolesOrRequiredEvidenceThoseRulesAreSilent(TrinoServer trino)
      throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT rule_id, model_package_arn FROM governance_findings WHERE rule_id IN ('APPROVER_NOT_AUTHORIZED',"
                + " 'MISSING_REQUIRED_EVIDENCE', 'MISSING_APPROVAL_NOTE', 'DEPLOYED_BEFORE_APPROVAL')");
    // The default policy asks for a note of 1 character: " LGTM " has 4. Deployment before
    // approval needs no policy.
    assertThat(rows).containsExactly("DEPLOYED_BEFORE_APPROVAL | " + arn("deployed-early"));
  }

  @Test
  void theAuditPageShowsEveryApprovalEventWithTheVersionsEvidenceAndWhereItRuns(TrinoServer trino)
      throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            POLICY,
            "SELECT model_package_group_name, registered_by, approved_by, approver_source, approver_in_policy,"
                + " coalesce(CAST(CAST(event_time AS DATE) AS VARCHAR), '-'), coalesce(event_actor, '-'), coalesce(event_note, '-'),"
                + " coalesce(artifact_status, '-'), coalesce(required_evidence_missing, '-'), training_datasets,"
                + " production_endpoint_names, CAST(in_production_since AS VARCHAR), coalesce(CAST(rollback_version AS VARCHAR), '-')"
                + " FROM approval_audit WHERE model_package_group_name IN ('reapproved-other', 'old-approval', 'artifact-gone')");
    String datasets = "s3://data-" + A + "/";
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "reapproved-other | "
                + role("Pipeline", "reapproved-other-1")
                + " | "
                + role("DataScientist", "frank")
                + " | cloudtrail | false | 2026-10-07 | "
                + role("Approver", "alice")
                + " | Reviewed AUC and calibration | unchanged | -"
                + " | "
                + datasets
                + "reapproved-other/v1/ | ep-reapproved-other | 2026-10-12 | -",
            "reapproved-other | "
                + role("Pipeline", "reapproved-other-1")
                + " | "
                + role("DataScientist", "frank")
                + " | cloudtrail | false | 2026-10-22 | "
                + role("DataScientist", "frank")
                + " | Re-approved after retag | unchanged | -"
                + " | "
                + datasets
                + "reapproved-other/v1/ | ep-reapproved-other | 2026-10-12 | -",
            "old-approval | "
                + role("Pipeline", "old-approval-1")
                + " | "
                + role("Approver", "erin")
                + " | cloudtrail | true | 2026-07-24 | "
                + role("Approver", "erin")
                + " | First release, reviewed | unchanged | -"
                + " | "
                + datasets
                + "old-approval/v1/ | ep-old-approval | 2026-10-12 | -",
            "artifact-gone | "
                + role("Pipeline", "artifact-gone-1")
                + " | "
                + role("Approver", "reviewer")
                + " | last_modified_by | true | - | - | - | changed | - | "
                + datasets
                + "artifact-gone/v1/"
                + " | ep-artifact-gone | 2026-10-12 | -");
  }
}
