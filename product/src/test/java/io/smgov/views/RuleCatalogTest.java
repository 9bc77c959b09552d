package io.smgov.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smgov.testing.Checkout;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code sql/rules.yaml}: read as written, checked on load, rendered into the view and README. */
class RuleCatalogTest {
  private static final String TWO_RULES =
      """
      rules:
        - id: RULE_A
          category: unapproved
          severity: high
          escalate: {to: critical, if: "v.x = 'no'", reads: it says no}
          grain: variant
          description: a variant rule
          remedy: fix it
          controls: {nist_ai_rmf: [MANAGE 1.1], iso_42001: [], eu_ai_act: []}
          rationale: because
          when: v.x IS NOT NULL
          detail: |-
            'Variant ' || v.variant_name
            || ' is ' || v.x
        - id: RULE_B
          category: undocumented
          severity: low
          grain: production_version
          description: a version rule
          remedy: document it
          controls: {nist_ai_rmf: [], iso_42001: [A.6.2.7], eu_ai_act: [Art. 11(1)]}
          rationale: because
          when: m.is_in_production AND m.y < ${min_approval_note_chars}
          detail: "' lacks y'"
      """;

  @Test
  void aSmallCatalogRendersTheViewsRuleClausesAsWrittenByHand() {
    Map<String, String> p = RuleCatalog.parse(TWO_RULES).placeholders();
    assertThat(p.get("variant_rules")).isEqualTo("    ('RULE_A', 'unapproved', 'high', 'variant')");
    assertThat(p.get("variant_severity"))
        .isEqualTo(
            "CASE WHEN r.rule_id = 'RULE_A' AND (v.x = 'no') THEN 'critical' ELSE r.severity END");
    assertThat(p.get("variant_conditions")).isEqualTo("  WHEN 'RULE_A' THEN\n    v.x IS NOT NULL");
    assertThat(p.get("variant_details"))
        .isEqualTo("  WHEN 'RULE_A' THEN\n    'Variant ' || v.variant_name\n    || ' is ' || v.x");
    assertThat(p.get("version_rules"))
        .isEqualTo("    ('RULE_B', 'undocumented', 'low', 'production_version')");
    assertThat(p.get("version_severity")).isEqualTo("r.severity");
    assertThat(p.get("version_conditions"))
        .isEqualTo(
            "  WHEN 'RULE_B' THEN\n    m.is_in_production AND m.y < ${min_approval_note_chars}");
    assertThat(p.get("version_details")).isEqualTo("  WHEN 'RULE_B' THEN\n    ' lacks y'");
  }

  @Test
  void theReadmeTablesOfASmallCatalogAreWrittenByHand() {
    assertThat(RuleCatalog.parse(TWO_RULES).markdown())
        .startsWith(
            """
            | rule_id | category | severity | one row per | fires when |
            |---|---|---|---|---|
            | RULE_A | unapproved | critical if it says no, else high | endpoint variant | a variant rule |
            | RULE_B | undocumented | low | version in production | a version rule |
            """)
        .endsWith(
            """
            | rule_id | remedy | NIST AI RMF | ISO/IEC 42001 | EU AI Act |
            |---|---|---|---|---|
            | RULE_A | fix it | MANAGE 1.1 | - | - |
            | RULE_B | document it | - | A.6.2.7 | Art. 11(1) |
            """);
  }

  @Test
  void theShippedCatalogReadsAsDeclared() {
    RuleCatalog catalog = RuleCatalog.load();
    // By hand, from the rule table's definitions.
    assertThat(catalog.ids()).hasSize(21).doesNotHaveDuplicates();
    RuleCatalog.Rule unapproved = catalog.rule("UNAPPROVED_IN_PRODUCTION");
    assertThat(unapproved.category()).isEqualTo("unapproved");
    assertThat(unapproved.severityText()).isEqualTo("critical if Rejected, else high");
    assertThat(unapproved.grain()).isEqualTo(RuleCatalog.Grain.VARIANT);
    assertThat(catalog.rule("NO_MONITORING").grain()).isEqualTo(RuleCatalog.Grain.ENDPOINT);
    assertThat(catalog.rule("SELF_APPROVED").grain()).isEqualTo(RuleCatalog.Grain.VERSION);
    assertThat(catalog.rule("ARTIFACT_CHANGED_AFTER_REGISTRATION").severityText())
        .isEqualTo("critical");
    assertThat(catalog.rule("MISSING_LINEAGE").grain())
        .isEqualTo(RuleCatalog.Grain.PRODUCTION_VERSION);
  }

  @Test
  void everyControlIdHasItsFrameworksShape() {
    for (RuleCatalog.Rule rule : RuleCatalog.load().rules()) {
      assertThat(rule.remedy()).as(rule.id()).doesNotContain("TODO");
      assertThat(rule.controls().nistAiRmf())
          .as(rule.id())
          .allMatch(id -> id.matches("(GOVERN|MAP|MEASURE|MANAGE) [1-6]\\.[0-9]+"));
      assertThat(rule.controls().iso42001())
          .as(rule.id())
          .allMatch(id -> id.matches("A\\.([2-9]|10)(\\.[0-9]+){1,2}"));
      assertThat(rule.controls().euAiAct())
          .as(rule.id())
          .allMatch(id -> id.matches("Art\\. [0-9]+(\\([0-9]+\\))?(\\([a-z]\\))?"));
    }
  }

