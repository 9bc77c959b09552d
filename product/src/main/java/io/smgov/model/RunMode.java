package io.smgov.model;

/**
 * What an account/region's export read afresh: everything, the named groups (and versions), the
 * named versions, or the named endpoints (or every endpoint), the rest carried forward. Stored as
 * its lower-case label.
 */
public enum RunMode implements Labelled {
  FULL,
  GROUPS,
  VERSIONS,
  ENDPOINTS;
}
