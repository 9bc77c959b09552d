package io.smgov.views;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The governance rules of {@code sql/rules.yaml}, each declared once: id, category, severity (and
 * when it escalates), grain, description, remedy, the controls it evidences and why, and its
 * condition and detail in SQL. The {@code governance_findings} view, the README's rule tables, the
 * report's legend and filter, the dashboard's rule filter and the tests' lists of rule ids are all
 * derived from it. Loaded from the classpath (the jar holds {@code sql/}) and checked on load: a
 * rule with a missing or unknown field fails naming the rule and the field.
 */
public final class RuleCatalog {
  private static final String RESOURCE = "/sql/rules.yaml";
  private static final String SOURCE = "sql/rules.yaml";
  private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9_]*");

  /** The categories, in the order the README and the report list them. */
  public static final List<String> CATEGORIES =
      List.of("unapproved", "stale", "integrity", "undocumented", "operational");

  /** The placeholders of governance_findings that {@link #placeholders()} gives values to. */
  static final Set<String> PLACEHOLDERS =
      Set.of(
          "variant_rules",
          "variant_severity",
          "variant_details",
          "variant_conditions",
          "version_rules",
          "version_severity",
          "version_details",
          "version_conditions");

  /** The severities, worst first. */
  public static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low");

  /** What one finding is about. */
  public enum Grain {
    VARIANT("variant", "endpoint variant"),
    ENDPOINT("endpoint", "endpoint"),
    VERSION("version", "version"),
    PRODUCTION_VERSION("production_version", "version in production");

    private final String key;
    private final String reads;

    Grain(String key, String reads) {
      this.key = key;
      this.reads = reads;
    }

    /** As written in the catalog and in the view's rule list. */
    public String key() {
      return key;
    }

    /** In words: "one finding per ...". */
    public String reads() {
      return reads;
    }

    /** Judged over the production variants (v), not over model_versions (m). */
    public boolean overVariants() {
      return this == VARIANT || this == ENDPOINT;
    }

    static Optional<Grain> of(String key) {
      for (Grain grain : values()) {
        if (grain.key.equals(key)) {
          return Optional.of(grain);
        }
      }
      return Optional.empty();
    }
  }

  /** A higher severity where {@code condition} (SQL over the rule's row) holds. */
  public record Escalation(String to, String condition, String reads) {}

  /** The controls a finding evidences, by framework; an empty list where it evidences none. */
  public record Controls(List<String> nistAiRmf, List<String> iso42001, List<String> euAiAct) {
    public Controls {
      nistAiRmf = List.copyOf(nistAiRmf);
      iso42001 = List.copyOf(iso42001);
      euAiAct = List.copyOf(euAiAct);
    }
  }

  /** One rule, as declared. */
  public record Rule(
      String id,
      String category,
      String severity,
      Optional<Escalation> escalation,
      Grain grain,
      Optional<String> per,
      String description,
      String remedy,
      Controls controls,
      String rationale,
      String condition,
      String detail,
      Optional<String> unknownWhen) {

    /** One finding per what, in words: the grain's, unless the catalog says more ({@code per}). */
    public String perText() {
      return per.orElse(grain.reads());
    }

    /** The severity in words: "high", or "critical if Rejected, else high". */
    public String severityText() {
      return escalation
          .map(e -> e.to() + " if " + e.reads() + ", else " + severity)
          .orElse(severity);
    }
  }

  private final List<Rule> rules;

  private RuleCatalog(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules shipped with smgov, in the catalog's order. */
  public static RuleCatalog load() {
    try (InputStream in = RuleCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SOURCE + " is not on the classpath (is sql/ packaged?)");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + SOURCE + ": " + e.getMessage(), e);
    }
  }

  /** A catalog from its YAML text, checked: every problem is reported with its rule and field. */
  static RuleCatalog parse(String yaml) {
    JsonNode root;
    try {
      root =
          new ObjectMapper(
                  YAMLFactory.builder()
                      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                      .build())
              .readTree(yaml);
    } catch (IOException e) {
      throw new IllegalStateException(SOURCE + " is not YAML: " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    JsonNode list = root == null ? null : root.get("rules");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalStateException(SOURCE + ": needs a non-empty list under rules:");
    }
    int index = 0;
    for (JsonNode entry : list) {
      index++;
      String id = entry.path("id").asText("");
      String where = SOURCE + ": rule " + (id.isEmpty() ? "#" + index : id);
      if (!ID.matcher(id).matches()) {
        problems.add(where + ": id must be UPPER_SNAKE_CASE");
      } else if (!ids.add(id)) {
        problems.add(where + " (#" + index + "): declared twice");
      }
      unknownFields(
          entry,
          Set.of(
              "id",
              "category",
              "severity",
              "escalate",
              "grain",
              "per",
              "description",
              "remedy",
              "controls",
              "rationale",
              "when",
              "detail",
              "unknown_when"),
          where,
          problems);
      String category = text(entry, "category", where, problems);
      if (!category.isEmpty() && !CATEGORIES.contains(category)) {
        problems.add(where + ": category " + category + " is not one of " + CATEGORIES);
      }
      String severity = severity(text(entry, "severity", where, problems), where, problems);
      String grainKey = text(entry, "grain", where, problems);
      Grain grain = Grain.of(grainKey).orElse(null);
      if (grain == null && !grainKey.isEmpty()) {
        problems.add(
            where
                + ": grain "
                + grainKey
                + " is not one of "
                + List.of(Grain.values()).stream().map(Grain::key).toList());
      }
      Optional<Escalation> escalation = Optional.empty();
      JsonNode escalate = entry.get("escalate");
      if (escalate != null) {
        String w = where + ": escalate";
        unknownFields(escalate, Set.of("to", "if", "reads"), w, problems);
        String to = severity(text(escalate, "to", w, problems), w, problems);
        if (!to.isEmpty()
            && !severity.isEmpty()
            && SEVERITIES.indexOf(to) >= SEVERITIES.indexOf(severity)) {
          problems.add(w + ": to " + to + " is not above the rule's severity " + severity);
        }
        escalation =
            Optional.of(
                new Escalation(
                    to, text(escalate, "if", w, problems), text(escalate, "reads", w, problems)));
      }
      JsonNode controls = entry.path("controls");
      unknownFields(
          controls,
          Set.of("nist_ai_rmf", "iso_42001", "eu_ai_act"),
          where + ": controls",
          problems);
      Optional<String> per =
          entry.has("per") ? Optional.of(text(entry, "per", where, problems)) : Optional.empty();
      Rule rule =
          new Rule(
              id,
              category,
              severity,
              escalation,
              grain,
              per,
              text(entry, "description", where, problems),
              text(entry, "remedy", where, problems),
              new Controls(
                  ids(controls, "nist_ai_rmf", where, problems),
                  ids(controls, "iso_42001", where, problems),
                  ids(controls, "eu_ai_act", where, problems)),
              text(entry, "rationale", where, problems),
              text(entry, "when", where, problems),
              text(entry, "detail", where, problems),
              entry.has("unknown_when")
                  ? Optional.of(text(entry, "unknown_when", where, problems))
                  : Optional.empty());
      checkSql(rule, where, problems);
      rule.unknownWhen()
          .filter(u -> u.contains("${"))
          .ifPresent(
              u ->
                  problems.add(
                      where
                          + ": unknown_when is read as it stands (smgov findings record runs it"
                          + " over deployments v or model_versions m): no placeholders"));
      rules.add(rule);
    }
    for (boolean overVariants : List.of(true, false)) {
      if (rules.stream()
          .noneMatch(r -> r.grain() != null && r.grain().overVariants() == overVariants)) {
        problems.add(
            SOURCE
                + ": no rule over "
                + (overVariants
                    ? "production variants (grain variant or endpoint)"
                    : "versions (grain version or production_version)")
                + ": the view needs at least one on each side");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("\n", problems));
    }
    return new RuleCatalog(rules);
  }

  private static final Pattern VARIANT_ALIAS = Pattern.compile("(?<![\\w'.])v\\.[a-z_]");
  private static final Pattern VERSION_ALIAS = Pattern.compile("(?<![\\w'.])m\\.[a-z_]");

  /**
   * What the SQL of a rule may name: the policy's placeholders (and the database and serving
   * statuses), and only its own side's row (v for the variant and endpoint grains, m for the
   * version grains); an escalation is inlined on one line, so it may hold no {@code --} comment.
   */
  private static void checkSql(Rule rule, String where, List<String> problems) {
    Set<String> known = new HashSet<>(Policy.defaults().placeholders().keySet());
    known.add("database");
    known.add("serving_statuses");
    Map<String, String> sql = new LinkedHashMap<>();
    sql.put("when", rule.condition());
    sql.put("detail", rule.detail());
    rule.unknownWhen().ifPresent(u -> sql.put("unknown_when", u));
    rule.escalation().ifPresent(e -> sql.put("escalate.if", e.condition()));
    for (Map.Entry<String, String> part : sql.entrySet()) {
      for (String placeholder : TemplateRenderer.placeholders(part.getValue())) {
        if (!known.contains(placeholder)) {
          problems.add(
              where
                  + ": "
                  + part.getKey()
                  + " uses ${"
                  + placeholder
                  + "}, which is not a policy placeholder (known: "
                  + known.stream().sorted().toList()
                  + ")");
        }
      }
      if (rule.grain() != null) {
        Pattern other = rule.grain().overVariants() ? VERSION_ALIAS : VARIANT_ALIAS;
        if (other.matcher(part.getValue()).find()) {
          problems.add(
              where
                  + ": "
                  + part.getKey()
                  + " names "
                  + (rule.grain().overVariants() ? "m." : "v.")
                  + ", but a "
                  + rule.grain().key()
                  + " rule reads "
                  + (rule.grain().overVariants()
                      ? "v (a production variant)"
                      : "m (a model_versions row)"));
        }
      }
    }
    rule.escalation()
        .filter(e -> e.condition().contains("--"))
        .ifPresent(e -> problems.add(where + ": escalate.if may hold no -- comment"));
  }

  private static String text(JsonNode node, String field, String where, List<String> problems) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      problems.add(where + ": " + field + " is missing or blank (it takes text)");
      return "";
    }
    return value.asText().strip();
  }

  private static String severity(String severity, String where, List<String> problems) {
    if (!severity.isEmpty() && !SEVERITIES.contains(severity)) {
      problems.add(where + ": severity " + severity + " is not one of " + SEVERITIES);
    }
    return severity;
  }

  private static List<String> ids(
      JsonNode controls, String framework, String where, List<String> problems) {
    JsonNode list = controls.get(framework);
    if (list == null || !list.isArray()) {
      problems.add(
          where
              + ": controls."
              + framework
              + " is missing (write [] where the rule evidences none)");
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : list) {
      if (!id.isTextual() || id.asText().isBlank()) {
        problems.add(where + ": controls." + framework + " holds " + id + ", not a control id");
      } else {
        ids.add(id.asText().strip());
      }
    }
    return ids;
  }

  private static void unknownFields(
      JsonNode node, Set<String> known, String where, List<String> problems) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(
            where
                + ": unknown field "
                + name
                + " (known: "
                + known.stream().sorted().toList()
                + ")");
      }
    }
  }

  public List<Rule> rules() {
    return rules;
  }

  public List<String> ids() {
    return rules.stream().map(Rule::id).toList();
  }

  public Rule rule(String id) {
    return rules.stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no rule " + id + " in " + SOURCE));
  }

  /**
   * The values of the {@code governance_findings} template's rule placeholders: for each side
   * ({@code variant}: rules over production variants, {@code version}: over model_versions) the
   * rule list, the severity expression, the detail and the condition branches.
   */
  Map<String, String> placeholders() {
    Map<String, String> values = new LinkedHashMap<>();
    for (boolean overVariants : List.of(true, false)) {
      String side = overVariants ? "variant" : "version";
      List<Rule> mine =
          rules.stream().filter(r -> r.grain().overVariants() == overVariants).toList();
      values.put(
          side + "_rules",
          mine.stream()
              .map(
                  r ->
                      "    ("
                          + literal(r.id())
                          + ", "
                          + literal(r.category())
                          + ", "
                          + literal(r.severity())
                          + ", "
                          + literal(r.grain().key())
                          + ")")
              .collect(Collectors.joining(",\n")));
      List<Rule> escalating = mine.stream().filter(r -> r.escalation().isPresent()).toList();
      values.put(
          side + "_severity",
          escalating.isEmpty()
              ? "r.severity"
              : "CASE"
                  + escalating.stream()
                      .map(
                          r ->
                              " WHEN r.rule_id = "
                                  + literal(r.id())
                                  + " AND ("
                                  + r.escalation().get().condition()
                                  + ") THEN "
                                  + literal(r.escalation().get().to()))
                      .collect(Collectors.joining())
                  + " ELSE r.severity END");
      values.put(side + "_details", branches(mine, Rule::detail));
      values.put(side + "_conditions", branches(mine, Rule::condition));
    }
    return values;
  }

  private static String branches(List<Rule> rules, java.util.function.Function<Rule, String> sql) {
    return rules.stream()
        .map(r -> "  WHEN " + literal(r.id()) + " THEN\n" + indent(sql.apply(r), "    "))
        .collect(Collectors.joining("\n"));
  }

  private static String indent(String text, String prefix) {
    return text.lines().map(l -> l.isBlank() ? "" : prefix + l).collect(Collectors.joining("\n"));
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  // ------------------------------------------------------------------ the README's rule tables

  static final String README_BEGIN =
      "<!-- rules: generated from sql/rules.yaml by `mvn -Pregen process-classes`; edit the catalog, not this table -->";

  static final String README_END = "<!-- rules: end -->";

  /** The README's two rule tables: what fires when, then the remedy and the controls. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| rule_id | category | severity | one row per | fires when |\n");
    out.append("|---|---|---|---|---|\n");
    for (Rule r : rules) {
      out.append("| ")
          .append(r.id())
          .append(" | ")
          .append(r.category())
          .append(" | ")
          .append(r.severityText())
          .append(" | ")
          .append(r.perText())
          .append(" | ")
          .append(cell(r.description()))
          .append(" |\n");
    }
    out.append("\nWhat to do about each, and the controls a finding evidences (NIST AI RMF 1.0")
        .append(" subcategories, ISO/IEC 42001:2023 Annex A, EU AI Act articles; a dash where the")
        .append(" rule evidences none of a framework's controls):\n\n");
    out.append("| rule_id | remedy | NIST AI RMF | ISO/IEC 42001 | EU AI Act |\n");
    out.append("|---|---|---|---|---|\n");
    for (Rule r : rules) {
      out.append("| ")
          .append(r.id())
          .append(" | ")
          .append(cell(r.remedy()))
          .append(" | ")
          .append(list(r.controls().nistAiRmf()))
          .append(" | ")
          .append(list(r.controls().iso42001()))
          .append(" | ")
          .append(list(r.controls().euAiAct()))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String cell(String text) {
    return text.replace("\n", " ").replace("|", "\\|");
  }

  private static String list(List<String> ids) {
    return ids.isEmpty() ? "-" : String.join(", ", ids);
  }

  /** {@code readme} with its rule tables (between the markers) replaced by {@link #markdown()}. */
  public String inReadme(String readme) {
    int begin = readme.indexOf(README_BEGIN);
    int end = readme.indexOf(README_END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(
          "README.md has no rule tables between " + README_BEGIN + " and " + README_END);
    }
    return readme.substring(0, begin + README_BEGIN.length())
        + "\n"
        + markdown()
        + readme.substring(end);
  }

  /** {@code mvn -Pregen process-classes}: rewrites the README's rule tables from the catalog. */
  public static void main(String[] args) throws IOException {
    Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
    String text = Files.readString(readme);
    Files.writeString(readme, load().inReadme(text));
    System.out.println("wrote the rule tables of " + readme);
  }
}
