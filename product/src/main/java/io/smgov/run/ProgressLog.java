package io.smgov.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.config.ExportConfig;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress of a run, one line per step: readable text, or JSON lines for CloudWatch ({@code
 * --log-format json}), each with the account and region it is about.
 */
public final class ProgressLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final ExportConfig.LogFormat format;

  public ProgressLog(PrintStream out, ExportConfig.LogFormat format) {
    this.out = out;
    this.format = format;
  }

  /** Ordered fields for an event. */
  public static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return fields;
  }

  public void info(
      String event, String account, String region, String message, Map<String, Object> fields) {
    log("INFO", event, account, region, message, fields);
  }

  public void warn(
      String event, String account, String region, String message, Map<String, Object> fields) {
    log("WARN", event, account, region, message, fields);
  }

  private synchronized void log(
      String level,
      String event,
      String account,
      String region,
      String message,
      Map<String, Object> fields) {
    Instant now = Instant.now();
    if (format == ExportConfig.LogFormat.JSON) {
      ObjectNode line = JSON.createObjectNode();
      line.put("time", now.truncatedTo(ChronoUnit.MILLIS).toString());
      line.put("level", level);
      line.put("event", event);
      if (account != null) {
        line.put("account", account);
      }
      if (region != null) {
        line.put("region", region);
      }
      fields.forEach((k, v) -> line.set(k, JSON.valueToTree(v)));
      line.put("message", message);
      out.println(line);
    } else {
      StringBuilder text = new StringBuilder(CLOCK.format(now)).append(' ');
      if (level.equals("WARN")) {
        text.append("WARN ");
      }
      if (account != null) {
        text.append(account).append(' ');
      }
      if (region != null) {
        text.append(String.format("%-14s ", region));
      }
      out.println(text.append(message));
    }
    out.flush();
  }
}
