package io.smgov.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An options file (--config, --policy): a YAML mapping read with the line of each key, so every
 * problem names the file, the line and the key, and typed reads that refuse what the option cannot
 * mean instead of coercing it ({@code full-refresh: "yes"} is not true, {@code 4294967297} is not
 * 1, {@code thirty} is not 0). A key given twice is refused rather than silently overridden.
 */
public final class YamlFile {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

  /** One top-level key: its value and the line it is on (1-based). */
  public record Entry(String key, JsonNode value, int line) {}

  private final String option;
  private final String name;
  private final Map<String, Entry> entries;

  private YamlFile(String option, String name, Map<String, Entry> entries) {
    this.option = option;
    this.name = name;
    this.entries = entries;
  }

  /**
   * Reads {@code file}, given as {@code option} (e.g. "--config"). An empty file is an empty
   * mapping; anything else that is not a mapping is a {@link ConfigException}.
   */
  public static YamlFile read(String option, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(option, file.toString(), in);
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(option + " " + file + ": no such file"));
    } catch (IOException e) {
      throw new ConfigException(List.of(option + " " + file + ": cannot read it: " + reason(e)));
    }
  }

  /** Reads a mapping from {@code in}; {@code name} is how messages name it. */
  public static YamlFile parse(String option, String name, InputStream in) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    try (JsonParser parser = YAML.createParser(in)) {
      parser.setCodec(MAPPER);
      JsonToken token = parser.nextToken();
      if (token == null || token == JsonToken.VALUE_NULL) {
        return new YamlFile(option, name, entries);
      }
      if (token != JsonToken.START_OBJECT) {
        throw new ConfigException(
            List.of(
                option
                    + " "
                    + name
                    + ":"
                    + parser.currentTokenLocation().getLineNr()
                    + ": expected a mapping of keys to values, e.g. 'key: value'"));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        int line = parser.currentTokenLocation().getLineNr();
        parser.nextToken();
        JsonNode value = parser.readValueAsTree();
        Entry earlier = entries.get(key);
        if (earlier != null) {
          problems.add(
              option
                  + " "
                  + name
                  + ":"
                  + line
                  + ": "
                  + key
                  + " is given twice (first on line "
                  + earlier.line()
                  + ")");
          continue;
        }
        entries.put(key, new Entry(key, value == null ? MAPPER.nullNode() : value, line));
      }
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          List.of(
              option
                  + " "
                  + name
                  + (e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr())
                  + ": not valid YAML: "
                  + e.getOriginalMessage().split("\n")[0]));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new YamlFile(option, name, entries);
  }

  private static String reason(IOException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.split("\n")[0];
  }

  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /** "--config FILE:LINE: key" for messages about {@code entry}. */
  public String where(Entry entry) {
    return option + " " + name + ":" + entry.line() + ": " + entry.key();
  }

  /** The value as shown in a message: text quoted, anything else as YAML would write it. */
  public static String shown(JsonNode value) {
    return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
  }

  /** A whole number from {@code min} to {@code max}, or a problem naming the range. */
  public Optional<Long> whole(Entry entry, long min, long max, String unit, List<String> problems) {
    JsonNode v = entry.value();
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      problems.add(
          where(entry)
              + " must be a whole number of "
              + unit
              + " from "
              + min
              + " to "
              + max
              + ", got "
              + shown(v));
      return Optional.empty();
    }
    return Optional.of(v.asLong());
  }

  /** A number above {@code min} (exclusive) and at most {@code max}. */
  public Optional<Double> number(
      Entry entry, double above, double max, String unit, List<String> problems) {
    JsonNode v = entry.value();
    if (!v.isNumber() || !(v.asDouble() > above) || v.asDouble() > max) {
      problems.add(
          where(entry)
              + " must be a number of "
              + unit
              + " above "
              + plain(above)
              + " and at most "
              + plain(max)
              + ", got "
              + shown(v));
      return Optional.empty();
    }
    return Optional.of(v.asDouble());
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /** true or false, written as YAML booleans (not "yes", "1" or a quoted "true"). */
  public Optional<Boolean> bool(Entry entry, List<String> problems) {
    JsonNode v = entry.value();
    if (!v.isBoolean()) {
      problems.add(where(entry) + " must be true or false, got " + shown(v));
      return Optional.empty();
    }
    return Optional.of(v.asBoolean());
  }

  /**
   * A scalar as text (numbers too: an account id may be written unquoted), or a list of scalars
   * joined with commas. Null, an empty text and a mapping are problems.
   */
  public Optional<String> text(Entry entry, List<String> problems) {
    JsonNode v = entry.value();
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : v) {
        if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
          problems.add(where(entry) + " must list values, got " + shown(item) + " in the list");
          return Optional.empty();
        }
        items.add(item.asText().strip());
      }
      if (items.isEmpty()) {
        problems.add(where(entry) + " is an empty list");
        return Optional.empty();
      }
      return Optional.of(String.join(",", items));
    }
    if (!v.isValueNode() || v.isNull() || v.asText().isBlank()) {
      problems.add(where(entry) + " needs a value, got " + (v.isNull() ? "nothing" : shown(v)));
      return Optional.empty();
    }
    return Optional.of(v.asText().strip());
  }
}