  @Test
  void everyControlIdARuleListsIsExplainedInTheControlsDoc() throws Exception {
    String doc = Files.readString(Checkout.resolve("docs/controls.md"));
    for (RuleCatalog.Rule rule : RuleCatalog.load().rules()) {
      for (List<String> ids :
          List.of(
              rule.controls().nistAiRmf(), rule.controls().iso42001(), rule.controls().euAiAct())) {
        assertThat(ids)
            .as("%s: a row of docs/controls.md for each id", rule.id())
            .allMatch(id -> doc.contains("\n| " + id + " | "));
      }
    }
  }

  @Test
  void theReadmeHoldsTheCatalogsTables() throws Exception {
    String readme = Files.readString(Checkout.resolve("README.md"));
    assertThat(RuleCatalog.load().inReadme(readme))
        .as(
            "README.md's rule tables drifted from sql/rules.yaml; regenerate: mvn -Pregen process-classes")
        .isEqualTo(readme);
  }

  @Test
  void aBadCatalogIsRefusedNamingTheRuleAndTheField() {
    String bad =
        """
        rules:
          - id: RULE_A
            category: unapproved
            severity: high
            grain: variant
            description: d
            remedy: r
            controls: {nist_ai_rmf: [], iso_42001: [], eu_ai_act: []}
            rationale: r
            when: "true"
            detail: "'x'"
          - id: RULE_A
            category: sloppy
            severity: medium
            escalate: {to: low, if: "true", reads: always}
            grain: account
            description: d
            remedy: r
            owner: me
            controls: {nist_ai_rmf: []}
            rationale: r
            when: "true"
            detail: "'x'"
          - id: lower_case
            category: stale
            severity: low
            grain: version
            description: " "
            remedy: r
            controls: {nist_ai_rmf: [], iso_42001: [], eu_ai_act: []}
            rationale: r
            when: "true"
            detail: "'x'"
        """;
    assertThatThrownBy(() -> RuleCatalog.parse(bad))
        .hasMessage(
            String.join(
                "\n",
                "sql/rules.yaml: rule RULE_A (#2): declared twice",
                "sql/rules.yaml: rule RULE_A: unknown field owner (known: [category, controls,"
                    + " description, detail, escalate, grain, id, per, rationale, remedy, severity,"
                    + " unknown_when, when])",
                "sql/rules.yaml: rule RULE_A: category sloppy is not one of [unapproved, stale,"
                    + " integrity, undocumented, operational]",
                "sql/rules.yaml: rule RULE_A: grain account is not one of [variant, endpoint,"
                    + " version, production_version]",
                "sql/rules.yaml: rule RULE_A: escalate: to low is not above the rule's severity medium",
                "sql/rules.yaml: rule RULE_A: controls.iso_42001 is missing (write [] where the rule"
                    + " evidences none)",
                "sql/rules.yaml: rule RULE_A: controls.eu_ai_act is missing (write [] where the rule"
                    + " evidences none)",
                "sql/rules.yaml: rule lower_case: id must be UPPER_SNAKE_CASE",
                "sql/rules.yaml: rule lower_case: description is missing or blank (it takes text)"));
  }

  @Test
  void ruleSqlThatWouldRenderABrokenViewIsRefused() {
    String bad =
        """
        rules:
          - id: RULE_A
            category: unapproved
            severity: high
            escalate: {to: critical, if: "v.x = 1 -- one", reads: one}
            grain: variant
            description: d
            remedy: r
            controls: {nist_ai_rmf: [], iso_42001: [], eu_ai_act: []}
            rationale: r
            when: m.is_in_production AND v.age > ${stale_after_day}
            detail:
        """;
    assertThatThrownBy(() -> RuleCatalog.parse(bad))
        .hasMessageStartingWith(
            String.join(
                "\n",
                "sql/rules.yaml: rule RULE_A: detail is missing or blank (it takes text)",
                "sql/rules.yaml: rule RULE_A: when uses ${stale_after_day}, which is not a policy"
                    + " placeholder (known: ["))
        .hasMessageContaining(
            "sql/rules.yaml: rule RULE_A: when names m., but a variant rule reads v (a production"
                + " variant)")
        .hasMessageContaining("sql/rules.yaml: rule RULE_A: escalate.if may hold no -- comment")
        .hasMessageEndingWith(
            "sql/rules.yaml: no rule over versions (grain version or production_version): the view"
                + " needs at least one on each side");
    String twice =
        """
        rules:
          - id: RULE_A
            when: "true"
            when: "false"
        """;
    assertThatThrownBy(() -> RuleCatalog.parse(twice))
        .hasMessageStartingWith("sql/rules.yaml is not YAML: Duplicate field 'when'");
  }

  @Test
  void governanceFindingsRendersEveryRuleOnce() {
    String sql =
        ViewCatalog.load().view("governance_findings").render("governance", Policy.defaults());
    assertThat(sql).doesNotContain("${");
    for (RuleCatalog.Rule rule : RuleCatalog.load().rules()) {
      // Once in its rule list, once among the details, once among the conditions, and once in the
      // severity expression when it escalates.
      int expected = rule.escalation().isPresent() ? 4 : 3;
      assertThat(sql.split("'" + rule.id() + "'", -1)).as(rule.id()).hasSize(expected + 1);
    }
  }
}
