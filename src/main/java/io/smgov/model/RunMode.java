package io.smgov.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What an account/region's export read afresh: everything, the named groups, or the endpoints (the
 * rest carried forward). Stored as its lower-case label.
 */
public enum RunMode {
  FULL, GROUPS, ENDPOINTS;

  /** The label stored in export_runs and accepted on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The value of a label, if it is one. */
  public static Optional<RunMode> of(String label) {
    for (RunMode value : values()) {
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
