package io.smgov.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smgov.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 * </pre>
 */
public record Policy(int staleAfterDays, int pendingAfterDays, List<String> requiredTags, int idleDays, double latencyP90Ms) {
  public static final int DEFAULT_STALE_AFTER_DAYS = 90;
  public static final int DEFAULT_PENDING_AFTER_DAYS = 14;
  public static final List<String> DEFAULT_REQUIRED_TAGS = List.of("owner");
  public static final int DEFAULT_IDLE_DAYS = 30;
  public static final double DEFAULT_LATENCY_P90_MS = 500;
  private static final Set<String> KEYS =
      Set.of("stale_after_days", "pending_after_days", "required_tags", "idle_days", "latency_p90_ms");

  public Policy {
    requiredTags = List.copyOf(requiredTags);
  }

  public static Policy defaults() {
    return new Policy(DEFAULT_STALE_AFTER_DAYS, DEFAULT_PENDING_AFTER_DAYS, DEFAULT_REQUIRED_TAGS, DEFAULT_IDLE_DAYS,
        DEFAULT_LATENCY_P90_MS);
  }

  /** Reads a policy file; problems name the file and the key. */
  public static Policy load(Path file) {
    JsonNode yaml;
    try {
      yaml = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(List.of("--policy " + file + ": cannot read it: " + e.getMessage().split("\n")[0]));
    }
    if (yaml == null || yaml.isMissingNode() || yaml.isNull()) {
      return defaults();
    }
    List<String> problems = new ArrayList<>();
    if (!yaml.isObject()) {
      throw new ConfigException(List.of("--policy " + file + ": expected a mapping such as 'stale_after_days: 90'"));
    }
    int stale = DEFAULT_STALE_AFTER_DAYS;
    int pending = DEFAULT_PENDING_AFTER_DAYS;
    List<String> tags = DEFAULT_REQUIRED_TAGS;
    int idle = DEFAULT_IDLE_DAYS;
    double latency = DEFAULT_LATENCY_P90_MS;
    Iterator<Map.Entry<String, JsonNode>> fields = yaml.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String where = "--policy " + file + ": " + e.getKey();
      switch (e.getKey()) {
        case "stale_after_days":
        case "pending_after_days":
          if (!e.getValue().isIntegralNumber() || e.getValue().asInt() < 0) {
            problems.add(where + " must be a whole number of days (0 or more), got " + e.getValue());
          } else if (e.getKey().equals("stale_after_days")) {
            stale = e.getValue().asInt();
          } else {
            pending = e.getValue().asInt();
          }
          break;
        case "idle_days":
          if (!e.getValue().isIntegralNumber() || e.getValue().asInt() < 1) {
            problems.add(where + " must be a whole number of days (1 or more), got " + e.getValue());
          } else {
            idle = e.getValue().asInt();
          }
          break;
        case "latency_p90_ms":
          if (!e.getValue().isNumber() || !(e.getValue().asDouble() > 0)) {
            problems.add(where + " must be a number of milliseconds above 0, got " + e.getValue());
          } else {
            latency = e.getValue().asDouble();
          }
          break;
        case "required_tags":
          if (!e.getValue().isArray()) {
            problems.add(where + " must be a list of tag keys, e.g. [owner, business-unit]");
          } else {
            tags = new ArrayList<>();
            for (JsonNode tag : e.getValue()) {
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
          problems.add(where + ": unknown key (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Policy(stale, pending, tags, idle, latency);
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
    values.put("latency_p90_ms", java.math.BigDecimal.valueOf(latencyP90Ms).stripTrailingZeros().toPlainString());
    return values;
  }
}
