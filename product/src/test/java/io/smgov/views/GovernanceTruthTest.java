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
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules on the shapes real AWS estates return: RAM-shared groups that share a local group's
 * name, Studio users and SourceIdentity, versions registered already Approved, whitespace that is
 * not text, ages at the exact second, standalone model cards, inference components, deleted configs
 * and models, versions of accounts that were not exported, and CloudWatch alarms as monitoring.
 * Every expected row is written here by hand; both engines must return it.
 */
@ExtendWith(TrinoExtension.class)
class GovernanceTruthTest {
  static final Instant AS_OF = Instant.parse("2026-11-01T12:00:00Z");
  static final String A = "111111111111";
  static final String B = "222222222222";

  /** The producer account of a shared group; never exported here. */
  static final String C = "333333333333";

  static final String R = "eu-west-1";
  static final String SHARED_ROLE = "arn:aws:iam::" + A + ":role/SageMakerExecution";
  static Path warehouse;

  static String arn(String account, String group, int version) {
    return "arn:aws:sagemaker:" + R + ":" + account + ":model-package/" + group + "/" + version;
  }

  static Instant before(long seconds) {
    return AS_OF.minusSeconds(seconds);
  }

  @BeforeAll
  static void export() throws Exception {
    PortfolioBuilder p = new PortfolioBuilder(AS_OF);
    // 1. A group is its ARN: C shares a group named "churn" with A, which has its own "churn".
    var localChurn = p.group(A, R, "churn");
    localChurn.version(1).createdDaysAgo(60);
    localChurn.version(2).status("PendingManualApproval").createdDaysAgo(20);
    p.endpoint(A, R, "ep-churn").production("AllTraffic", arn(A, "churn", 1));
    var sharedChurn = p.group(C, R, "churn").sharedWith(A);
    sharedChurn.version(1).createdDaysAgo(9);
    sharedChurn.version(2).createdDaysAgo(8);
    // A serves the shared group's newest version: its tags, lineage and cards live in C (not
    // exported), so they are not verifiable from A; nothing may read as missing.
    sharedChurn.version(3).createdDaysAgo(7).noTags().withoutDataset().card(null);
    p.endpoint(A, R, "ep-shared").production("AllTraffic", arn(C, "churn", 3));
    // 2. Who registered and who approved.
    p.group(A, R, "studio-two")
        .version(1)
        .createdByStudio("d-1", "alice", SHARED_ROLE)
        .approvedByStudio("d-1", "bob", SHARED_ROLE);
    p.group(A, R, "studio-self")
        .version(1)
        .createdByStudio("d-1", "alice", SHARED_ROLE)
        .approvedByStudio("d-1", "alice", SHARED_ROLE);
    String pipelineRole = "arn:aws:sts::" + A + ":assumed-role/MLOps/session";
    p.group(A, R, "source-two")
        .version(1)
        .createdBySourceIdentity(pipelineRole, "carol")
        .approvedBySourceIdentity(pipelineRole, "dave");
    p.group(A, R, "registered-approved").version(1).registeredApproved();
    p.group(A, R, "registered-approved-same").version(1).registeredApprovedSameTime();
    // Modified at the second it was registered, by someone else: approved by that someone.
    p.group(A, R, "approved-same-second")
        .version(1)
        .registeredApprovedSameTime()
        .approvedBy("arn:aws:sts::" + A + ":assumed-role/ModelApprover/erin");
    p.group(A, R, "registered-pending")
        .version(1)
        .status("PendingManualApproval")
        .createdDaysAgo(1)
        .registeredApproved()
        .status("PendingManualApproval");
    // 3. Blank is blank: tabs, CR, LF, no-break and ideographic spaces are no note and no owner.
    p.endpoint(A, R, "ep-blank-note")
        .production(
            "AllTraffic", p.group(A, R, "blank-note").version(1).note("\t\r\n \u00A0\u2003").arn());
    p.endpoint(A, R, "ep-blank-owner")
        .production(
            "AllTraffic",
            p.group(A, R, "blank-owner").version(1).noTags().tag("owner", " \t\u3000").arn());
    p.endpoint(A, R, "ep-owner-fallback")
        .production(
            "AllTraffic",
            p.group(A, R, "owner-fallback")
                .tag("Owner", "group@example.com")
                .version(1)
                .noTags()
                .tag("owner", "\n")
                .arn());
    // 4. Exact ages: exactly N days is not more than N days; N days and a second is.
    p.endpoint(A, R, "ep-stale-exact")
        .production(
            "AllTraffic",
            p.group(A, R, "stale-exact").version(1).createdAt(before(90L * 86_400)).arn());
    p.endpoint(A, R, "ep-stale-second")
        .production(
            "AllTraffic",
            p.group(A, R, "stale-second").version(1).createdAt(before(90L * 86_400 + 1)).arn());
    p.group(A, R, "pending-exact")
        .version(1)
        .status("PendingManualApproval")
        .createdAt(before(14L * 86_400));
    p.group(A, R, "pending-second")
        .version(1)
        .status("PendingManualApproval")
        .createdAt(before(14L * 86_400 + 1));
    p.endpoint(A, R, "ep-idle-exact")
        .createdAt(before(30L * 86_400))
        .production("AllTraffic", p.group(A, R, "idle-exact").version(1).arn());
    p.endpoint(A, R, "ep-idle-second")
        .createdAt(before(30L * 86_400 + 1))
        .production("AllTraffic", p.group(A, R, "idle-second").version(1).arn());
    // 5. Model cards: a standalone card that links the version documents it, from any account.
    var carded = p.group(A, R, "card-standalone").version(1).card(null);
    p.modelCard(A, R, "card-standalone", carded.arn(), "Approved");
    p.endpoint(A, R, "ep-card-standalone").production("AllTraffic", carded.arn());
    var cardedElsewhere = p.group(A, R, "card-elsewhere").version(1).card(null);
    p.modelCard(B, R, "card-elsewhere", cardedElsewhere.arn(), "Draft");
    p.endpoint(A, R, "ep-card-elsewhere").production("AllTraffic", cardedElsewhere.arn());
    var cardOther = p.group(A, R, "card-other").version(2).card(null);
    p.modelCard(A, R, "card-other", arn(A, "card-other", 1), "Approved");
    p.endpoint(A, R, "ep-card-other").production("AllTraffic", cardOther.arn());
    // 6. Inference components: an InService component is production; a Creating one is not.
    // Two InService components serve one version through two models (one finding, not two); a
    // third runs an unregistered model beside them (its own NOT_FROM_REGISTRY); a Creating one is
    // not production; an adapter whose base is gone is unresolved.
    var icRejected = p.group(A, R, "ic-rejected").version(1).status("Rejected");
    var icCreating = p.group(A, R, "ic-creating").version(1).status("Rejected");
    p.endpoint(A, R, "ep-ic")
        .inferenceComponents("AllTraffic")
        .component("ic-live", "AllTraffic", icRejected.arn(), "InService")
        .component("ic-live-2", "AllTraffic", icRejected.arn(), "InService")
        .component("ic-sidecar", "AllTraffic", null, "InService")
        .component("ic-new", "AllTraffic", icCreating.arn(), "Creating");
    p.endpoint(A, R, "ep-ic-unregistered")
        .inferenceComponents("AllTraffic")
        .component("ic-custom", "AllTraffic", null, "InService");
    p.endpoint(A, R, "ep-ic-container")
        .inferenceComponents("AllTraffic")
        .containerComponent(
            "ic-image",
            "AllTraffic",
            "123456789012.dkr.ecr." + R + ".amazonaws.com/llm:1",
            "InService");
    p.endpoint(A, R, "ep-ic-adapter")
        .inferenceComponents("AllTraffic")
        .adapterComponent("ic-adapter", "AllTraffic", "ic-base-gone", "InService");
    // 7. Unknown is not none: a deleted config, a deleted model, a version of an unexported
    // account.
    p.endpoint(A, R, "ep-config-gone")
        .production("AllTraffic", p.group(A, R, "config-gone").version(1).arn())
        .deletedConfig();
    p.endpoint(A, R, "ep-model-gone").deletedModel("AllTraffic");
    p.group(C, R, "unshared").version(1);
    p.endpoint(A, R, "ep-foreign").production("AllTraffic", arn(C, "unshared", 1));
    // 8. Monitoring is a Model Monitor schedule or a CloudWatch alarm on the endpoint's metrics.
    // Monitoring is an alarm that tells someone, on the endpoint's or its components' metrics; a
    // target-tracking scaling alarm is not.
    String oncall = "arn:aws:sns:" + R + ":" + A + ":ml-oncall";
    p.endpoint(A, R, "ep-alarm-only")
        .unmonitored()
        .alarm("ep-alarm-only-5xx", "AllTraffic", "Invocation5XXErrors", oncall)
        .production("AllTraffic", p.group(A, R, "alarm-only").version(1).arn());
    p.endpoint(A, R, "ep-scaling-only")
        .unmonitored()
        .alarm(
            "TargetTracking-endpoint/ep-scaling-only/variant/AllTraffic-AlarmHigh-1",
            "AllTraffic",
            "InvocationsPerInstance",
            "arn:aws:autoscaling:"
                + R
                + ":"
                + A
                + ":scalingPolicy:1:resource/sagemaker/endpoint/ep-scaling-only:policyName/tt")
        .production("AllTraffic", p.group(A, R, "scaling-only").version(1).arn());
    p.endpoint(A, R, "ep-ic-alarmed")
        .unmonitored()
        .inferenceComponents("AllTraffic")
        .component(
            "ic-watched", "AllTraffic", p.group(A, R, "ic-watched").version(1).arn(), "InService")
        .componentAlarm("ic-watched-latency", "ic-watched", "ModelLatency", oncall);
    p.endpoint(A, R, "ep-unwatched")
        .unmonitored()
        .production("AllTraffic", p.group(A, R, "unwatched").version(1).arn());

    warehouse = TrinoExtension.dataRoot().resolve("truth-" + UUID.randomUUID());
    ExportJob.Outcome outcome =
        p.export(warehouse, R, options -> options.includeShared(true), A, B);
    assertThat(outcome.runs())
        .allSatisfy(r -> assertThat(r.status()).isNotEqualTo(RunStatus.FAILED));
    // What AWS no longer holds is written down where the operators look.
    assertThat(outcome.runs())
        .filteredOn(r -> r.warnings() != null && r.warnings().contains("deleted"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.warnings())
                    .contains("1 endpoint variants run an endpoint config that was deleted")
                    .contains("1 endpoint variants run a model that was deleted"));
  }

