package io.smgov.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * JSON documents in the AWS API's own wire shapes, checked against the SDK's service model.
 *
 * <p>Every SDK v2 model class describes its members through {@link SdkPojo#sdkFields()}: the JSON
 * name ({@code locationName}), the marshalling type and, for lists, maps and structures, the
 * element shape. Walking those descriptions validates a document (unknown member, wrong type)
 * without any copy of the service model, normalises timestamps (ISO-8601 or epoch seconds in, epoch
 * seconds out, as the JSON protocols send them) and projects a document onto another shape (a
 * Describe output onto a List summary). The simulator uses it for portfolios and responses; the
 * product for the QuickSight definitions it sends. Pure functions, no I/O.
 */
public final class SdkJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

  /**
   * Nested structure shapes by the member that holds them (a member's constructor makes a builder).
   */
  private static final Map<SdkField<?>, Shape> NESTED = new ConcurrentHashMap<>();

  private SdkJson() {}

  /** The members of one SDK structure, by their JSON name, in model order. */
  public static final class Shape {
    private final String name;
    private final Map<String, SdkField<?>> fields;

    /** The enum type of each string member that has one, by JSON name. */
    private final Map<String, Class<?>> enums;

    private Shape(String name, Class<?> modelClass, List<SdkField<?>> fields) {
      this.name = name;
      Map<String, SdkField<?>> byName = new LinkedHashMap<>();
      for (SdkField<?> field : fields) {
        byName.put(field.locationName(), field);
      }
      this.fields = byName;
      this.enums = enumMembers(modelClass, fields);
    }

    /**
     * The SDK gives an enum member two getters, {@code x()} returning the enum and {@code
     * xAsString()}; the pair names the member and its enum class.
     */
    private static Map<String, Class<?>> enumMembers(
        Class<?> modelClass, List<SdkField<?>> fields) {
      Map<String, Class<?>> byMember = new HashMap<>();
      if (modelClass == null) {
        return byMember;
      }
      for (Method method : modelClass.getMethods()) {
        if (method.getParameterCount() != 0 || !method.getName().endsWith("AsString")) {
          continue;
        }
        String getter =
            method.getName().substring(0, method.getName().length() - "AsString".length());
        try {
          Class<?> type = modelClass.getMethod(getter).getReturnType();
          if (type.isEnum()) {
            byMember.put(getter.toLowerCase(Locale.ROOT), type);
          }
        } catch (NoSuchMethodException e) {
          // not an enum member pair
        }
      }
      Map<String, Class<?>> byJsonName = new HashMap<>();
      for (SdkField<?> field : fields) {
        Class<?> type = byMember.get(field.memberName().toLowerCase(Locale.ROOT));
        if (type != null && field.marshallingType() == MarshallingType.STRING) {
          byJsonName.put(field.locationName(), type);
        }
      }
      return byJsonName;
    }

    public String name() {
      return name;
    }

    public Optional<SdkField<?>> field(String jsonName) {
      return Optional.ofNullable(fields.get(jsonName));
    }

    public Iterable<String> fieldNames() {
      return fields.keySet();
    }
  }

  /** The shape of an SDK model class such as {@code DescribeModelPackageResponse.class}. */
  public static Shape shape(Class<?> modelClass) {
    return SHAPES.computeIfAbsent(
        modelClass,
        c -> {
          try {
            Object builder = c.getMethod("builder").invoke(null);
            return new Shape(c.getSimpleName(), c, ((SdkPojo) builder).sdkFields());
          } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(c.getName() + " is not an SDK model class", e);
          }
        });
  }

  private static Shape nestedShape(SdkField<?> field) {
    return NESTED.computeIfAbsent(
        field,
        f -> {
          Supplier<SdkPojo> constructor = f.constructor();
          SdkPojo builder = constructor.get();
          String name = builder.getClass().getName();
          name = name.substring(name.lastIndexOf('.') + 1).replace("$BuilderImpl", "");
          return new Shape(name, builder.getClass().getEnclosingClass(), builder.sdkFields());
        });
  }

  /**
   * Checks {@code document} against the union of {@code shapes} (a member is looked up in each
   * shape in turn, so a Describe output may carry the {@code Tags} its Search record has), rewrites
   * every timestamp to epoch seconds in place, and appends one message per problem to {@code
   * problems}, each starting with the JSON path.
   */
  public static void validateAndNormalize(
      ObjectNode document, List<Shape> shapes, String path, List<String> problems) {
    validate(document, shapes, new Location(null, path, -1), problems);
  }

  /** A JSON path built only when a problem is reported: validation visits every member. */
  private record Location(Location parent, String member, int index) {
    Location child(String name) {
      return new Location(this, name, -1);
    }

    Location element(int i) {
      return new Location(this, null, i);
    }

    @Override
    public String toString() {
      String prefix = parent == null ? "" : parent.toString();
      if (member != null) {
        return parent == null ? member : prefix + "." + member;
      }
      return prefix + "[" + index + "]";
    }
  }

  private static void validate(
      ObjectNode document, List<Shape> shapes, Location location, List<String> problems) {
    List<Map.Entry<String, JsonNode>> replacements = null;
    Iterator<Map.Entry<String, JsonNode>> members = document.fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> member = members.next();
      SdkField<?> field = null;
      for (int i = 0; i < shapes.size() && field == null; i++) {
        field = shapes.get(i).fields.get(member.getKey());
      }
      if (field == null) {
        problems.add(
            location.child(member.getKey())
                + ": unknown field (not a member of "
                + shapeNames(shapes)
                + ")");
        continue;
      }
      Class<?> enumType = null;
      for (int i = 0; i < shapes.size() && enumType == null; i++) {
        enumType = shapes.get(i).enums.get(member.getKey());
      }
      if (enumType != null && member.getValue().isTextual()) {
        checkEnum(member.getValue().asText(), enumType, location.child(member.getKey()), problems);
      }
      JsonNode normalized =
          checkValue(member.getValue(), field, location, member.getKey(), problems);
      if (normalized != member.getValue()) {
        if (replacements == null) {
          replacements = new ArrayList<>();
        }
        replacements.add(Map.entry(member.getKey(), normalized));
      }
    }
    if (replacements != null) {
      for (Map.Entry<String, JsonNode> replacement : replacements) {
        document.set(replacement.getKey(), replacement.getValue());
      }
    }
  }

  /** An enum member must hold one of the values the SDK's model knows. */
  private static void checkEnum(
      String value, Class<?> enumType, Location location, List<String> problems) {
    Object[] constants = enumType.getEnumConstants();
    List<String> known = new ArrayList<>();
    for (Object constant : constants) {
      String text = constant.toString();
      if (text.equals(value)) {
        return;
      }
      if (!((Enum<?>) constant).name().equals("UNKNOWN_TO_SDK_VERSION")) {
        known.add(text);
      }
    }
    problems.add(location + ": '" + value + "' is not one of " + String.join(", ", known));
  }

  private static String shapeNames(List<Shape> shapes) {
    StringBuilder names = new StringBuilder();
    for (Shape shape : shapes) {
      if (names.length() > 0) {
        names.append(" or ");
      }
      names.append(shape.name());
    }
    return names.toString();
  }

  /**
   * {@code name} is the member name under {@code parent}, or null for a list element / map value.
   */
  private static JsonNode checkValue(
      JsonNode value, SdkField<?> field, Location parent, String name, List<String> problems) {
    if (value == null || value.isNull()) {
      return value;
    }
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.STRING) {
      expect(value.isTextual(), parent, name, "a string", value, problems);
    } else if (type == MarshallingType.INTEGER
        || type == MarshallingType.LONG
        || type == MarshallingType.SHORT
        || type == MarshallingType.BYTE) {
      expect(value.isIntegralNumber(), parent, name, "an integer", value, problems);
    } else if (type == MarshallingType.DOUBLE
        || type == MarshallingType.FLOAT
        || type == MarshallingType.BIG_DECIMAL) {
      expect(value.isNumber(), parent, name, "a number", value, problems);
    } else if (type == MarshallingType.BOOLEAN) {
      expect(value.isBoolean(), parent, name, "true or false", value, problems);
    } else if (type == MarshallingType.INSTANT) {
      if (value.isNumber()) {
        return value; // already epoch seconds
      }
      Optional<Instant> instant = parseTimestamp(value);
      if (instant.isEmpty()) {
        problems.add(
            at(parent, name)
                + ": expected an ISO-8601 timestamp or epoch seconds, found "
                + describe(value));
        return value;
      }
      return epochSecondsNode(instant.get());
    } else if (type == MarshallingType.LIST) {
      if (!value.isArray()) {
        problems.add(at(parent, name) + ": expected an array, found " + describe(value));
        return value;
      }
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      ArrayNode array = (ArrayNode) value;
      Location here = name == null ? parent : parent.child(name);
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = checkValue(array.get(i), member, here.element(i), null, problems);
        if (element != array.get(i)) {
          array.set(i, element);
        }
      }
    } else if (type == MarshallingType.MAP) {
      if (!value.isObject()) {
        problems.add(at(parent, name) + ": expected an object, found " + describe(value));
        return value;
      }
      SdkField<?> valueField = field.getTrait(MapTrait.class).valueFieldInfo();
      ObjectNode map = (ObjectNode) value;
      Location here = name == null ? parent : parent.child(name);
      List<Map.Entry<String, JsonNode>> replacements = new ArrayList<>();
      map.fields()
          .forEachRemaining(
              e -> {
                JsonNode v = checkValue(e.getValue(), valueField, here, e.getKey(), problems);
                if (v != e.getValue()) {
                  replacements.add(Map.entry(e.getKey(), v));
                }
              });
      replacements.forEach(e -> map.set(e.getKey(), e.getValue()));
    } else if (type == MarshallingType.SDK_POJO) {
      if (!value.isObject()) {
        problems.add(at(parent, name) + ": expected an object, found " + describe(value));
        return value;
      }
      validate(
          (ObjectNode) value,
          List.of(nestedShape(field)),
          name == null ? parent : parent.child(name),
          problems);
    }
    // DOCUMENT and SDK_BYTES accept any JSON value.
    return value;
  }

  private static String at(Location parent, String name) {
    return (name == null ? parent : parent.child(name)).toString();
  }

  private static void expect(
      boolean ok,
      Location parent,
      String name,
      String expected,
      JsonNode value,
      List<String> problems) {
    if (!ok) {
      problems.add(at(parent, name) + ": expected " + expected + ", found " + describe(value));
    }
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    String kind = value.getNodeType().name().toLowerCase();
    return kind + " " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
  }

  /** An ISO-8601 string (with offset, or UTC when none) or epoch seconds as a JSON number. */
  public static Optional<Instant> parseTimestamp(JsonNode value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isNumber()) {
      BigDecimal seconds = value.decimalValue();
      long whole = seconds.longValue();
      long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
      return Optional.of(Instant.ofEpochSecond(whole, nanos));
    }
    if (value.isTextual()) {
      return parseTimestamp(value.asText());
    }
    return Optional.empty();
  }

  /** ISO-8601 with or without offset (UTC assumed), or a plain date. */
  public static Optional<Instant> parseTimestamp(String text) {
    String t = text.trim();
    try {
      return Optional.of(OffsetDateTime.parse(t).toInstant());
    } catch (DateTimeParseException notOffset) {
      try {
        return Optional.of(LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException notLocal) {
        try {
          return Optional.of(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notDate) {
          return Optional.empty();
        }
      }
    }
  }

  /** Epoch seconds as the JSON protocols send them: an integer, or a decimal with milliseconds. */
  public static JsonNode epochSecondsNode(Instant instant) {
    long millis = instant.toEpochMilli();
    if (millis % 1000 == 0) {
      return NODES.numberNode(millis / 1000);
    }
    return NODES.numberNode(BigDecimal.valueOf(millis, 3));
  }

  /**
   * An SDK model object as JSON in its wire shape (JSON names; timestamps as epoch seconds): how a
   * request is shown, stored or compared.
   */
  public static ObjectNode toJson(SdkPojo pojo) {
    ObjectNode out = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      JsonNode node = valueToJson(value, field);
      if (node != null) {
        out.set(field.locationName(), node);
      }
    }
    return out;
  }

  private static JsonNode valueToJson(Object value, SdkField<?> field) {
    if (value == null) {
      return null;
    }
    if (value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
      return null; // absent, not empty
    }
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      return toJson((SdkPojo) value);
    }
    if (type == MarshallingType.LIST) {
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      ArrayNode array = NODES.arrayNode();
      for (Object element : (List<?>) value) {
        JsonNode node = valueToJson(element, member);
        array.add(node == null ? NODES.nullNode() : node);
      }
      return array;
    }
    if (type == MarshallingType.MAP) {
      SdkField<?> valueField = field.getTrait(MapTrait.class).valueFieldInfo();
      ObjectNode map = NODES.objectNode();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        JsonNode node = valueToJson(e.getValue(), valueField);
        map.set(String.valueOf(e.getKey()), node == null ? NODES.nullNode() : node);
      }
      return map;
    }
    if (type == MarshallingType.INSTANT) {
      return epochSecondsNode((Instant) value);
    }
    if (value instanceof Boolean) {
      return NODES.booleanNode((Boolean) value);
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return NODES.numberNode(((Number) value).doubleValue());
    }
    if (value instanceof BigDecimal) {
      return NODES.numberNode((BigDecimal) value);
    }
    return NODES.textNode(String.valueOf(value));
  }

  /**
   * Builds an SDK model object from JSON in its wire shape. Every member must exist in the shape
   * and have its type (else IllegalArgumentException listing each problem by path): what makes a
   * hand-written request file fail here rather than at AWS.
   */
  @SuppressWarnings("unchecked")
  public static <T extends SdkPojo> T toPojo(JsonNode json, Class<T> type, String source) {
    List<String> problems = new ArrayList<>();
    ObjectNode copy = json.deepCopy();
    validateAndNormalize(copy, List.of(shape(type)), source, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    try {
      Object builder = type.getMethod("builder").invoke(null);
      fill((SdkPojo) builder, copy);
      return (T) ((SdkBuilder<?, ?>) builder).build();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type.getName() + " is not an SDK model class", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void fill(SdkPojo builder, JsonNode json) {
    for (SdkField<?> field : builder.sdkFields()) {
      JsonNode node = json.get(field.locationName());
      if (node == null || node.isNull()) {
        continue;
      }
      ((SdkField<Object>) field).set(builder, javaValue(node, field));
    }
  }

  private static Object javaValue(JsonNode node, SdkField<?> field) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.STRING) {
      return node.asText();
    }
    if (type == MarshallingType.INTEGER) {
      return node.asInt();
    }
    if (type == MarshallingType.LONG) {
      return node.asLong();
    }
    if (type == MarshallingType.SHORT) {
      return (short) node.asInt();
    }
    if (type == MarshallingType.BYTE) {
      return (byte) node.asInt();
    }
    if (type == MarshallingType.DOUBLE) {
      return node.asDouble();
    }
    if (type == MarshallingType.FLOAT) {
      return (float) node.asDouble();
    }
    if (type == MarshallingType.BIG_DECIMAL) {
      return node.decimalValue();
    }
    if (type == MarshallingType.BOOLEAN) {
      return node.asBoolean();
    }
    if (type == MarshallingType.INSTANT) {
      return parseTimestamp(node).orElseThrow();
    }
    if (type == MarshallingType.SDK_POJO) {
      SdkPojo nested = field.constructor().get();
      fill(nested, node);
      return ((SdkBuilder<?, ?>) nested).build();
    }
    if (type == MarshallingType.LIST) {
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      List<Object> list = new ArrayList<>();
      node.forEach(element -> list.add(javaValue(element, member)));
      return list;
    }
    if (type == MarshallingType.MAP) {
      SdkField<?> valueField = field.getTrait(MapTrait.class).valueFieldInfo();
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), javaValue(e.getValue(), valueField)));
      return map;
    }
    if (type == MarshallingType.DOCUMENT) {
      return Document.fromString(node.toString());
    }
    throw new IllegalArgumentException(
        "unsupported member type " + type + " of " + field.locationName());
  }

  /**
   * A copy of {@code document} that keeps only the members {@code shape} has, recursively: a
   * DescribeModelPackage output projected onto {@code ModelPackageSummary} is the list summary.
   */
  public static ObjectNode project(JsonNode document, Class<?> shape) {
    return project(document, shape(shape));
  }

  private static ObjectNode project(JsonNode document, Shape shape) {
    ObjectNode out = NODES.objectNode();
    for (String name : shape.fieldNames()) {
      JsonNode value = document.get(name);
      if (value == null || value.isNull()) {
        continue;
      }
      out.set(name, projectValue(value, shape.field(name).orElseThrow()));
    }
    return out;
  }

  private static JsonNode projectValue(JsonNode value, SdkField<?> field) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO && value.isObject()) {
      return project(value, nestedShape(field));
    }
    if (type == MarshallingType.LIST && value.isArray()) {
      SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
      ArrayNode out = NODES.arrayNode();
      value.forEach(element -> out.add(projectValue(element, member)));
      return out;
    }
    if (type == MarshallingType.MAP && value.isObject()) {
      SdkField<?> valueField = field.getTrait(MapTrait.class).valueFieldInfo();
      ObjectNode out = NODES.objectNode();
      value
          .fields()
          .forEachRemaining(e -> out.set(e.getKey(), projectValue(e.getValue(), valueField)));
      return out;
    }
    return value.deepCopy();
  }
}
