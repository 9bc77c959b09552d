package io.smgov.views;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict {@code ${name}} substitution: every placeholder must have a value and every value given
 * must be known, else the render fails naming the file and the placeholder (no silently kept {@code
 * ${typo}} as in {@code safe_substitute}). Placeholders listed as pass-through (Athena's own {@code
 * ${snapshot_date}} in a location template) are kept as they are.
 */
public final class TemplateRenderer {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  private TemplateRenderer() {}

  public static String render(
      String template, Map<String, String> values, Set<String> passThrough, String source) {
    StringBuilder out = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(template);
    Set<String> unknown = new LinkedHashSet<>();
    while (m.find()) {
      String name = m.group(1);
      String value = values.get(name);
      if (value != null) {
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      } else if (passThrough.contains(name)) {
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
      } else {
        unknown.add(name);
      }
    }
    m.appendTail(out);
    if (!unknown.isEmpty()) {
      List<String> known = new ArrayList<>(values.keySet());
      known.sort(null);
      throw new IllegalArgumentException(
          source
              + ": unknown placeholder"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown.stream().map(u -> "${" + u + "}").toList())
              + " (known: "
              + String.join(", ", known.stream().map(k -> "${" + k + "}").toList())
              + ")");
    }
    return out.toString();
  }

  public static String render(String template, Map<String, String> values, String source) {
    return render(template, values, Set.of(), source);
  }

  /** The placeholders a template uses, in order of first use. */
  public static Set<String> placeholders(String template) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