  private static String row(
      String rule, String severity, String endpoint, String variant, String versionArn) {
    return String.join(" | ", rule, severity, A, endpoint, variant, versionArn);
  }

  @Test
  void theFindingsAreExactlyTheseOnBothEngines(TrinoServer trino) throws Exception {
    List<String> expected =
        List.of(
            // 1. Per group ARN: the local churn's newest version is its own pending v2, and nothing
            // supersedes the v1 in production (the shared group's v3 is another group).
            row("PENDING_APPROVAL_TOO_LONG", "low", "-", "-", arn(A, "churn", 2)),
            // 2. One Studio user approving her own version; versions registered already Approved.
            row("SELF_APPROVED", "high", "-", "-", arn(A, "studio-self", 1)),
            row("SELF_APPROVED", "high", "-", "-", arn(A, "registered-approved", 1)),
            row("SELF_APPROVED", "high", "-", "-", arn(A, "registered-approved-same", 1)),
            // 3. Whitespace is blank.
            row("MISSING_APPROVAL_NOTE", "medium", "ep-blank-note", "-", arn(A, "blank-note", 1)),
            row("MISSING_OWNER", "medium", "ep-blank-owner", "-", arn(A, "blank-owner", 1)),
            // 4. A second past the boundary.
            row(
                "STALE_PRODUCTION_MODEL",
                "medium",
                "ep-stale-second",
                "AllTraffic",
                arn(A, "stale-second", 1)),
            row("PENDING_APPROVAL_TOO_LONG", "low", "-", "-", arn(A, "pending-second", 1)),
            row(
                "IDLE_ENDPOINT",
                "medium",
                "ep-idle-second",
                "AllTraffic",
                arn(A, "idle-second", 1)),
            // 5. A card that links another version documents that one only.
            row("MISSING_MODEL_CARD", "low", "ep-card-other", "-", arn(A, "card-other", 2)),
            // 6. The InService component serves a Rejected version; the component's model is not
            // from
            // the registry.
            row(
                "UNAPPROVED_IN_PRODUCTION",
                "critical",
                "ep-ic",
                "AllTraffic",
                arn(A, "ic-rejected", 1)),
            row("NOT_FROM_REGISTRY", "high", "ep-ic-unregistered", "AllTraffic", "-"),
            row("NOT_FROM_REGISTRY", "high", "ep-ic", "AllTraffic", "-"),
            row("NOT_FROM_REGISTRY", "high", "ep-ic-container", "AllTraffic", "-"),
            row("UNRESOLVED_DEPLOYMENT", "high", "ep-ic-adapter", "AllTraffic", "-"),
            // 7. Unknown is not none.
            row("UNRESOLVED_DEPLOYMENT", "high", "ep-config-gone", "AllTraffic", "-"),
            row("UNRESOLVED_DEPLOYMENT", "high", "ep-model-gone", "AllTraffic", "-"),
            row("UNRESOLVED_DEPLOYMENT", "high", "ep-foreign", "AllTraffic", arn(C, "unshared", 1)),
            // 8. Neither a schedule nor an alarm that tells someone.
            row("NO_MONITORING", "low", "ep-unwatched", "-", "-"),
            row("NO_MONITORING", "low", "ep-scaling-only", "-", "-"));
    List<String> actual = GovernanceRulesTest.findings(trino, warehouse, Policy.defaults());
    assertThat(new TreeSet<>(actual)).isEqualTo(new TreeSet<>(expected));
    assertThat(actual).doesNotHaveDuplicates();
  }

