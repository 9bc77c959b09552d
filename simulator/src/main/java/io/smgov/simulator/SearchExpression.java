package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.smgov.wire.SdkJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * SageMaker {@code Search} semantics over JSON records: a {@code SearchExpression} of filters,
 * nested filters and sub-expressions joined by And/Or; properties as dotted paths ({@code
 * Tags.<key>} reads a tag); operators Equals, NotEquals, GreaterThan(OrEqualTo),
 * LessThan(OrEqualTo), Contains, Exists, NotExists and In; timestamps compared as instants (filter
 * values as {@code YYYY-mm-ddTHH:MM:SS}); range operators on text properties refused as AWS refuses
 * them.
 */
final class SearchExpression {
  private static final int MAX_CLAUSES = 50;

  private SearchExpression() {}

  /** Validates the expression's size and returns a matcher for records. */
  static Predicate<JsonNode> compile(JsonNode expression) {
    if (expression == null || expression.isNull()) {
      return record -> true;
    }
    int clauses = countClauses(expression);
    if (clauses > MAX_CLAUSES) {
      throw ApiException.validation(
          "SearchExpression has "
              + clauses
              + " filters, nested filters and sub-expressions; at most "
              + MAX_CLAUSES
              + " are allowed");
    }
    return record -> matches(expression, record);
  }

  private static int countClauses(JsonNode expression) {
    int count = expression.path("Filters").size() + expression.path("NestedFilters").size();
    for (JsonNode sub : expression.path("SubExpressions")) {
      count += 1 + countClauses(sub);
    }
    return count;
  }

  private static boolean matches(JsonNode expression, JsonNode record) {
    boolean or = "Or".equals(expression.path("Operator").asText("And"));
    List<Boolean> results = new ArrayList<>();
    for (JsonNode filter : expression.path("Filters")) {
      results.add(filter(filter, record, ""));
    }
    for (JsonNode nested : expression.path("NestedFilters")) {
      results.add(nested(nested, record));
    }
    for (JsonNode sub : expression.path("SubExpressions")) {
      results.add(matches(sub, record));
    }
    if (results.isEmpty()) {
      return true;
    }
    return or ? results.contains(Boolean.TRUE) : !results.contains(Boolean.FALSE);
  }

