package io.smgov.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.views.EmbeddedEngine;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Query results as an aligned text table, JSON lines or CSV (RFC 4180). */
final class ResultWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

  /** Wider values are cut in the table format (jsonl and csv keep them whole). */
  private static final int MAX_WIDTH = 70;

  enum Format {
    TABLE,
    JSONL,
    CSV;

    static Format parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--format must be table, jsonl or csv, got '" + text + "'");
      }
    }
  }

  private ResultWriter() {}

  static void write(EmbeddedEngine.QueryResult result, Format format, PrintWriter out) {
    switch (format) {
      case TABLE:
        table(result, out);
        break;
      case JSONL:
        for (List<Object> row : result.rows()) {
          ObjectNode line = JSON.createObjectNode();
          for (int i = 0; i < row.size(); i++) {
            Object value = row.get(i);
            line.set(
                result.columns().get(i),
                value instanceof LocalDateTime || value instanceof LocalDate
                    ? JSON.getNodeFactory().textNode(text(value))
                    : JSON.valueToTree(value));
          }
          out.println(line);
        }
        break;
      case CSV:
        out.println(String.join(",", result.columns().stream().map(ResultWriter::csv).toList()));
        for (List<Object> row : result.rows()) {
          List<String> cells = new ArrayList<>();
          row.forEach(v -> cells.add(v == null ? "" : csv(text(v))));
          out.println(String.join(",", cells));
        }
        break;
    }
    out.flush();
  }

  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof LocalDateTime) {
      return TIME.format((LocalDateTime) value);
    }
    return value.toString();
  }

  private static String csv(String value) {
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  private static void table(EmbeddedEngine.QueryResult result, PrintWriter out) {
    List<String> columns = result.columns();
    int[] widths = new int[columns.size()];
    List<List<String>> cells = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = columns.get(i).length();
    }
    for (List<Object> row : result.rows()) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        String cell = printable(text(row.get(i)).replace('\n', ' '));
        if (cell.length() > MAX_WIDTH) {
          cell = cell.substring(0, MAX_WIDTH - 1) + "…";
        }
        widths[i] = Math.max(widths[i], cell.length());
        line.add(cell);
      }
      cells.add(line);
    }
    out.println(line(columns, widths));
    StringBuilder rule = new StringBuilder();
    for (int width : widths) {
      if (rule.length() > 0) {
        rule.append("  ");
      }
      rule.append("-".repeat(width));
    }
    out.println(rule);
    for (List<String> row : cells) {
      out.println(line(row, widths));
    }
    out.println("(" + result.rows().size() + (result.rows().size() == 1 ? " row)" : " rows)"));
  }

  /**
   * What a terminal shows as written: control characters from AWS data (an ANSI escape in a tag
   * value, a carriage return in an approval note) are shown as {@code \xNN}, never interpreted.
   */
  static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
      if (control && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (control) {
          out.append(String.format("\\x%02x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        text.append("  ");
      }
      text.append(
          i == cells.size() - 1
              ? cells.get(i)
              : String.format("%-" + widths[i] + "s", cells.get(i)));
    }
    return text.toString().stripTrailing();
  }
}
