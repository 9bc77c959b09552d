package io.smgov.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.AwsClients;
import io.smgov.aws.CallCounter;
import io.smgov.testing.TestAws;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.AccessDeniedException;
import software.amazon.awssdk.services.pricing.model.ExpiredNextTokenException;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;
import software.amazon.awssdk.services.pricing.model.InvalidNextTokenException;
import software.amazon.awssdk.services.pricing.model.InvalidParameterException;
import software.amazon.awssdk.services.pricing.model.NotFoundException;
import software.amazon.awssdk.services.pricing.model.PricingException;

/**
 * The Price List Query API's GetProducts as the real SDK PricingClient sees it: the item shape of
 * SageMaker hosting, training, serverless and data prices, filters, paging, a removed price, and
 * the documented errors. The simulated price list holds, per region (us-east-1 and eu-west-1), five
 * instance types each for Hosting and Training (10), six serverless memory sizes and data in and
 * out: 18 items, 36 in all. Every expected value is worked out by hand from that snapshot.
 */
class PricingServiceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "111122223333";
  private static final String SAGEMAKER = "AmazonSageMaker";

  private Simulator simulator;
  private AwsClients clients;
  private PricingClient pricing;

  @BeforeEach
  void start() {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("accounts").putObject(ACCOUNT).putObject("eu-west-1");
    root.putObject("roles")
        .putObject(ACCOUNT)
        .putObject("smgov-outsider")
        .putArray("DeniedActions")
        .add("pricing:GetProducts");
    simulator =
        Simulator.start(PortfolioLoader.fromJson(root, "test"), Simulator.Options.defaults());
    clients = TestAws.clients(simulator.endpoint());
    pricing = clients.pricing(Region.US_EAST_1, TestAws.CALLER, new CallCounter());
  }

  @AfterEach
  void stop() {
    clients.close();
    simulator.close();
  }

  // ---------------------------------------------------------------- the item shape

  @Test
  void aHostingPriceIsOneItemInThePriceListShape() throws Exception {
    GetProductsResponse response =
        pricing.getProducts(
            r ->
                r.serviceCode(SAGEMAKER)
                    .formatVersion("aws_v1")
                    .filters(
                        term("regionCode", "eu-west-1"),
                        term("component", "Hosting"),
                        term("instanceName", "ml.m5.xlarge")));

    assertEquals("aws_v1", response.formatVersion());
    assertNull(response.nextToken());
    assertEquals(1, response.priceList().size());
    JsonNode item = JSON.readTree(response.priceList().get(0));

    JsonNode product = item.get("product");
    assertEquals("ML Instance", product.get("productFamily").asText());
    String sku = product.get("sku").asText();
    assertTrue(sku.matches("[A-Z0-9]{16}"), sku);
    JsonNode attributes = product.get("attributes");
    assertEquals("AmazonSageMaker", attributes.get("servicecode").asText());
    assertEquals("EU (Ireland)", attributes.get("location").asText());
    assertEquals("AWS Region", attributes.get("locationType").asText());
    assertEquals("eu-west-1", attributes.get("regionCode").asText());
    assertEquals("EU-Host:ml.m5.xlarge", attributes.get("usagetype").asText());
    assertEquals("RunInstance", attributes.get("operation").asText());
    assertEquals("Hosting", attributes.get("component").asText());
    assertEquals("ml.m5.xlarge", attributes.get("instanceName").asText());
    assertEquals("ml.m5.xlarge-Hosting", attributes.get("instanceType").asText());
    assertEquals("4", attributes.get("vCpu").asText());
    assertEquals("16 GiB", attributes.get("memory").asText());
    assertEquals("AmazonSageMaker", item.get("serviceCode").asText());

    // terms.OnDemand.<sku>.<offer term code>.priceDimensions.<rate code>
    JsonNode onDemand = item.get("terms").get("OnDemand");
    assertEquals(1, onDemand.size());
    JsonNode term = onDemand.get(sku + ".JRTCKXETXF");
    assertEquals(sku, term.get("sku").asText());
    assertEquals("JRTCKXETXF", term.get("offerTermCode").asText());
    assertEquals("2025-06-01T00:00:00Z", term.get("effectiveDate").asText());
    assertEquals(1, term.get("priceDimensions").size());
    JsonNode dimension = term.get("priceDimensions").get(sku + ".JRTCKXETXF.6YS6EN2CT7");
    assertEquals(sku + ".JRTCKXETXF.6YS6EN2CT7", dimension.get("rateCode").asText());
    assertEquals("Hrs", dimension.get("unit").asText());
    assertEquals("0", dimension.get("beginRange").asText());
    assertEquals("Inf", dimension.get("endRange").asText());
    assertEquals("0.2570000000", dimension.get("pricePerUnit").get("USD").asText());
    assertEquals(
        "$0.257 per Hosting ml.m5.xlarge hour in EU (Ireland)",
        dimension.get("description").asText());
    assertEquals("20250602000000", item.get("version").asText());
    assertEquals("2025-06-02T00:00:00Z", item.get("publicationDate").asText());

    List<RequestLog.Entry> logged =
        simulator.requestLog().entries(e -> e.service().equals("pricing"));
    assertEquals(1, logged.size());
    assertEquals("GetProducts", logged.get(0).operation());
    assertEquals("us-east-1", logged.get(0).region());
    assertEquals(1, logged.get(0).items());
  }

  @Test
  void serverlessIsPricedPerSecondForEachMemorySize() throws Exception {
    List<JsonNode> all =
        items(
            pricing.getProducts(
                r ->
                    r.serviceCode(SAGEMAKER)
                        .filters(
                            term("regionCode", "us-east-1"),
                            term("productFamily", "ML Serverless"))));
    assertEquals(6, all.size());

    List<JsonNode> twoGb =
        items(
            pricing.getProducts(
                r ->
                    r.serviceCode(SAGEMAKER)
                        .filters(term("usagetype", "USE1-ServerlessInf:Mem-2GB"))));
    assertEquals(1, twoGb.size());
    JsonNode dimension = dimension(twoGb.get(0));
    assertEquals("Second", dimension.get("unit").asText());
    assertEquals("0.0000400000", dimension.get("pricePerUnit").get("USD").asText()); // 2 × 0.00002

    List<JsonNode> threeGbIreland =
        items(
            pricing.getProducts(
                r ->
                    r.serviceCode(SAGEMAKER)
                        .filters(term("usagetype", "EU-ServerlessInf:Mem-3GB"))));
    assertEquals(
        "0.0000672000", // 3 × 0.0000224
        dimension(threeGbIreland.get(0)).get("pricePerUnit").get("USD").asText());
  }

  @Test
  void dataProcessedIsPricedPerGbInAndOut() throws Exception {
    List<JsonNode> data =
        items(
            pricing.getProducts(
                r ->
                    r.serviceCode(SAGEMAKER)
                        .filters(
                            term("regionCode", "eu-west-1"),
                            filter(FilterType.ANY_OF, "group", "Hosting:IN, Hosting:OUT"))));
    assertEquals(2, data.size());
    assertEquals("EU-Hst:Data-Bytes-In", attribute(data.get(0), "usagetype"));
    assertEquals("EU-Hst:Data-Bytes-Out", attribute(data.get(1), "usagetype"));
    for (JsonNode item : data) {
      assertEquals("Invoke-Endpoint", attribute(item, "operation"));
      assertEquals("GB", dimension(item).get("unit").asText());
      assertEquals("0.0160000000", dimension(item).get("pricePerUnit").get("USD").asText());
    }
    assertEquals(
        "$0.016 per GB for Endpoint Data IN", dimension(data.get(0)).get("description").asText());
  }

  // ---------------------------------------------------------------- filters

  @Test
  void filtersAreAllApplied() {
    assertEquals(18, count(term("regionCode", "us-east-1")));
    assertEquals(10, count(term("regionCode", "us-east-1"), term("productFamily", "ML Instance")));
    assertEquals(
        5,
        count(
            term("regionCode", "us-east-1"),
            term("productFamily", "ML Instance"),
            term("component", "Hosting")));
    // Without regionCode, an instance type's hosting price is there once per region.
    assertEquals(2, count(term("component", "Hosting"), term("instanceName", "ml.m5.xlarge")));
    // Without component, its hosting and training prices are both there.
    assertEquals(2, count(term("regionCode", "us-east-1"), term("instanceName", "ml.m5.xlarge")));
    assertEquals(
        1,
        count(
            term("regionCode", "eu-west-1"),
            term("location", "EU (Ireland)"),
            term("usagetype", "EU-Host:ml.g5.xlarge")));
    assertEquals(36, count());
  }

  @Test
  void theNewerFilterTypesMatchAsDocumented() throws Exception {
    assertEquals(
        2,
        count(
            term("regionCode", "us-east-1"),
            term("component", "Hosting"),
            filter(FilterType.ANY_OF, "instanceName", "ml.m5.large, ml.g5.xlarge")));
    assertEquals(
        3, // ml.c5.large, ml.c5.2xlarge, ml.g5.xlarge
        count(
            term("regionCode", "us-east-1"),
            term("component", "Hosting"),
            filter(FilterType.NONE_OF, "instanceName", "ml.m5.large,ml.m5.xlarge")));
    assertEquals(
        6,
        count(
            term("regionCode", "us-east-1"),
            filter(FilterType.CONTAINS, "usagetype", "ServerlessInf")));
    List<JsonNode> training =
        items(
            pricing.getProducts(
                r ->
                    r.serviceCode(SAGEMAKER)
                        .filters(
                            term("regionCode", "us-east-1"),
                            filter(FilterType.EQUALS, "instanceType", "ml.g5.xlarge-Training"))));
    assertEquals(1, training.size());
    assertEquals("Training", attribute(training.get(0), "component"));
    assertEquals("USE1-Train:ml.g5.xlarge", attribute(training.get(0), "usagetype"));
    assertEquals(
        "1.4080000000", dimension(training.get(0)).get("pricePerUnit").get("USD").asText());
  }

  @Test
  void aFieldNoItemCarriesMatchesNothing() {
    assertEquals(0, count(term("noSuchAttribute", "ml.m5.xlarge")));
    assertEquals(0, count(term("instancename", "ml.m5.xlarge"))); // attribute names are exact
    assertEquals(0, count(filter(FilterType.NONE_OF, "noSuchAttribute", "x")));
    assertEquals(0, count(term("ServiceCode", "AmazonEC2")));
    assertEquals(36, count(term("ServiceCode", "AmazonSageMaker")));
    assertEquals(0, count(term("instanceType", "ml.m5.xlarge"))); // it is ml.m5.xlarge-Hosting
  }

  // ---------------------------------------------------------------- paging

  @Test
  void pagesFollowTheNextToken() throws Exception {
    List<String> skus = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      GetProductsResponse page =
          pricing.getProducts(r -> r.serviceCode(SAGEMAKER).maxResults(10).nextToken(next));
      sizes.add(page.priceList().size());
      for (JsonNode item : items(page)) {
        skus.add(item.get("product").get("sku").asText());
      }
      token = page.nextToken();
    } while (token != null);
    assertEquals(List.of(10, 10, 10, 6), sizes);
    assertEquals(36, new HashSet<>(skus).size());

    List<String> paged = new ArrayList<>();
    pricing
        .getProductsPaginator(r -> r.serviceCode(SAGEMAKER).maxResults(7))
        .priceList()
        .forEach(paged::add);
    assertEquals(36, paged.size());

    // Without MaxResults a page holds up to 100 items: all 36 at once.
    GetProductsResponse whole = pricing.getProducts(r -> r.serviceCode(SAGEMAKER));
    assertEquals(36, whole.priceList().size());
    assertNull(whole.nextToken());
  }

  @Test
  void aNextTokenBelongsToItsFilters() {
    Filter usEast = term("regionCode", "us-east-1");
    GetProductsResponse first =
        pricing.getProducts(r -> r.serviceCode(SAGEMAKER).filters(usEast).maxResults(5));
    assertEquals(5, first.priceList().size());
    String token = first.nextToken();
    assertNotNull(token);

    // MaxResults may change between pages: items 6-15 of 18, then 3 remain.
    GetProductsResponse second =
        pricing.getProducts(
            r -> r.serviceCode(SAGEMAKER).filters(usEast).maxResults(10).nextToken(token));
    assertEquals(10, second.priceList().size());
    assertNotNull(second.nextToken());

    InvalidNextTokenException otherFilters =
        assertThrows(
            InvalidNextTokenException.class,
            () ->
                pricing.getProducts(
                    r ->
                        r.serviceCode(SAGEMAKER)
                            .filters(term("regionCode", "eu-west-1"))
                            .nextToken(token)));
    assertEquals(400, otherFilters.statusCode());
    assertEquals(
        "The pagination token is invalid. Try again without a pagination token.",
        otherFilters.awsErrorDetails().errorMessage());
    assertThrows(
        InvalidNextTokenException.class,
        () -> pricing.getProducts(r -> r.serviceCode(SAGEMAKER).nextToken("not-a-token")));

    simulator.expirePricingTokens();
    ExpiredNextTokenException expired =
        assertThrows(
            ExpiredNextTokenException.class,
            () ->
                pricing.getProducts(
                    r -> r.serviceCode(SAGEMAKER).filters(usEast).nextToken(token)));
    assertEquals(400, expired.statusCode());
    assertEquals(
        "The pagination token expired. Try again without a pagination token.",
        expired.awsErrorDetails().errorMessage());
  }

  // ---------------------------------------------------------------- a removed price

  @Test
  void aRemovedPriceIsNoLongerFound() {
    Filter[] g5Ireland = {
      term("regionCode", "eu-west-1"),
      term("component", "Hosting"),
      term("instanceName", "ml.g5.xlarge")
    };
    assertEquals(1, count(g5Ireland));
    GetProductsResponse before = pricing.getProducts(r -> r.serviceCode(SAGEMAKER).maxResults(30));
    String token = before.nextToken();

    simulator.removePrice("eu-west-1", "ml.g5.xlarge");

    assertEquals(0, count(g5Ireland));
    GetProductsResponse empty =
        pricing.getProducts(r -> r.serviceCode(SAGEMAKER).filters(g5Ireland));
    assertEquals(List.of(), empty.priceList());
    assertNull(empty.nextToken());
    // Its training price went too; us-east-1 keeps both.
    assertEquals(0, count(term("regionCode", "eu-west-1"), term("instanceName", "ml.g5.xlarge")));
    assertEquals(2, count(term("regionCode", "us-east-1"), term("instanceName", "ml.g5.xlarge")));
    assertEquals(34, count());
    // The price list changed: a token issued before has expired.
    assertThrows(
        ExpiredNextTokenException.class,
        () -> pricing.getProducts(r -> r.serviceCode(SAGEMAKER).maxResults(30).nextToken(token)));
    assertThrows(
        IllegalArgumentException.class, () -> simulator.removePrice("eu-west-1", "ml.g5.xlarge"));
  }

  // ---------------------------------------------------------------- errors

  @Test
  void badRequestsAreRefusedWithInvalidParameterException() {
    InvalidParameterException noServiceCode =
        assertThrows(
            InvalidParameterException.class,
            () -> pricing.getProducts(r -> r.filters(term("regionCode", "us-east-1"))));
    assertEquals(400, noServiceCode.statusCode());
    assertEquals(
        "Input Parameters are invalid. serviceCode cannot be null or empty",
        noServiceCode.awsErrorDetails().errorMessage());

    InvalidParameterException spaced =
        assertThrows(
            InvalidParameterException.class,
            () -> pricing.getProducts(r -> r.serviceCode("Amazon SageMaker")));
    assertEquals(
        "ServiceCode can only contain a-z, A-Z, 0-9", spaced.awsErrorDetails().errorMessage());

    assertThrows(
        InvalidParameterException.class,
        () -> pricing.getProducts(r -> r.serviceCode(SAGEMAKER).maxResults(0)));
    InvalidParameterException tooMany =
        assertThrows(
            InvalidParameterException.class,
            () -> pricing.getProducts(r -> r.serviceCode(SAGEMAKER).maxResults(101)));
    assertEquals(
        "MaxResults 101 is not valid: it must be from 1 to 100",
        tooMany.awsErrorDetails().errorMessage());
    assertThrows(
        InvalidParameterException.class,
        () -> pricing.getProducts(r -> r.serviceCode(SAGEMAKER).formatVersion("aws_v2")));
    assertThrows(
        InvalidParameterException.class,
        () ->
            pricing.getProducts(
                r ->
                    r.serviceCode(SAGEMAKER)
                        .filters(
                            Filter.builder()
                                .type("FUZZY")
                                .field("instanceName")
                                .value("ml.m5.xlarge")
                                .build())));
    assertThrows(
        InvalidParameterException.class,
        () ->
            pricing.getProducts(
                r ->
                    r.serviceCode(SAGEMAKER)
                        .filters(
                            Filter.builder()
                                .type(FilterType.TERM_MATCH)
                                .field("component")
                                .build())));
    List<Filter> fiftyOne = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      fiftyOne.add(term("component", "Hosting"));
    }
    InvalidParameterException overFifty =
        assertThrows(
            InvalidParameterException.class,
            () -> pricing.getProducts(r -> r.serviceCode(SAGEMAKER).filters(fiftyOne)));
    assertEquals(
        "Filters holds 51 filters; a request may hold at most 50 filters",
        overFifty.awsErrorDetails().errorMessage());
    // 50 filters are allowed: the hosting prices of both regions match them all.
    assertEquals(10, count(fiftyOne.subList(0, 50).toArray(new Filter[0])));
  }

  @Test
  void aServiceCodeTheSimulatorDoesNotHoldIsNotFound() {
    NotFoundException e =
        assertThrows(
            NotFoundException.class, () -> pricing.getProducts(r -> r.serviceCode("AmazonEC2")));
    assertEquals(400, e.statusCode());
  }

  @Test
  void onlyTheRegionsWithAPriceListEndpointAnswer() {
    for (Region region : List.of(Region.EU_CENTRAL_1, Region.AP_SOUTH_1)) {
      PricingClient client = clients.pricing(region, TestAws.CALLER, new CallCounter());
      assertEquals(
          36, client.getProducts(r -> r.serviceCode(SAGEMAKER)).priceList().size(), region.id());
    }
    PricingClient ireland = clients.pricing(Region.EU_WEST_1, TestAws.CALLER, new CallCounter());
    PricingException e =
        assertThrows(
            PricingException.class, () -> ireland.getProducts(r -> r.serviceCode(SAGEMAKER)));
    assertEquals(400, e.statusCode());
    assertEquals("UnknownEndpointException", e.awsErrorDetails().errorCode());
    assertTrue(
        e.awsErrorDetails().errorMessage().startsWith("api.pricing.eu-west-1.amazonaws.com"),
        e.awsErrorDetails().errorMessage());
    assertEquals(
        1,
        simulator
            .requestLog()
            .count(
                e2 ->
                    "UnknownEndpointException".equals(e2.errorCode())
                        && e2.region().equals("eu-west-1")));
  }

  @Test
  void aRoleDeniedGetProductsGetsAccessDenied() {
    AwsCredentialsProvider role =
        clients.assumeRole(
            "arn:aws:iam::" + ACCOUNT + ":role/smgov-outsider",
            Optional.empty(),
            "test",
            Region.US_EAST_1,
            new CallCounter());
    PricingClient denied = clients.pricing(Region.US_EAST_1, role, new CallCounter());
    AccessDeniedException e =
        assertThrows(
            AccessDeniedException.class, () -> denied.getProducts(r -> r.serviceCode(SAGEMAKER)));
    assertEquals(400, e.statusCode());
    assertEquals(
        "User: arn:aws:sts::111122223333:assumed-role/smgov-outsider/test is not authorized to"
            + " perform: pricing:GetProducts because no identity-based policy allows the"
            + " pricing:GetProducts action",
        e.awsErrorDetails().errorMessage());
  }

  // ---------------------------------------------------------------- helpers

  private int count(Filter... filters) {
    Set<String> skus = new HashSet<>();
    String token = null;
    do {
      String next = token;
      GetProductsResponse page =
          pricing.getProducts(
              r -> r.serviceCode(SAGEMAKER).filters(filters).maxResults(100).nextToken(next));
      for (String item : page.priceList()) {
        String sku;
        try {
          sku = JSON.readTree(item).get("product").get("sku").asText();
        } catch (java.io.IOException e) {
          throw new AssertionError(e);
        }
        assertTrue(skus.add(sku), "an item came twice: " + sku);
      }
      token = page.nextToken();
    } while (token != null);
    return skus.size();
  }

  private static Filter term(String field, String value) {
    return filter(FilterType.TERM_MATCH, field, value);
  }

  private static Filter filter(FilterType type, String field, String value) {
    return Filter.builder().type(type).field(field).value(value).build();
  }

  private static List<JsonNode> items(GetProductsResponse response) throws Exception {
    List<JsonNode> items = new ArrayList<>();
    for (String item : response.priceList()) {
      items.add(JSON.readTree(item));
    }
    return items;
  }

  private static String attribute(JsonNode item, String name) {
    return item.get("product").get("attributes").get(name).asText();
  }

  /** The one price dimension of the item's one OnDemand term. */
  private static JsonNode dimension(JsonNode item) {
    JsonNode term = item.get("terms").get("OnDemand").elements().next();
    return term.get("priceDimensions").elements().next();
  }
}
