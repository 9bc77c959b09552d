package io.smgov.model;

import java.util.Locale;
import java.util.Optional;

/** An enum stored (in export_runs) and accepted (on the command line) as its lower-case name. */
public interface Labelled {
  String name();

  default String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant of {@code type} whose label is {@code label}, if one is. */
  static <E extends Enum<E> & Labelled> Optional<E> of(Class<E> type, String label) {
    for (E value : type.getEnumConstants()) {
      if (value.label().equals(label)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
