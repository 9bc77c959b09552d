package io.smgov.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.smgov.config.ConfigException;
import io.smgov.config.YamlFile;
import io.smgov.model.Waiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The governance policy the rules are rendered with: thresholds and the tag keys every version in
 * production must have. A small YAML file ({@code --policy}); every key is optional.
 *
 * <pre>
 * stale_after_days: 90     # STALE_PRODUCTION_MODEL: production version older than this
 * pending_after_days: 14   # PENDING_APPROVAL_TOO_LONG: newest version pending longer than this
 * required_tags: [owner]   # MISSING_OWNER: keys a version in production must have (folded)
 * idle_days: 30            # IDLE_ENDPOINT: no invocation in this many days (a decommission candidate)
 * latency_p90_ms: 500      # LATENCY_OVER_BUDGET: p90 ModelLatency over the metrics window above this
 * min_approval_note_chars: 1   # MISSING_APPROVAL_NOTE: fewer characters of text (whitespace not counted)
 * approver_roles:          # APPROVER_NOT_AUTHORIZED (silent when absent): who may approve, as globs
 *   - arn:aws:iam::*:role/ml-approvers/*        #   on the approver's IAM role ARN
 *   - arn:aws:sagemaker:*:*:user-profile/d-abc123/lead-*  # or on the approver's identity (Studio profile, ...)
 * required_evidence:       # MISSING_REQUIRED_EVIDENCE (silent when absent): on every version in production
 *   all: [model_quality, metric:auc]     # report kinds, or metric:&lt;name&gt;
 *   business_units:                      # and more per business unit (its tag value)
 *     credit-risk: [bias, explainability]
 * waivers:                 # risk accepted on purpose (smgov findings record): every field required
 *   - rule_id: IDLE_ENDPOINT   # the account is written out; region and name may be globs
 *     resource: arn:aws:sagemaker:eu-west-1:111111111111:endpoint/batch-*
 *     reason: Seasonal batch scoring, idle outside quarter end
 *     approved_by: jane.doe@example.com
 *     expires: 2027-03-31    # the last day it applies
 * </pre>
 *
 * A glob's {@code *} matches any run of characters (slashes too), {@code ?} one character. {@code
 * required_evidence} may also be a plain list (required of every business unit).
 */
