package io.smgov.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Row-level security rules: which QuickSight group sees which business unit's rows. A YAML file the
 * platform team keeps under version control:
 *
 * <pre>
 * rules:
 *   - {group: platform-admins}                   # every business unit
 *   - {group: retail-leads, business_unit: retail}
 * </pre>
 *
 * They become a rules data set (UseAs RLS_RULES) over an Athena VALUES query, so no extra table or
 * file in S3 is needed; a group with no rule sees no rows of the restricted data sets.
 */
public record RlsRules(List<Rule> rules) {
  /** QuickSight's GroupName: 1 to 128 printable Latin-1 characters. */
  private static final Pattern GROUP = Pattern.compile("[\\u0020-\\u00FF]{1,128}");

  /** {@code businessUnit} empty: every business unit. */
  public record Rule(String group, Optional<String> businessUnit) {}

  public RlsRules {
    rules = List.copyOf(rules);
  }

  public static RlsRules load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new DashboardException("--rls-rules " + file + ": cannot read YAML: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    JsonNode list = root == null ? null : root.get("rules");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new DashboardException(
          "--rls-rules "
              + file
              + ": expected 'rules:' with at least one {group, business_unit} entry");
    }
    for (int index = 0; index < list.size(); index++) {
      final int i = index;
      JsonNode rule = list.get(i);
      String group = rule.path("group").asText("");
      if (!GROUP.matcher(group).matches()) {
        problems.add(
            "--rls-rules "
                + file
                + ": rules["
                + i
                + "].group must be a QuickSight group name, got '"
                + group
                + "'");
      }
      rule.fieldNames()
          .forEachRemaining(
              name -> {
                if (!name.equals("group") && !name.equals("business_unit")) {
                  problems.add(
                      "--rls-rules "
                          + file
                          + ": rules["
                          + i
                          + "]."
                          + name
                          + " is not a rule field (group, business_unit)");
                }
              });
      rules.add(
          new Rule(
              group,
              Optional.ofNullable(rule.path("business_unit").textValue())
                  .filter(s -> !s.isBlank())));
    }
    if (!problems.isEmpty()) {
      throw new DashboardException(problems);
    }
    return new RlsRules(rules);
  }

  /** The rules as an Athena query: GroupName and the restricted column, NULL for every value. */
  public String sql(String column) {
    List<String> rows = new ArrayList<>();
    for (Rule rule : rules) {
      rows.add(
          "("
              + literal(rule.group())
              + ", "
              + rule.businessUnit().map(RlsRules::literal).orElse("CAST(NULL AS varchar)")
              + ")");
    }
    return "SELECT * FROM (VALUES "
        + String.join(", ", rows)
        + ") AS rules(GroupName, "
        + column
        + ")";
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
