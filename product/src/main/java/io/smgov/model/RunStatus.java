package io.smgov.model;

/**
 * How an account/region's export ended: succeeded, partial (written, some enrichment missing) or
 * failed (nothing current written). Stored as its lower-case label.
 */
public enum RunStatus implements Labelled {
  SUCCEEDED,
  PARTIAL,
  FAILED;
}
