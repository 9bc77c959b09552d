package io.smgov.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.smgov.model.PriceRow;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PricesTest {
  /** A serverless item with the free tier first: 0 to 150,000 seconds at $0, then the rate. */
  private static final String TIERED =
      """
      {"product": {"productFamily": "ML Serverless", "sku": "ABC",
        "attributes": {"regionCode": "us-east-1", "usagetype": "USE1-ServerlessInf:Mem-2GB"}},
       "terms": {"OnDemand": {"ABC.T": {"effectiveDate": "2026-10-01T00:00:00Z", "priceDimensions": {
         "ABC.T.1": {"unit": "Second", "beginRange": "0", "endRange": "150000",
                     "pricePerUnit": {"USD": "0.0000000000"}},
         "ABC.T.2": {"unit": "Second", "beginRange": "150000", "endRange": "Inf",
                     "pricePerUnit": {"USD": "0.0000400000"}}}}}}}
      """;

  @Test
  void aTieredPriceIsItsOpenEndedRateNotTheFreeTier() {
    PriceRow row = Prices.parse(TIERED).orElseThrow();
    assertThat(row.memoryMb()).isEqualTo(2048);
    assertThat(row.instanceType()).isNull();
    assertThat(row.unit()).isEqualTo("Second");
    assertThat(row.usdPerUnit()).isEqualTo(0.00004);
    assertThat(row.effectiveDate()).isEqualTo(LocalDate.parse("2026-10-01"));
  }

  @Test
  void aFreeOnlyPriceIsNoPriceNotZero() {
    String free = TIERED.replace("0.0000400000", "0.0000000000");
    assertThat(Prices.parse(free)).isEmpty();
  }

  @Test
  void anInstanceIsPricedPerHourAndAnythingElseIsSkipped() {
    String instance =
        """
        {"product": {"productFamily": "ML Instance", "sku": "XYZ",
          "attributes": {"instanceName": "ml.m5.large", "component": "Hosting",
                         "usagetype": "EU-Host:ml.m5.large"}},
         "terms": {"OnDemand": {"XYZ.T": {"effectiveDate": "2026-10-01T00:00:00Z",
           "priceDimensions": {"XYZ.T.1": {"unit": "Hrs", "endRange": "Inf",
                                           "pricePerUnit": {"USD": "0.1280000000"}}}}}}}
        """;
    PriceRow row = Prices.parse(instance).orElseThrow();
    assertThat(row.instanceType()).isEqualTo("ml.m5.large");
    assertThat(row.usdPerUnit()).isEqualTo(0.128);
    assertThat(row.component()).isEqualTo("Hosting");
    String data = instance.replace("\"instanceName\": \"ml.m5.large\", ", "");
    assertThat(Prices.parse(data)).as("no instance, no serverless memory").isEmpty();
  }
}
