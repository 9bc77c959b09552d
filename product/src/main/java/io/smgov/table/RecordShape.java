package io.smgov.table;

import io.smgov.model.Labelled;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a table's stored values become its row record again, derived from the declaration: each
 * column fills the record component of its camel-case name ({@code model_package_arn} → {@code
 * modelPackageArn}); a {@code Map} component {@code rows} gathers the columns {@code rows_<key>}; a
 * {@link Labelled} enum component reads its label. {@link #of} refuses a record and a declaration
 * that do not match, so a renamed column or field fails at start-up, not in a carried row.
 */
final class RecordShape<R> {
  /** Where one column's value goes: a component, or one key of a map component. */
  private record Slot(int component, String key) {}

  private final String table;
  private final Constructor<R> constructor;
  private final RecordComponent[] components;
  private final Slot[] slots;
  private final List<Column<R>> columns;

  private RecordShape(
      String table,
      Constructor<R> constructor,
      RecordComponent[] components,
      Slot[] slots,
      List<Column<R>> columns) {
    this.table = table;
    this.constructor = constructor;
    this.components = components;
    this.slots = slots;
    this.columns = columns;
  }

  static <R> RecordShape<R> of(String table, Class<R> rowType, List<Column<R>> columns) {
    if (!rowType.isRecord()) {
      throw new IllegalArgumentException(
          "table " + table + ": the row type " + rowType.getSimpleName() + " is not a record");
    }
    RecordComponent[] components = rowType.getRecordComponents();
    Map<String, Integer> byName = new HashMap<>();
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      byName.put(components[i].getName(), i);
      types[i] = components[i].getType();
    }
    Slot[] slots = new Slot[columns.size()];
    boolean[] filled = new boolean[components.length];
    for (int c = 0; c < columns.size(); c++) {
      Column<R> column = columns.get(c);
      Slot slot = slotOf(column.name(), byName, components);
      if (slot == null) {
        throw new IllegalArgumentException(
            "table "
                + table
                + ": column "
                + column.name()
                + " has no component "
                + camel(column.name())
                + " in "
                + rowType.getSimpleName());
      }
      Class<?> type = components[slot.component()].getType();
      boolean fits =
          slot.key() != null
              || box(type) == column.type().javaType()
              || (type.isEnum()
                  && Labelled.class.isAssignableFrom(type)
                  && column.type() == ColumnType.STRING);
      if (!fits) {
        throw new IllegalArgumentException(
            "table "
                + table
                + ": column "
                + column.name()
                + " is "
                + column.type()
                + " but "
                + rowType.getSimpleName()
                + "."
                + components[slot.component()].getName()
                + " is "
                + type.getSimpleName());
      }
      slots[c] = slot;
      filled[slot.component()] = true;
    }
    for (int i = 0; i < components.length; i++) {
      if (!filled[i]) {
        throw new IllegalArgumentException(
            "table "
                + table
                + ": "
                + rowType.getSimpleName()
                + "."
                + components[i].getName()
                + " has no column");
      }
    }
    try {
      Constructor<R> constructor = rowType.getDeclaredConstructor(types);
      constructor.setAccessible(true); // a test's or a nested record need not be public
      return new RecordShape<>(table, constructor, components, slots, columns);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "table " + table + ": no canonical constructor on " + rowType.getSimpleName(), e);
    }
  }

  private static Slot slotOf(
      String column, Map<String, Integer> byName, RecordComponent[] components) {
    Integer direct = byName.get(camel(column));
    if (direct != null) {
      return new Slot(direct, null);
    }
    for (int i = 0; i < components.length; i++) {
      String prefix = snake(components[i].getName()) + "_";
      if (Map.class.isAssignableFrom(components[i].getType()) && column.startsWith(prefix)) {
        return new Slot(i, column.substring(prefix.length()));
      }
    }
    return null;
  }

  /** The record for these data-column values (in declaration order). */
  R construct(Object[] values) {
    Object[] arguments = new Object[components.length];
    for (int c = 0; c < slots.length; c++) {
      Slot slot = slots[c];
      Object value = values[c];
      if (slot.key() != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map =
            (Map<String, Object>)
                (arguments[slot.component()] == null
                    ? arguments[slot.component()] = new LinkedHashMap<String, Object>()
                    : arguments[slot.component()]);
        if (value != null) {
          map.put(slot.key(), value);
        }
        continue;
      }
      Class<?> type = components[slot.component()].getType();
      if (value == null && type.isPrimitive()) {
        throw new IllegalStateException(
            "Cannot read "
                + table
                + "."
                + columns.get(c).name()
                + ": it is null, and the row needs a value");
      }
      arguments[slot.component()] =
          value != null && type.isEnum() ? label(type, (String) value, columns.get(c)) : value;
    }
    try {
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(
          "Cannot read a row of " + table + ": " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read a row of " + table + ": " + e, e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object label(Class<?> type, String label, Column<R> column) {
    Optional<?> value = Labelled.of((Class) type, label);
    return value.orElseThrow(
        () ->
            new IllegalStateException(
                "Cannot read "
                    + table
                    + "."
                    + column.name()
                    + ": '"
                    + label
                    + "' is not one of "
                    + labels(type)));
  }

  private static List<String> labels(Class<?> type) {
    List<String> labels = new ArrayList<>();
    for (Object constant : type.getEnumConstants()) {
      labels.add(((Labelled) constant).label());
    }
    return labels;
  }

  private static Class<?> box(Class<?> type) {
    if (type == boolean.class) {
      return Boolean.class;
    }
    if (type == int.class) {
      return Integer.class;
    }
    if (type == long.class) {
      return Long.class;
    }
    if (type == double.class) {
      return Double.class;
    }
    return type;
  }

  static String camel(String column) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private static String snake(String component) {
    return component.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }
}
