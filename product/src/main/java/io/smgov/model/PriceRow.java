package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * One SageMaker on-demand hosting price in one region: an instance type per hour, or serverless
 * inference at one memory size per second of compute.
 */
public record PriceRow(
    String instanceType,
    Integer memoryMb,
    String component,
    String unit,
    Double usdPerUnit,
    LocalDate effectiveDate,
    String sku,
    String usageType) {
  public PriceRow {
    if ((instanceType == null) == (memoryMb == null)) {
      throw new IllegalArgumentException("a price is of an instance type or of a memory size");
    }
    requireNonNull(component, "component is null");
    requireNonNull(unit, "unit is null");
    requireNonNull(usdPerUnit, "usdPerUnit is null");
  }
}
