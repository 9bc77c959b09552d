package io.smgov.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smgov.views.RuleCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's rule legend: every rule of the catalog, in its order, as the page shows it. */
class GovernanceReportTest {
  @Test
  void theLegendHoldsEveryRuleInTheCatalogsOrder() {
    RuleCatalog catalog = RuleCatalog.load();
    ArrayNode legend = GovernanceReport.rules(catalog);
    List<String> ids = new ArrayList<>();
    legend.forEach(r -> ids.add(r.path("id").asText()));
    assertThat(ids).containsExactlyElementsOf(catalog.ids());
    JsonNode unapproved = legend.get(ids.indexOf("UNAPPROVED_IN_PRODUCTION"));
    // By hand, from the README's rule table.
    assertThat(unapproved.path("category").asText()).isEqualTo("unapproved");
    assertThat(unapproved.path("severity").asText()).isEqualTo("critical if Rejected, else high");
    assertThat(unapproved.path("grain").asText()).isEqualTo("endpoint variant");
    assertThat(unapproved.path("description").asText())
        .isEqualTo("the version in production is not Approved");
    // By hand, from sql/rules.yaml: a rule with a control in each framework, and the one rule
    // whose "one row per" says more than its grain.
    JsonNode lineage = legend.get(ids.indexOf("MISSING_LINEAGE"));
    assertThat(lineage.path("grain").asText()).isEqualTo("version in production");
    assertThat(lineage.path("nist_ai_rmf").toString()).isEqualTo("[\"MAP 2.3\"]");
    assertThat(lineage.path("iso_42001").toString()).isEqualTo("[\"A.7.5\"]");
    assertThat(lineage.path("eu_ai_act").toString()).isEqualTo("[\"Art. 10(2)(b)\"]");
    assertThat(lineage.path("rationale").asText()).startsWith("MAP 2.3: ");
    assertThat(legend.get(ids.indexOf("PENDING_APPROVAL_TOO_LONG")).path("nist_ai_rmf").toString())
        .isEqualTo("[]");
    assertThat(legend.get(ids.indexOf("NOT_FROM_REGISTRY")).path("grain").asText())
        .isEqualTo("endpoint variant (and inference component)");
  }
}