  @Test
  void approversAreTheMostSpecificIdentityWithItsKind(TrinoServer trino) throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT model_package_group_name, created_by, created_by_kind, coalesce(approved_by, '-'),"
                + " coalesce(approved_by_kind, '-'), approved_at_registration FROM model_versions"
                + " WHERE model_package_group_name IN ('studio-two', 'source-two', 'registered-approved', 'registered-pending',"
                + " 'approved-same-second')");
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "registered-approved | arn:aws:sts::"
                + A
                + ":assumed-role/Pipeline/registered-approved-1 | iam_arn"
                + " | arn:aws:sts::"
                + A
                + ":assumed-role/Pipeline/registered-approved-1 | iam_arn | true",
            "registered-pending | arn:aws:sts::"
                + A
                + ":assumed-role/Pipeline/registered-pending-1 | iam_arn | - | - | false",
            "approved-same-second | arn:aws:sts::"
                + A
                + ":assumed-role/Pipeline/approved-same-second-1 | iam_arn"
                + " | arn:aws:sts::"
                + A
                + ":assumed-role/ModelApprover/erin | iam_arn | false",
            "source-two | carol | source_identity | dave | source_identity | false",
            "studio-two | arn:aws:sagemaker:"
                + R
                + ":"
                + A
                + ":user-profile/d-1/alice | studio_user_profile"
                + " | arn:aws:sagemaker:"
                + R
                + ":"
                + A
                + ":user-profile/d-1/bob | studio_user_profile | false");
  }

  @Test
  void whatCannotBeReadIsNotVerifiableRatherThanMissing(TrinoServer trino) throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT model_package_arn, is_shared, owner_status, lineage_status, model_card_verifiable, is_in_production"
                + " FROM model_versions WHERE model_package_group_name IN ('churn', 'owner-fallback', 'blank-owner')");
    assertThat(rows)
        .containsExactlyInAnyOrder(
            arn(A, "churn", 1) + " | false | present | present | true | true",
            arn(A, "churn", 2) + " | false | present | present | true | false",
            arn(C, "churn", 1) + " | true | not_verifiable | not_verifiable | true | false",
            arn(C, "churn", 2) + " | true | not_verifiable | not_verifiable | true | false",
            arn(C, "churn", 3) + " | true | not_verifiable | not_verifiable | false | true",
            arn(A, "owner-fallback", 1) + " | false | present | present | true | true",
            arn(A, "blank-owner", 1) + " | false | missing | present | true | true");
    List<String> reasons =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT endpoint_name, unresolved_reason FROM deployments WHERE unresolved_reason IS NOT NULL");
    assertThat(reasons)
        .containsExactlyInAnyOrder(
            "ep-config-gone | its endpoint config ep-config-gone-config was deleted",
            "ep-model-gone | its model ep-model-gone-AllTraffic-deleted was deleted",
            "ep-foreign | its version "
                + arn(C, "unshared", 1)
                + " is not in the exported registry (deleted, or account "
                + C
                + " not exported)",
            "ep-ic-adapter | its adapter inference component ic-adapter runs on a base component that is gone");
  }

  @Test
  void inferenceComponentsResolveToTheVersionTheyServe(TrinoServer trino) throws Exception {
    List<String> rows =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT endpoint_name, inference_component_name, inference_component_status, resolution,"
                + " coalesce(model_package_arn, '-'), is_production FROM deployments WHERE endpoint_name LIKE 'ep-ic%'");
    assertThat(rows)
        .containsExactlyInAnyOrder(
            "ep-ic | ic-live | InService | resolved | " + arn(A, "ic-rejected", 1) + " | true",
            "ep-ic | ic-live-2 | InService | resolved | " + arn(A, "ic-rejected", 1) + " | true",
            "ep-ic | ic-sidecar | InService | no_package | - | true",
            "ep-ic | ic-new | Creating | resolved | " + arn(A, "ic-creating", 1) + " | false",
            "ep-ic-unregistered | ic-custom | InService | no_package | - | true",
            "ep-ic-container | ic-image | InService | no_package | - | true",
            "ep-ic-adapter | ic-adapter | InService | base_missing | - | true",
            "ep-ic-alarmed | ic-watched | InService | resolved | "
                + arn(A, "ic-watched", 1)
                + " | true");
    List<String> details =
        GovernanceRulesTest.onBothEngines(
            trino,
            warehouse,
            Policy.defaults(),
            "SELECT endpoint_name, detail FROM governance_findings WHERE rule_id = 'NOT_FROM_REGISTRY'");
    assertThat(details)
        .containsExactlyInAnyOrder(
            "ep-ic | Endpoint ep-ic (AllTraffic) runs model ic-sidecar-model, which has no container from the model registry",
            "ep-ic-unregistered | Endpoint ep-ic-unregistered (AllTraffic) runs model ic-custom-model, which has no container from the model registry",
            "ep-ic-container | Endpoint ep-ic-container (AllTraffic) runs inference component ic-image, which has no container from the model registry");
  }
}
