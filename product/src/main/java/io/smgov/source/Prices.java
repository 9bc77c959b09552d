package io.smgov.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smgov.model.PriceRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * SageMaker real-time hosting prices from the AWS Price List Query API ({@code GetProducts},
 * service code {@code AmazonSageMaker}): one call pages through a region's hosting instance types
 * ({@code regionCode}, {@code component = Hosting}), each item a JSON string whose single on-demand
 * term holds the price per hour ({@code Hrs}) of its {@code instanceName}.
 */
public final class Prices {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Prices() {}

  /**
   * The Price List API answers in us-east-1, eu-central-1 and ap-south-1 only (each serves every
   * region's prices): the nearest to {@code region}.
   */
  public static Region endpointRegion(String region) {
    if (region.startsWith("eu-") || region.startsWith("me-") || region.startsWith("af-")) {
      return Region.EU_CENTRAL_1;
    }
    if (region.startsWith("ap-")) {
      return Region.AP_SOUTH_1;
    }
    return Region.US_EAST_1;
  }

  /** Every hosting instance type's on-demand hourly price in {@code region}. */
  public static List<PriceRow> hosting(PricingClient pricing, String region) {
    List<PriceRow> prices = new ArrayList<>();
    for (GetProductsResponse page :
        pricing.getProductsPaginator(
            r ->
                r.serviceCode("AmazonSageMaker")
                    .formatVersion("aws_v1")
                    .maxResults(100)
                    .filters(filter("regionCode", region), filter("component", "Hosting")))) {
      for (String item : page.priceList()) {
        parse(item).ifPresent(prices::add);
      }
    }
    return prices;
  }

  private static Filter filter(String field, String value) {
    return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
  }

  /** One price list item: its instance and the hourly on-demand price, if it has one. */
  static Optional<PriceRow> parse(String item) {
    JsonNode root;
    try {
      root = JSON.readTree(item);
    } catch (IOException e) {
      throw new UncheckedIOException("a Price List item is not JSON: " + e.getMessage(), e);
    }
    JsonNode attributes = root.path("product").path("attributes");
    String instance = attributes.path("instanceName").asText("");
    if (!instance.startsWith("ml.")) {
      return Optional.empty();
    }
    Iterator<JsonNode> terms = root.path("terms").path("OnDemand").elements();
    while (terms.hasNext()) {
      JsonNode term = terms.next();
      Iterator<JsonNode> dimensions = term.path("priceDimensions").elements();
      while (dimensions.hasNext()) {
        JsonNode dimension = dimensions.next();
        String usd = dimension.path("pricePerUnit").path("USD").asText("");
        if ("Hrs".equals(dimension.path("unit").asText()) && !usd.isEmpty()) {
          String effective = term.path("effectiveDate").asText("");
          return Optional.of(
              new PriceRow(
                  instance,
                  attributes.path("component").asText("Hosting"),
                  "Hrs",
                  Double.valueOf(usd),
                  effective.length() >= 10 ? LocalDate.parse(effective.substring(0, 10)) : null,
                  root.path("product").path("sku").asText(null),
                  attributes.path("usagetype").asText(null)));
        }
      }
    }
    return Optional.empty();
  }
}
