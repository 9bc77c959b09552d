package io.smgov.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.config.ConfigException;
import io.smgov.testing.Checkout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewCatalogTest {
  private static final Pattern REFERENCE = Pattern.compile("\"\\$\\{database}\"\\.\"?([a-z_]+)\"?");

  @Test
  void theManifestListsExactlyTheViewFiles() throws Exception {
    try (Stream<Path> files = Files.list(Checkout.resolve("sql/views"))) {
      Set<String> onDisk =
          files
              .map(f -> f.getFileName().toString().replace(".sql", ""))
              .collect(Collectors.toCollection(TreeSet::new));
      Set<String> listed =
          ViewCatalog.load().views().stream()
              .map(ViewCatalog.View::name)
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(listed).isEqualTo(onDisk);
    }
  }

  @Test
  void dependsOnNamesExactlyWhatEachViewReads() {
    for (ViewCatalog.View view : ViewCatalog.load().views()) {
      Set<String> read = new TreeSet<>();
      Matcher m = REFERENCE.matcher(view.template());
      while (m.find()) {
        read.add(m.group(1));
      }
      read.remove(view.name());
      Set<String> declared = new TreeSet<>(view.tables());
      declared.addAll(view.views());
      assertThat(read)
          .as("sql/views/%s.sql reads exactly its dependsOn", view.name())
          .isEqualTo(declared);
    }
  }

  @Test
  void theServingStatusesAreOnePlaceholderRenderedAsAnSqlList() {
    String sql = ViewCatalog.load().view("deployments").render("governance", Policy.defaults());
    assertThat(sql)
        .contains(
            "d.endpoint_status IN ('InService', 'Updating', 'SystemUpdating', 'RollingBack')");
    for (ViewCatalog.View view : ViewCatalog.load().views()) {
      assertThat(view.template()).as(view.name()).doesNotContain("'SystemUpdating'");
    }
  }

  @Test
  void everyViewRendersWithoutAPlaceholderLeft() {
    for (ViewCatalog.View view : ViewCatalog.load().views()) {
      String sql = view.render("governance", Policy.defaults());
      assertThat(sql)
          .as(view.name())
          .doesNotContain("${")
          .contains("\"governance\".\"" + view.name() + "\"");
      assertThat(TemplateRenderer.placeholders(view.template()))
          .as(
              "%s uses only the database, the serving statuses, the cost fragment, policy and rule"
                  + " placeholders",
              view.name())
          .isSubsetOf(
              Set.of(
                  "database",
                  "serving_statuses",
                  "variant_monthly_cost",
                  "stale_after_days",
                  "pending_after_days",
                  "required_tags",
                  "required_tags_text",
                  "idle_days",
                  "latency_p90_ms",
                  "min_approval_note_chars",
                  "approver_roles_configured",
                  "approver_authorized",
                  "approver_unknown",
                  "approver_roles_text",
                  "evidence_columns",
                  "evidence_missing",
                  // The rules of sql/rules.yaml, in governance_findings.
                  "variant_rules",
                  "variant_severity",
                  "variant_details",
                  "variant_conditions",
                  "version_rules",
                  "version_severity",
                  "version_details",
                  "version_conditions"));
    }
  }

  @Test
  void renderingIsStrict() {
    assertThatThrownBy(
            () ->
                TemplateRenderer.render(
                    "SELECT ${databse}.x", Map.of("database", "d"), "sql/views/x.sql"))
        .hasMessage("sql/views/x.sql: unknown placeholder ${databse} (known: ${database})");
    assertThat(
            TemplateRenderer.render(
                "s3://b/${snapshot_date}/${x}", Map.of("x", "1"), Set.of("snapshot_date"), "t"))
        .isEqualTo("s3://b/${snapshot_date}/1");
  }

  @Test
  void thePolicyHasTheDesignDefaultsAndReadsAYamlFile(@TempDir Path dir) throws Exception {
    Policy defaults = Policy.defaults();
    assertThat(defaults.staleAfterDays()).isEqualTo(90);
    assertThat(defaults.pendingAfterDays()).isEqualTo(14);
    assertThat(defaults.requiredTags()).containsExactly("owner");
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "stale_after_days: 60\nrequired_tags: [owner, Cost-Center]\n");
    Policy policy = Policy.load(file);
    assertThat(policy).isEqualTo(new Policy(60, 14, List.of("owner", "Cost-Center"), 30, 500));
    assertThat(policy.placeholders())
        .containsEntry("required_tags", "('owner', 'owner'), ('costcenter', 'Cost-Center')");
    Files.writeString(file, "stale_after_days: soon\nstale_days: 3\n");
    assertThatThrownBy(() -> Policy.load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("stale_after_days must be a whole number of days"))
                    .anySatisfy(p -> assertThat(p).contains("stale_days is not a policy key")));
  }

  @Test
  void thePolicyReadsApproverRolesRequiredEvidenceAndTheNoteLength(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        """
        min_approval_note_chars: 20
        approver_roles: ['arn:aws:iam::*:role/ml_approvers/*', 'lead-?']
        required_evidence:
          all: [model_quality, 'metric:AUC']
          business_units:
            credit-risk: [bias]
        """);
    Policy policy = Policy.load(file);
    assertThat(policy.minApprovalNoteChars()).isEqualTo(20);
    assertThat(policy.approverRoles())
        .containsExactly("arn:aws:iam::*:role/ml_approvers/*", "lead-?");
    assertThat(policy.requiredEvidence())
        .containsExactly(
            new Policy.Evidence(null, "model_quality"),
            new Policy.Evidence(null, "metric:auc"),
            new Policy.Evidence("credit-risk", "bias"));
    // A glob is a LIKE pattern: * and ? become % and _, and LIKE's own % and _ are escaped.
    assertThat(policy.placeholders().get("approver_authorized"))
        .contains(
            "coalesce(approved_by_role, '') LIKE 'arn:aws:iam::%:role/ml\\_approvers/%' ESCAPE '\\'")
        .contains("coalesce(approved_by, '') LIKE 'lead-_' ESCAPE '\\'");
    assertThat(policy.placeholders()).containsEntry("approver_roles_configured", "true");
    assertThat(Policy.defaults().placeholders())
        .containsEntry("approver_roles_configured", "false")
        .containsEntry("evidence_missing", "CAST(NULL AS VARCHAR)")
        .containsEntry("min_approval_note_chars", "1");

    Files.writeString(
        file,
        """
        min_approval_note_chars: 0
        approver_roles: []
        required_evidence: [model_quality, fairness, 'metric:']
        """);
    assertThatThrownBy(() -> Policy.load(file))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains(
                                    "min_approval_note_chars must be a whole number of characters from 1"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("approver_roles must be a non-empty list of ARN globs"))
                    .anySatisfy(p -> assertThat(p).contains("'fairness' is not evidence"))
                    .anySatisfy(p -> assertThat(p).contains("'metric:' is not evidence")));
  }
}
