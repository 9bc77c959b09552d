package io.smgov.model;

import java.util.Locale;
import java.util.Optional;

/**
 * How an account/region's export ended: succeeded, partial (written, some enrichment missing) or
 * failed (nothing current written). Stored as its lower-case label.
 */
public enum RunStatus {
  SUCCEEDED, PARTIAL, FAILED;

  /** The label stored in export_runs and accepted on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The value of a label, if it is one. */
  public static Optional<RunStatus> of(String label) {
    for (RunStatus value : values()) {
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