  private static boolean nested(JsonNode nested, JsonNode record) {
    String property = nested.path("NestedPropertyName").asText();
    for (JsonNode element : values(record, property)) {
      boolean all = true;
      for (JsonNode filter : nested.path("Filters")) {
        all &= filter(filter, element, property + ".");
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean filter(JsonNode filter, JsonNode record, String prefix) {
    String name = filter.path("Name").asText();
    if (name.isEmpty()) {
      throw ApiException.validation("Filter Name must not be empty");
    }
    String relative = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    String operator = filter.path("Operator").asText("Equals");
    String expected = filter.path("Value").isMissingNode() ? null : filter.path("Value").asText();
    List<JsonNode> values = values(record, relative);
    switch (operator) {
      case "Exists":
        return !values.isEmpty();
      case "NotExists":
        return values.isEmpty();
      case "Equals":
        return values.stream()
            .anyMatch(v -> compare(v, requireValue(expected, name), name, false) == 0);
      case "NotEquals":
        return values.stream()
            .noneMatch(v -> compare(v, requireValue(expected, name), name, false) == 0);
      case "Contains":
        String needle = requireValue(expected, name).toLowerCase(Locale.ROOT);
        return values.stream()
            .anyMatch(v -> v.isTextual() && v.asText().toLowerCase(Locale.ROOT).contains(needle));
      case "In":
        List<String> options = List.of(requireValue(expected, name).split(","));
        return values.stream()
            .anyMatch(v -> options.stream().anyMatch(o -> compare(v, o.trim(), name, false) == 0));
      case "GreaterThan":
        return values.stream()
            .anyMatch(v -> compare(v, requireValue(expected, name), name, true) > 0);
      case "GreaterThanOrEqualTo":
        return values.stream()
            .anyMatch(v -> compare(v, requireValue(expected, name), name, true) >= 0);
      case "LessThan":
        return values.stream()
            .anyMatch(v -> compare(v, requireValue(expected, name), name, true) < 0);
      case "LessThanOrEqualTo":
        return values.stream()
            .anyMatch(v -> compare(v, requireValue(expected, name), name, true) <= 0);
      default:
        throw ApiException.validation(
            "1 validation error detected: Value '"
                + operator
                + "' at 'searchExpression.filters.1.member.operator' failed to satisfy constraint:"
                + " Member must satisfy enum value set: [Equals, NotEquals, GreaterThan,"
                + " GreaterThanOrEqualTo, LessThan, LessThanOrEqualTo, Contains, Exists, NotExists,"
                + " In]");
    }
  }

  private static String requireValue(String value, String name) {
    if (value == null) {
      throw ApiException.validation("Filter on " + name + " needs a Value for this operator");
    }
    return value;
  }

  /**
   * Compares a record value with a filter value. Numbers (timestamps are epoch seconds in records)
   * compare numerically, with the filter value read as a number or a timestamp; text compares as
   * text and refuses range operators.
   */
  private static int compare(JsonNode actual, String expected, String name, boolean range) {
    if (actual.isNumber()) {
      BigDecimal wanted = number(expected, name);
      return actual.decimalValue().compareTo(wanted);
    }
    if (actual.isBoolean()) {
      return Boolean.compare(actual.asBoolean(), Boolean.parseBoolean(expected));
    }
    if (range) {
      throw ApiException.validation("Range operators are not supported on text property " + name);
    }
    return actual.asText().compareTo(expected);
  }

  private static BigDecimal number(String text, String name) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException notNumber) {
      Optional<Instant> instant = SdkJson.parseTimestamp(text);
      if (instant.isEmpty()) {
        throw ApiException.validation(
            "Value " + text + " for " + name + " is neither a number nor a timestamp");
      }
      return BigDecimal.valueOf(instant.get().toEpochMilli(), 3);
    }
  }

  /** The leaf values at a dotted property path; arrays along the way are flattened. */
  static List<JsonNode> values(JsonNode record, String property) {
    List<JsonNode> current = List.of(record);
    String[] parts = property.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      List<JsonNode> next = new ArrayList<>();
      if (part.equals("Tags") && i + 1 < parts.length) {
        String key = String.join(".", Arrays.copyOfRange(parts, i + 1, parts.length));
        for (JsonNode node : current) {
          for (JsonNode tag : node.path("Tags")) {
            if (key.equals(tag.path("Key").asText())) {
              next.add(tag.path("Value"));
            }
          }
        }
        return next;
      }
      for (JsonNode node : current) {
        JsonNode child = node.get(part);
        if (child == null || child.isNull()) {
          continue;
        }
        if (child.isArray() && i + 1 < parts.length) {
          child.forEach(next::add);
        } else if (child.isArray()) {
          child.forEach(next::add);
        } else {
          next.add(child);
        }
      }
      current = next;
    }
    return current;
  }

  /** Orders records by a property (first value; records without it last), ties by {@code key}. */
  static Comparator<JsonNode> order(
      String property, boolean descending, Function<JsonNode, String> key) {
    Comparator<JsonNode> byValue =
        (a, b) -> {
          List<JsonNode> va = values(a, property);
          List<JsonNode> vb = values(b, property);
          if (va.isEmpty() || vb.isEmpty()) {
            return 0;
          }
          JsonNode x = va.get(0);
          JsonNode y = vb.get(0);
          int c =
              x.isNumber() && y.isNumber()
                  ? x.decimalValue().compareTo(y.decimalValue())
                  : x.asText().compareTo(y.asText());
          return descending ? -c : c;
        };
    Comparator<JsonNode> missingLast =
        Comparator.comparing((JsonNode r) -> values(r, property).isEmpty());
    return missingLast.thenComparing(byValue).thenComparing(key, Comparator.naturalOrder());
  }
}
