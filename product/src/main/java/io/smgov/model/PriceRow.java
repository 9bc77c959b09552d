package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** The on-demand price of one SageMaker real-time hosting instance type in one region. */
public record PriceRow(
    String instanceType,
    String component,
    String unit,
    Double usdPerUnit,
    LocalDate effectiveDate,
    String sku,
    String usageType) {
  public PriceRow {
    requireNonNull(instanceType, "instanceType is null");
    requireNonNull(component, "component is null");
    requireNonNull(unit, "unit is null");
    requireNonNull(usdPerUnit, "usdPerUnit is null");
  }
}
