package io.smgov.model;

import static java.util.Objects.requireNonNull;

/** One tag (or customer metadata entry) of a group, version, endpoint or model. */
public record ResourceTagRow(
    String resourceType,
    String resourceArn,
    String key,
    String value,
    Boolean valueIsBlank,
    String origin) {
  public ResourceTagRow {
    requireNonNull(resourceType, "resourceType is null");
    requireNonNull(resourceArn, "resourceArn is null");
    requireNonNull(key, "key is null");
    requireNonNull(origin, "origin is null");
  }
}
