package io.smgov.testing;

import io.smgov.views.EmbeddedEngine;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Query results in a canonical text form, so two engines' answers can be compared row for row. */
public final class Results {
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

  private Results() {}

  /** Each row as one line, values canonical, lines sorted (views have no order). */
  public static List<String> canonical(EmbeddedEngine.QueryResult result) {
    List<String> lines = new ArrayList<>();
    for (List<Object> row : result.rows()) {
      StringBuilder line = new StringBuilder();
      for (Object value : row) {
        if (line.length() > 0) {
          line.append(" | ");
        }
        line.append(canonical(value));
      }
      lines.add(line.toString());
    }
    lines.sort(null);
    return lines;
  }

  /** Rows whose values are already text (Athena's VarCharValue), canonical and sorted. */
  public static List<String> canonicalText(List<List<String>> rows) {
    List<String> lines = new ArrayList<>();
    for (List<String> row : rows) {
      lines.add(String.join(" | ", row.stream().map(v -> v == null ? "NULL" : v).toList()));
    }
    lines.sort(null);
    return lines;
  }

  static String canonical(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (d == 0) {
        return "0";
      }
      return new BigDecimal(d).round(new MathContext(12)).stripTrailingZeros().toPlainString();
    }
    if (value instanceof Number) {
      return Long.toString(((Number) value).longValue());
    }
    if (value instanceof LocalDateTime) {
      return MILLIS.format((LocalDateTime) value);
    }
    return value.toString();
  }
}
