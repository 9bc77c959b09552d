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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * SageMaker hosting prices from the AWS Price List Query API ({@code GetProducts}, service code
 * {@code AmazonSageMaker}, format {@code aws_v1}): one paged call per kind, each item a JSON string
 * whose single on-demand term holds the price. Real-time instances: {@code regionCode} and {@code
 * component = Hosting}, per hour ({@code Hrs}) of an {@code instanceName}. Serverless inference:
 * {@code regionCode} and {@code productFamily = ML Serverless}, per second of compute at the memory
 * size its usage type names ({@code ServerlessInf:Mem-<N>GB}).
 */
public final class Prices {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SERVERLESS_MEMORY = Pattern.compile("ServerlessInf:Mem-(\\d+)GB$");

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

  /**
   * Every real-time hosting instance type's hourly price and every serverless memory size's price
   * per second in {@code region}.
   */
  public static List<PriceRow> hosting(PricingClient pricing, String region) {
    List<PriceRow> prices = new ArrayList<>();
    read(pricing, prices, filter("regionCode", region), filter("component", "Hosting"));
    read(pricing, prices, filter("regionCode", region), filter("productFamily", "ML Serverless"));
    return prices;
  }

  private static void read(PricingClient pricing, List<PriceRow> prices, Filter... filters) {
    for (GetProductsResponse page :
        pricing.getProductsPaginator(
            r ->
                r.serviceCode("AmazonSageMaker")
                    .formatVersion("aws_v1")
                    .maxResults(100)
                    .filters(filters))) {
      for (String item : page.priceList()) {
        parse(item).ifPresent(prices::add);
      }
    }
  }

  private static Filter filter(String field, String value) {
    return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
  }

  /**
   * One price list item: an instance's hourly or a serverless memory size's per-second on-demand
   * price, if it is either.
   */
  static Optional<PriceRow> parse(String item) {
    JsonNode root;
    try {
      root = JSON.readTree(item);
    } catch (IOException e) {
      throw new UncheckedIOException("a Price List item is not JSON: " + e.getMessage(), e);
    }
    JsonNode attributes = root.path("product").path("attributes");
    String instance = attributes.path("instanceName").asText("");
    String usageType = attributes.path("usagetype").asText("");
    Matcher serverless = SERVERLESS_MEMORY.matcher(usageType);
    String unit;
    if (instance.startsWith("ml.")) {
      unit = "Hrs";
    } else if (serverless.find()) {
      unit = "Second";
    } else {
      return Optional.empty();
    }
    // A tiered price (serverless inference has a free tier: 0 to 150,000 seconds at $0, then the
    // rate) holds one dimension per tier: the rate is the open-ended one (endRange Inf), never the
    // free tier's. A price of 0 is no price: free is not what a month costs.
    JsonNode rate = null;
    String effective = "";
    Iterator<JsonNode> terms = root.path("terms").path("OnDemand").elements();
    while (terms.hasNext()) {
      JsonNode term = terms.next();
      Iterator<JsonNode> dimensions = term.path("priceDimensions").elements();
      while (dimensions.hasNext()) {
        JsonNode dimension = dimensions.next();
        if (!unit.equals(dimension.path("unit").asText())
            || dimension.path("pricePerUnit").path("USD").asText("").isEmpty()) {
          continue;
        }
        boolean openEnded = "Inf".equals(dimension.path("endRange").asText("Inf"));
        if (rate == null || openEnded) {
          rate = dimension;
          effective = term.path("effectiveDate").asText("");
        }
      }
    }
    if (rate == null) {
      return Optional.empty();
    }
    double usd = Double.parseDouble(rate.path("pricePerUnit").path("USD").asText());
    if (!(usd > 0)) {
      return Optional.empty();
    }
    boolean isInstance = unit.equals("Hrs");
    return Optional.of(
        new PriceRow(
            isInstance ? instance : null,
            isInstance ? null : Integer.parseInt(serverless.group(1)) * 1024,
            isInstance ? attributes.path("component").asText("Hosting") : "Serverless",
            unit,
            usd,
            effective.length() >= 10 ? LocalDate.parse(effective.substring(0, 10)) : null,
            root.path("product").path("sku").asText(null),
            usageType.isEmpty() ? null : usageType));
  }
}
