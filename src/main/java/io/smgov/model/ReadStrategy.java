package io.smgov.model;

import java.util.Locale;
import java.util.Optional;

/**
 * How the registry is read: Search pages with tags, or List + Describe + ListTags (for roles
 * without sagemaker:Search). Stored as its lower-case label.
 */
public enum ReadStrategy {
  SEARCH, LIST;

  /** The label stored in export_runs and accepted on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The value of a label, if it is one. */
  public static Optional<ReadStrategy> of(String label) {
    for (ReadStrategy value : values()) {
      if (value.label().equals(label)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return label();
  }
}