public record Policy(
    int staleAfterDays,
    int pendingAfterDays,
    List<String> requiredTags,
    int idleDays,
    double latencyP90Ms,
    int minApprovalNoteChars,
    List<String> approverRoles,
    List<Evidence> requiredEvidence,
    List<Waiver> waivers) {
  public static final int DEFAULT_STALE_AFTER_DAYS = 90;
  public static final int DEFAULT_PENDING_AFTER_DAYS = 14;
  public static final List<String> DEFAULT_REQUIRED_TAGS = List.of("owner");
  public static final int DEFAULT_IDLE_DAYS = 30;
  public static final double DEFAULT_LATENCY_P90_MS = 500;
  public static final int DEFAULT_MIN_APPROVAL_NOTE_CHARS = 1;
  private static final Set<String> KEYS =
      Set.of(
          "stale_after_days",
          "pending_after_days",
          "required_tags",
          "idle_days",
          "latency_p90_ms",
          "min_approval_note_chars",
          "approver_roles",
          "required_evidence",
          "waivers");

  /**
   * The report kinds a policy can require, each with the report_kind values that are one and its
   * label.
   */
  public static final Map<String, List<String>> REPORT_KINDS =
      Map.of(
          "model_quality", List.of("model_quality_statistics"),
          "model_data_quality",
              List.of("model_data_quality_statistics", "model_data_quality_constraints"),
          "bias", List.of("bias_report", "bias_pre_training_report", "bias_post_training_report"),
          "explainability", List.of("explainability_report"));

  /**
   * One piece of evidence a version in production must carry: a report kind ({@link #REPORT_KINDS})
   * or a metric name ({@code metric:auc}); required of one business unit, or of all when null.
   */
  public record Evidence(String businessUnit, String item) {
    public boolean isMetric() {
      return item.startsWith("metric:");
    }

    public String label() {
      return isMetric()
          ? "metric " + item.substring("metric:".length())
          : item.replace('_', ' ') + " report";
    }
  }

  public Policy {
    requiredTags = List.copyOf(requiredTags);
    approverRoles = List.copyOf(approverRoles);
    requiredEvidence = List.copyOf(requiredEvidence);
    waivers = List.copyOf(waivers);
  }

  /** A policy without waivers. */
  public Policy(
      int staleAfterDays,
      int pendingAfterDays,
      List<String> requiredTags,
      int idleDays,
      double latencyP90Ms,
      int minApprovalNoteChars,
      List<String> approverRoles,
      List<Evidence> requiredEvidence) {
    this(
        staleAfterDays,
        pendingAfterDays,
        requiredTags,
        idleDays,
        latencyP90Ms,
        minApprovalNoteChars,
        approverRoles,
        requiredEvidence,
        List.of());
  }

  /** A policy of thresholds and tags only: the approval-audit rules stay silent. */
  public Policy(
      int staleAfterDays,
      int pendingAfterDays,
      List<String> requiredTags,
      int idleDays,
      double latencyP90Ms) {
    this(
        staleAfterDays,
        pendingAfterDays,
        requiredTags,
        idleDays,
        latencyP90Ms,
        DEFAULT_MIN_APPROVAL_NOTE_CHARS,
        List.of(),
        List.of());
  }

  public static Policy defaults() {
    return new Policy(
        DEFAULT_STALE_AFTER_DAYS,
        DEFAULT_PENDING_AFTER_DAYS,
        DEFAULT_REQUIRED_TAGS,
        DEFAULT_IDLE_DAYS,
        DEFAULT_LATENCY_P90_MS);
  }

  public Policy withApproverRoles(List<String> patterns) {
    return new Policy(
        staleAfterDays,
        pendingAfterDays,
        requiredTags,
        idleDays,
        latencyP90Ms,
        minApprovalNoteChars,
        patterns,
        requiredEvidence,
        waivers);
  }

  public Policy withRequiredEvidence(List<Evidence> evidence) {
    return new Policy(
        staleAfterDays,
        pendingAfterDays,
        requiredTags,
        idleDays,
        latencyP90Ms,
        minApprovalNoteChars,
        approverRoles,
        evidence,
        waivers);
  }

  public Policy withWaivers(List<Waiver> accepted) {
    return new Policy(
        staleAfterDays,
        pendingAfterDays,
        requiredTags,
        idleDays,
        latencyP90Ms,
        minApprovalNoteChars,
        approverRoles,
        requiredEvidence,
        accepted);
  }

  public Policy withMinApprovalNoteChars(int chars) {
    return new Policy(
        staleAfterDays,
        pendingAfterDays,
        requiredTags,
        idleDays,
        latencyP90Ms,
        chars,
        approverRoles,
        requiredEvidence,
        waivers);
  }

  /** Reads a policy file; problems name the file, the line and the key. */
  public static Policy load(Path file) {
    return parse(YamlFile.read("--policy", file));
  }

  /**
   * The policy of {@code smgov demo}: the default thresholds, approver roles and a business unit's
   * evidence.
   */
  public static Policy demo() {
    try (InputStream in = Policy.class.getResourceAsStream(DEMO_POLICY)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEMO_POLICY);
      }
      return parse(YamlFile.parse("--policy", "the demo policy", in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The demo policy's text, to show or to start a policy file from. */
  public static String demoText() {
    try (InputStream in = Policy.class.getResourceAsStream(DEMO_POLICY)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String DEMO_POLICY = "demo-policy.yaml";

  /** The largest day count a policy takes: a century, far past any sensible threshold. */
  private static final long MAX_DAYS = 36_500;

  private static Policy parse(YamlFile yaml) {
    List<String> problems = new ArrayList<>();
    int stale = DEFAULT_STALE_AFTER_DAYS;
    int pending = DEFAULT_PENDING_AFTER_DAYS;
    List<String> tags = DEFAULT_REQUIRED_TAGS;
    int idle = DEFAULT_IDLE_DAYS;
    double latency = DEFAULT_LATENCY_P90_MS;
    int noteChars = DEFAULT_MIN_APPROVAL_NOTE_CHARS;
    List<String> approvers = List.of();
    List<Evidence> evidence = List.of();
    List<Waiver> waivers = List.of();
    for (YamlFile.Entry e : yaml.entries()) {
      String where = yaml.where(e);
      switch (e.key()) {
        case "stale_after_days":
          stale = yaml.whole(e, 0, MAX_DAYS, "days", problems).map(Long::intValue).orElse(stale);
          break;
        case "pending_after_days":
          pending =
              yaml.whole(e, 0, MAX_DAYS, "days", problems).map(Long::intValue).orElse(pending);
          break;
        case "idle_days":
          idle = yaml.whole(e, 1, MAX_DAYS, "days", problems).map(Long::intValue).orElse(idle);
          break;
        case "latency_p90_ms":
          latency = yaml.number(e, 0, 3_600_000, "milliseconds", problems).orElse(latency);
          break;
        case "min_approval_note_chars":
          noteChars =
              yaml.whole(e, 1, 10_000, "characters", problems)
                  .map(Long::intValue)
                  .orElse(noteChars);
          break;
        case "approver_roles":
          approvers = globs(e.value(), where, problems);
          break;
        case "required_evidence":
          evidence = evidence(e.value(), where, problems);
          break;
        case "waivers":
          waivers = waivers(e.value(), where, problems);
          break;
        case "required_tags":
          if (!e.value().isArray()) {
            problems.add(where + " must be a list of tag keys, e.g. [owner, business-unit]");
          } else {
            tags = new ArrayList<>();
            for (JsonNode tag : e.value()) {
              String key = tag.asText("").trim();
              if (key.isEmpty() || !key.matches("[\\p{L}\\p{N} _.:/=+@-]{1,128}")) {
                problems.add(where + ": '" + tag.asText() + "' is not a tag key");
              } else {
                tags.add(key);
              }
            }
          }
          break;
        default:
          problems.add(
              where
                  + " is not a policy key (known: "
                  + String.join(", ", KEYS.stream().sorted().toList())
                  + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Policy(stale, pending, tags, idle, latency, noteChars, approvers, evidence, waivers);
  }

  /** A waiver's resource: a SageMaker ARN whose account is written out (the rest may be globs). */
  private static final Pattern WAIVER_RESOURCE =
      Pattern.compile("arn:aws[a-z-]*:sagemaker:[a-z0-9*?-]*:\\d{12}:.+");

  private static final List<String> WAIVER_FIELDS =
      List.of("rule_id", "resource", "reason", "approved_by", "expires");

  /**
   * The waivers: each a mapping of every one of {@link #WAIVER_FIELDS}; a rule id the rule catalog
   * does not know, or the same rule and resource twice, is a problem too. Whether one has expired
   * is judged against the snapshot being recorded ({@link #expiredWaivers}).
   */
  private static List<Waiver> waivers(JsonNode node, String where, List<String> problems) {
    List<Waiver> waivers = new ArrayList<>();
    if (!node.isArray()) {
      problems.add(
          where
              + " must be a list of waivers, each with rule_id, resource, reason, approved_by and"
              + " expires (YYYY-MM-DD)");
      return waivers;
    }
    Set<String> ruleIds = new HashSet<>(RuleCatalog.load().ids());
    Set<String> seen = new HashSet<>();
    int index = 0;
    for (JsonNode item : node) {
      index++;
      String at = where + "[" + index + "]";
      if (!item.isObject()) {
        problems.add(at + " must be a mapping with " + String.join(", ", WAIVER_FIELDS));
        continue;
      }
      List<String> missing = new ArrayList<>();
      Map<String, String> values = new LinkedHashMap<>();
      for (String field : WAIVER_FIELDS) {
        JsonNode value = item.get(field);
        String text = value == null || value.isNull() ? "" : value.asText().strip();
        if (text.isEmpty()) {
          missing.add(field);
        } else {
          values.put(field, text);
        }
      }
      Iterator<String> names = item.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!WAIVER_FIELDS.contains(name)) {
          problems.add(
              at
                  + ": unknown key '"
                  + name
                  + "' (known: "
                  + String.join(", ", WAIVER_FIELDS)
                  + ")");
        }
      }
      if (!missing.isEmpty()) {
        problems.add(
            at
                + " lacks "
                + String.join(", ", missing)
                + ": a waiver needs every one of "
                + String.join(", ", WAIVER_FIELDS));
        continue;
      }
      String rule = values.get("rule_id");
      if (!ruleIds.contains(rule)) {
        problems.add(
            at + ": rule_id '" + rule + "' is not a rule (smgov findings --rules lists them)");
        continue;
      }
      String resource = values.get("resource");
      if (resource.length() > 2048
          || resource.chars().anyMatch(Character::isISOControl)
          || !WAIVER_RESOURCE.matcher(resource).matches()) {
        problems.add(
            at
                + ": resource '"
                + resource
                + "' must be a SageMaker ARN (or glob) naming its account, e.g."
                + " arn:aws:sagemaker:eu-west-1:111111111111:endpoint/batch-* - a waiver accepts a risk of"
                + " one account's resources, never the whole estate's");
        continue;
      }
      LocalDate expires;
      try {
        expires = LocalDate.parse(values.get("expires"));
      } catch (DateTimeParseException e) {
        problems.add(at + ": expires '" + values.get("expires") + "' is not a date (YYYY-MM-DD)");
        continue;
      }
      if (!seen.add(rule + "|" + resource)) {
        problems.add(at + ": a second waiver of " + rule + " on " + resource + " (keep one)");
        continue;
      }
      waivers.add(
          new Waiver(rule, resource, values.get("reason"), values.get("approved_by"), expires));
    }
    return waivers;
  }

  /**
   * The waivers whose last day is before {@code date}, each as a line that names it and what to do:
   * an expired waiver is reported rather than silently ignored, so the risk is renewed or the
   * finding fixed on purpose.
   */
  public List<String> expiredWaivers(LocalDate date) {
    List<String> expired = new ArrayList<>();
    for (Waiver w : waivers) {
      if (w.expires().isBefore(date)) {
        expired.add(
            "the waiver of "
                + w.ruleId()
                + " on "
                + w.resource()
                + " (approved by "
                + w.approvedBy()
                + ") expired on "
                + w.expires()
                + ": renew it with a later expires, or remove it from the policy so its findings"
                + " count as open");
      }
    }
    return expired;
  }

  private static List<String> globs(JsonNode node, String where, List<String> problems) {
    List<String> globs = new ArrayList<>();
    if (!node.isArray() || node.isEmpty()) {
      problems.add(
          where
              + " must be a non-empty list of ARN globs, e.g. ['arn:aws:iam::*:role/ml-approvers/*']");
      return globs;
    }
    for (JsonNode glob : node) {
      String text = glob.isTextual() ? glob.asText().strip() : "";
      if (text.isEmpty()
          || text.length() > 2048
          || text.chars().anyMatch(Character::isISOControl)) {
        problems.add(
            where
                + ": "
                + glob
                + " is not a glob (a text such as arn:aws:iam::*:role/ml-approvers/*)");
      } else {
        globs.add(text);
      }
    }
    return globs;
  }

  private static List<Evidence> evidence(JsonNode node, String where, List<String> problems) {
    List<Evidence> evidence = new ArrayList<>();
    if (node.isArray()) {
      items(node, null, where, problems, evidence);
      return evidence;
    }
    if (!node.isObject()) {
      problems.add(
          where
              + " must be a list of evidence (e.g. [model_quality, metric:auc]) or a mapping with 'all'"
              + " and 'business_units'");
      return evidence;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (f.getKey().equals("all")) {
        items(f.getValue(), null, where + ".all", problems, evidence);
      } else if (f.getKey().equals("business_units") && f.getValue().isObject()) {
        Iterator<Map.Entry<String, JsonNode>> units = f.getValue().fields();
        while (units.hasNext()) {
          Map.Entry<String, JsonNode> unit = units.next();
          if (unit.getKey().isBlank()) {
            problems.add(where + ".business_units: a business unit name is empty");
          } else {
            items(
                unit.getValue(),
                unit.getKey().strip(),
                where + ".business_units." + unit.getKey(),
                problems,
                evidence);
          }
        }
      } else if (f.getKey().equals("business_units")) {
        problems.add(
            where + ".business_units must map business units to lists, e.g. {credit-risk: [bias]}");
      } else {
        problems.add(where + ": unknown key '" + f.getKey() + "' (known: all, business_units)");
      }
    }
    return evidence;
  }

  private static void items(
      JsonNode node, String unit, String where, List<String> problems, List<Evidence> out) {
    if (!node.isArray()) {
      problems.add(where + " must be a list, e.g. [model_quality, metric:auc]");
      return;
    }
    for (JsonNode item : node) {
      String text = item.isTextual() ? item.asText().strip() : "";
      boolean metric =
          text.startsWith("metric:")
              && text.substring("metric:".length()).strip().matches("[\\w.:/-]{1,128}");
      if (metric) {
        out.add(
            new Evidence(
                unit,
                "metric:" + text.substring("metric:".length()).strip().toLowerCase(Locale.ROOT)));
      } else if (REPORT_KINDS.containsKey(text)) {
        out.add(new Evidence(unit, text));
      } else {
        problems.add(
            where
                + ": '"
                + item.asText()
                + "' is not evidence: a report kind ("
                + String.join(", ", REPORT_KINDS.keySet().stream().sorted().toList())
                + ") or metric:<name>, e.g. metric:auc");
      }
    }
  }

  private static final Pattern ROLE_GLOB = Pattern.compile("(.*:role/)(.+/)([^/]*)");

  /**
   * A role glob with an IAM path ({@code …:role/ml/Approver}), without it ({@code
   * …:role/Approver}).
   */
  static Optional<String> withoutPath(String glob) {
    Matcher m = ROLE_GLOB.matcher(glob);
    return m.matches() ? Optional.of(m.group(1) + m.group(3)) : Optional.empty();
  }

  /** A glob as a SQL LIKE pattern (escape character '\\'). */
  static String like(String glob) {
    StringBuilder like = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> like.append('%');
        case '?' -> like.append('_');
        case '%', '_', '\\' -> like.append('\\').append(c);
        default -> like.append(c);
      }
    }
    return like.toString();
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** The distinct evidence items, in first-seen order. */
  private List<String> evidenceItems() {
    return requiredEvidence.stream().map(Evidence::item).distinct().toList();
  }

  /** A tag key folded as the views compare keys: lower case, without '-', '_' and spaces. */
  public static String fold(String key) {
    return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
  }

  /** The policy's placeholder values for the view SQL. */
  public Map<String, String> placeholders() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("stale_after_days", Integer.toString(staleAfterDays));
    values.put("pending_after_days", Integer.toString(pendingAfterDays));
    List<String> rows = new ArrayList<>();
    for (String key : requiredTags.isEmpty() ? List.<String>of() : requiredTags) {
      rows.add("('" + fold(key).replace("'", "''") + "', '" + key.replace("'", "''") + "')");
    }
    // No required tags: a VALUES row that matches no folded key, so the rule finds nothing.
    values.put("required_tags", rows.isEmpty() ? "('', '')" : String.join(", ", rows));
    values.put("required_tags_text", String.join(", ", requiredTags).replace("'", "''"));
    values.put("idle_days", Integer.toString(idleDays));
    values.put(
        "latency_p90_ms", BigDecimal.valueOf(latencyP90Ms).stripTrailingZeros().toPlainString());
    values.put("min_approval_note_chars", Integer.toString(minApprovalNoteChars));
    // APPROVER_NOT_AUTHORIZED: whether approver_roles is set; whether a glob matches the columns
    // approved_by_role or approved_by; and whether one might, where the role's IAM path is unknown
    // (an approver known from LastModifiedBy: its role is rebuilt from the assumed-role ARN, which
    // has no path, so a glob with a path is tried without it and a match means "can't tell").
    values.put("approver_roles_configured", approverRoles.isEmpty() ? "false" : "true");
    List<String> matches = new ArrayList<>();
    List<String> maybe = new ArrayList<>();
    for (String glob : approverRoles) {
      String like = quote(like(glob)) + " ESCAPE '\\'";
      matches.add("coalesce(approved_by_role, '') LIKE " + like);
      matches.add("coalesce(approved_by, '') LIKE " + like);
      withoutPath(glob)
          .ifPresent(
              pathless ->
                  maybe.add(
                      "coalesce(approved_by_role, '') LIKE "
                          + quote(like(pathless))
                          + " ESCAPE '\\'"));
    }
    values.put(
        "approver_authorized",
        matches.isEmpty() ? "true" : "(" + String.join(" OR ", matches) + ")");
    values.put(
        "approver_unknown",
        maybe.isEmpty()
            ? "false"
            : "(approver_source <> 'cloudtrail' AND (" + String.join(" OR ", maybe) + "))");
    values.put(
        "approver_roles_text",
        String.join(", ", approverRoles).replace("'", "''").replace("$", ""));
    // MISSING_REQUIRED_EVIDENCE: per distinct item, an aggregate over the reports CTE's rows r
    // (source 'report' or 'metric'), and the missing items of a version from those aggregates (rp)
    // and its business unit (t).
    List<String> items = evidenceItems();
    List<String> columns = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      String found =
          item.startsWith("metric:")
              ? "r.source = 'metric' AND r.report_kind NOT LIKE 'drift%' AND lower(r.metric_name) = lower("
                  + quote(item.substring("metric:".length()))
                  + ")"
              : "r.source = 'report' AND r.status <> 'missing' AND r.report_kind IN ("
                  + String.join(", ", REPORT_KINDS.get(item).stream().map(Policy::quote).toList())
                  + ")";
      columns.add(", count(*) FILTER (WHERE " + found + ") AS evidence_" + i);
      List<String> units =
          requiredEvidence.stream()
              .filter(e -> e.item().equals(item))
              .map(Evidence::businessUnit)
              .toList();
      String applies =
          units.contains(null)
              ? "true"
              : "lower(t.business_unit) IN ("
                  + String.join(
                      ", ", units.stream().distinct().map(u -> "lower(" + quote(u) + ")").toList())
                  + ")";
      String label =
          requiredEvidence.stream()
              .filter(e -> e.item().equals(item))
              .findFirst()
              .orElseThrow()
              .label();
      missing.add(
          "CASE WHEN "
              + applies
              + " AND coalesce(rp.evidence_"
              + i
              + ", 0) = 0 THEN "
              + quote(label)
              + " END");
    }
    values.put("evidence_columns", String.join(" ", columns));
    values.put(
        "evidence_missing",
        missing.isEmpty()
            ? "CAST(NULL AS VARCHAR)"
            : "nullif(concat_ws(', ', " + String.join(", ", missing) + "), '')");
    return values;
  }
}
