package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The AWS Price List Query API's {@code GetProducts} over AWS JSON 1.1 ({@code X-Amz-Target:
 * AWSPriceListService.GetProducts}, SigV4 signing name {@code pricing}), the protocol the SDK's
 * PricingClient sends. It serves a snapshot of the {@code AmazonSageMaker} price list: the
 * real-time hosting (and training) instances the simulated estates use, serverless inference and
 * the data processed by endpoints, in the regions the generator uses. Items are the {@code aws_v1}
 * price list JSON documents, sent as strings, as AWS sends them.
 *
 * <p>Filters are ANDed; TERM_MATCH and EQUALS compare exactly, CONTAINS is a substring, ANY_OF and
 * NONE_OF take a comma-separated list. A field that an item does not carry matches nothing.
 * MaxResults is 1-100 (100 when absent) and a NextToken is bound to the request's ServiceCode,
 * Filters and FormatVersion. The API is served only in the regions with a Price List endpoint
 * (us-east-1, eu-central-1, ap-south-1); {@link Simulator} refuses the others before this class is
 * called. See docs/simulator-fidelity.md, "Price List Query API: GetProducts".
 */
final class PricingService implements JsonService {
  static final String TARGET_PREFIX = "AWSPriceListService";

  /**
   * The regions with a Price List Query API endpoint, {@code api.pricing.<region>.amazonaws.com}.
   */
  static final Set<String> ENDPOINT_REGIONS = Set.of("us-east-1", "eu-central-1", "ap-south-1");

  static final String SERVICE_CODE = "AmazonSageMaker";
  static final String FORMAT_VERSION = "aws_v1";

  /** MaxResults: 1-100 (the API reference); 100 when absent (AWS docs silent). */
  static final int MAX_RESULTS = 100;

  /** Filters: at most 50; Field and Value 1-1024 characters (API_pricing_Filter). */
  static final int MAX_FILTERS = 50;

  static final int MAX_FILTER_TEXT = 1024;

  static final List<String> FILTER_TYPES =
      List.of("TERM_MATCH", "EQUALS", "CONTAINS", "ANY_OF", "NONE_OF");

  /** The OnDemand offer term code and rate code every public price list item carries. */
  static final String ON_DEMAND_TERM = "JRTCKXETXF";

  static final String RATE_CODE = "6YS6EN2CT7";

  /** When the snapshot below was taken, as the item's terms and version say. */
  static final String EFFECTIVE_DATE = "2025-06-01T00:00:00Z";

  static final String PUBLICATION_DATE = "2025-06-02T00:00:00Z";
  static final String VERSION = "20250602000000";

  private static final String TOKEN_PREFIX = "smgov-sim-pricing:";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A region of the snapshot: its price list location name and its usage type prefix. */
  record PriceRegion(String code, String location, String usagePrefix) {}

  /** An instance type's hardware, as the price list's attributes describe it. */
  record InstanceSpec(String family, String instanceFamily, int vCpu, int memoryGiB, int gpus) {}

  static final PriceRegion US_EAST_1 =
      new PriceRegion("us-east-1", "US East (N. Virginia)", "USE1-");
  static final PriceRegion EU_WEST_1 = new PriceRegion("eu-west-1", "EU (Ireland)", "EU-");

  static final Map<String, InstanceSpec> SPECS =
      Map.of(
          "ml.m5.large", new InstanceSpec("m5", "General purpose", 2, 8, 0),
          "ml.m5.xlarge", new InstanceSpec("m5", "General purpose", 4, 16, 0),
          "ml.c5.large", new InstanceSpec("c5", "Compute optimized", 2, 4, 0),
          "ml.c5.2xlarge", new InstanceSpec("c5", "Compute optimized", 8, 16, 0),
          "ml.g5.xlarge", new InstanceSpec("g5", "GPU instance", 4, 16, 1));

  /**
   * On-demand USD per instance-hour of real-time hosting (training is priced the same for these
   * types). A snapshot for the simulator, not authoritative: us-east-1 ml.m5.xlarge $0.23 and
   * ml.m5.large $0.115 (infracost's golden test), ml.c5.2xlarge $0.408 (a published SageMaker rate
   * table, ml.c5.large half of it), ml.g5.xlarge $1.408; eu-west-1 ml.m5.xlarge $0.257, ml.m5.large
   * $0.128 and ml.g5.xlarge $1.57 from an AWS bill (aws-samples/sagemaker-ssh-helper
   * Sample_Costs.md), the ml.c5 rates scaled like EC2's. Real prices change; never quote these.
   */
  static final Map<String, Map<String, String>> HOSTING_USD_PER_HOUR =
      Map.of(
          "us-east-1",
              Map.of(
                  "ml.m5.large", "0.115",
                  "ml.m5.xlarge", "0.23",
                  "ml.c5.large", "0.102",
                  "ml.c5.2xlarge", "0.408",
                  "ml.g5.xlarge", "1.408"),
          "eu-west-1",
              Map.of(
                  "ml.m5.large", "0.128",
                  "ml.m5.xlarge", "0.257",
                  "ml.c5.large", "0.115",
                  "ml.c5.2xlarge", "0.461",
                  "ml.g5.xlarge", "1.57"));

  /**
   * Serverless inference: USD per second of compute for each GB of the configured memory (1-6 GB);
   * the price list carries one item per memory size, priced per second. us-east-1 $0.00002 per
   * GB-second (USE1-ServerlessInf:Mem-3GB is $0.00006 a second); eu-west-1 approximated. A snapshot
   * for the simulator, not authoritative.
   */
  static final Map<String, String> SERVERLESS_USD_PER_GB_SECOND =
      Map.of("us-east-1", "0.00002", "eu-west-1", "0.0000224");

  /** Data processed in and out of an endpoint: USD per GB, in and out alike. */
  static final String DATA_USD_PER_GB = "0.016";

  /** One price list item and what the test hooks find it by. */
  private record Product(String region, String instanceName, ObjectNode item) {}

  private final List<Product> products = new ArrayList<>();

  /** Bumped when the price list changes: tokens of an older generation have expired. */
  private int generation;

  PricingService() {
    for (PriceRegion region : List.of(US_EAST_1, EU_WEST_1)) {
      Map<String, String> hosting = HOSTING_USD_PER_HOUR.get(region.code());
      for (String instance :
          List.of("ml.m5.large", "ml.m5.xlarge", "ml.c5.large", "ml.c5.2xlarge", "ml.g5.xlarge")) {
        String usd = hosting.get(instance);
        products.add(instanceItem(region, instance, "Hosting", "Host", usd));
        products.add(instanceItem(region, instance, "Training", "Train", usd));
      }
      BigDecimal perGbSecond = new BigDecimal(SERVERLESS_USD_PER_GB_SECOND.get(region.code()));
      for (int gb = 1; gb <= 6; gb++) {
        products.add(serverlessItem(region, gb, perGbSecond.multiply(BigDecimal.valueOf(gb))));
      }
      products.add(dataItem(region, "IN", "In"));
      products.add(dataItem(region, "OUT", "Out"));
    }
  }

  @Override
  public String targetPrefix() {
    return TARGET_PREFIX;
  }

  @Override
  public String actionPrefix() {
    return "pricing";
  }

  @Override
  public boolean throttled() {
    return false;
  }

  /** Whether AWS has a Price List Query API endpoint in {@code region}. */
  static boolean servesRegion(String region) {
    return ENDPOINT_REGIONS.contains(region);
  }

  /** The operation an {@code X-Amz-Target} header names, "Unknown" when it names none. */
  static String operation(SimRequest request) {
    String target = request.header("X-Amz-Target");
    String prefix = TARGET_PREFIX + ".";
    return target != null && target.startsWith(prefix)
        ? target.substring(prefix.length())
        : "Unknown";
  }

  /** The answer in a region without an endpoint, where AWS's host name does not resolve. */
  static ApiException noEndpoint(String region) {
    return new ApiException(
        400,
        "UnknownEndpointException",
        "api.pricing."
            + region
            + ".amazonaws.com does not exist: the Price List Query API is served only in "
            + "us-east-1, eu-central-1 and ap-south-1 (on AWS the client cannot resolve the host "
            + "name; the simulator answers instead)");
  }

  /**
   * Removes every price of {@code instanceType} in {@code region} (hosting and training), so that
   * GetProducts finds none; outstanding NextTokens expire, as when AWS republishes a price list.
   */
  synchronized void removePrice(String region, String instanceType) {
    boolean removed =
        products.removeIf(p -> p.region().equals(region) && instanceType.equals(p.instanceName()));
    if (!removed) {
      throw new IllegalArgumentException(
          "removePrice: the simulated price list holds no price of "
              + instanceType
              + " in "
              + region);
    }
    generation++;
  }

  /** Expires every NextToken issued so far: the next page asked with one is refused. */
  synchronized void expireNextTokens() {
    generation++;
  }

  @Override
  public Result handle(String operation, SimRequest request) {
    if (!operation.equals("GetProducts")) {
      throw new ApiException(
          400,
          "UnknownOperationException",
          "The simulator serves only GetProducts of the Price List Query API, not " + operation);
    }
    String serviceCode = request.text("ServiceCode").orElse("");
    if (serviceCode.isEmpty()) {
      throw invalidParameter("Input Parameters are invalid. serviceCode cannot be null or empty");
    }
    if (!serviceCode.matches("[a-zA-Z0-9]+")) {
      throw invalidParameter("ServiceCode can only contain a-z, A-Z, 0-9");
    }
    String formatVersion = request.text("FormatVersion").orElse(FORMAT_VERSION);
    if (!formatVersion.equals(FORMAT_VERSION)) {
      throw invalidParameter(
          "FormatVersion " + formatVersion + " is not valid: the only format version is aws_v1");
    }
    int maxResults = request.integer("MaxResults").orElse(MAX_RESULTS);
    if (maxResults < 1 || maxResults > MAX_RESULTS) {
      throw invalidParameter(
          "MaxResults " + maxResults + " is not valid: it must be from 1 to " + MAX_RESULTS);
    }
    List<Filter> filters = filters(request.member("Filters"));
    String fingerprint = fingerprint(serviceCode, request.member("Filters"), formatVersion);

    List<Product> all;
    int currentGeneration;
    synchronized (this) {
      all = List.copyOf(products);
      currentGeneration = generation;
    }
    int offset = offset(request.text("NextToken").orElse(null), fingerprint, currentGeneration);
    if (!serviceCode.equals(SERVICE_CODE)) {
      throw new ApiException(
          400,
          "NotFoundException",
          "The simulator's price list holds only the service code "
              + SERVICE_CODE
              + ", not "
              + serviceCode);
    }
    List<ObjectNode> matching = new ArrayList<>();
    for (Product product : all) {
      if (filters.stream().allMatch(f -> f.matches(product.item()))) {
        matching.add(product.item());
      }
    }
    if (offset > matching.size()) {
      throw invalidToken();
    }
    int end = Math.min(matching.size(), offset + maxResults);
    ObjectNode body = JSON.createObjectNode();
    body.put("FormatVersion", FORMAT_VERSION);
    ArrayNode priceList = body.putArray("PriceList");
    for (ObjectNode item : matching.subList(offset, end)) {
      priceList.add(item.toString()); // each item is a JSON document sent as a string
    }
    if (end < matching.size()) {
      body.put("NextToken", token(currentGeneration, fingerprint, end));
    }
    return new Result(body, end - offset, null);
  }

  // ---------------------------------------------------------------- filters

  /** One filter of the request, already checked. */
  record Filter(String type, String field, String value) {
    boolean matches(ObjectNode item) {
      List<String> values = fieldValues(item, field);
      if (values.isEmpty()) {
        return false; // an item without the field matches no filter on it
      }
      switch (type) {
        case "TERM_MATCH":
        case "EQUALS":
          return values.contains(value);
        case "CONTAINS":
          return values.stream().anyMatch(v -> v.contains(value));
        case "ANY_OF":
          return values.stream().anyMatch(listed()::contains);
        case "NONE_OF":
          return values.stream().noneMatch(listed()::contains);
        default:
          return false;
      }
    }

    private List<String> listed() {
      List<String> listed = new ArrayList<>();
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          listed.add(part.strip());
        }
      }
      return listed;
    }
  }

  /**
   * The values an item has for a filter field: {@code ServiceCode}, {@code productFamily}, {@code
   * termType} (the item's term types, e.g. OnDemand) or a product attribute by its exact name.
   */
  static List<String> fieldValues(ObjectNode item, String field) {
    switch (field) {
      case "ServiceCode":
        return List.of(item.path("serviceCode").asText());
      case "productFamily":
        {
          JsonNode family = item.path("product").get("productFamily");
          return family == null ? List.of() : List.of(family.asText());
        }
      case "termType":
        {
          List<String> types = new ArrayList<>();
          item.path("terms").fieldNames().forEachRemaining(types::add);
          return types;
        }
      default:
        {
          JsonNode value = item.path("product").path("attributes").get(field);
          return value == null ? List.of() : List.of(value.asText());
        }
    }
  }

  private static List<Filter> filters(JsonNode node) {
    List<Filter> filters = new ArrayList<>();
    if (node == null || node.isNull()) {
      return filters;
    }
    if (!node.isArray()) {
      throw invalidParameter("Filters must be a list of filters");
    }
    if (node.size() > MAX_FILTERS) {
      throw invalidParameter(
          "Filters holds "
              + node.size()
              + " filters; a request may hold at most "
              + MAX_FILTERS
              + " filters");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode filter = node.get(i);
      String type = text(filter, "Type");
      String field = text(filter, "Field");
      String value = text(filter, "Value");
      String where = "Filters[" + i + "]";
      if (type.isEmpty() || field.isEmpty() || value.isEmpty()) {
        throw invalidParameter(
            "Input Parameters are invalid. "
                + where
                + " must have a Type, a Field and a Value, none of them empty");
      }
      if (!FILTER_TYPES.contains(type)) {
        throw invalidParameter(
            where
                + ".Type "
                + type
                + " is not valid: it must be one of TERM_MATCH, EQUALS, CONTAINS, ANY_OF, NONE_OF");
      }
      if (field.length() > MAX_FILTER_TEXT || value.length() > MAX_FILTER_TEXT) {
        throw invalidParameter(
            where + " is not valid: Field and Value must be at most 1024 characters long");
      }
      filters.add(new Filter(type, field, value));
    }
    return filters;
  }

  private static String text(JsonNode node, String member) {
    JsonNode value = node == null ? null : node.get(member);
    return value == null || value.isNull() ? "" : value.asText();
  }

  // ---------------------------------------------------------------- paging

  private static String fingerprint(String serviceCode, JsonNode filters, String formatVersion) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String canonical =
          serviceCode
              + "\n"
              + (filters == null || filters.isNull() ? "[]" : filters.toString())
              + "\n"
              + formatVersion;
      byte[] digest = sha.digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String token(int generation, String fingerprint, int offset) {
    String raw = TOKEN_PREFIX + generation + ":" + fingerprint + ":" + offset;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String token, String fingerprint, int currentGeneration) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    String[] parts;
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!raw.startsWith(TOKEN_PREFIX)) {
        throw invalidToken();
      }
      parts = raw.substring(TOKEN_PREFIX.length()).split(":", -1);
    } catch (IllegalArgumentException e) {
      throw invalidToken();
    }
    if (parts.length != 3 || !parts[1].equals(fingerprint)) {
      throw invalidToken();
    }
    try {
      int tokenGeneration = Integer.parseInt(parts[0]);
      int offset = Integer.parseInt(parts[2]);
      if (offset < 0 || tokenGeneration > currentGeneration) {
        throw invalidToken();
      }
      if (tokenGeneration < currentGeneration) {
        throw new ApiException(
            400,
            "ExpiredNextTokenException",
            "The pagination token expired. Try again without a pagination token.");
      }
      return offset;
    } catch (NumberFormatException e) {
      throw invalidToken();
    }
  }

  private static ApiException invalidToken() {
    return new ApiException(
        400,
        "InvalidNextTokenException",
        "The pagination token is invalid. Try again without a pagination token.");
  }

  private static ApiException invalidParameter(String message) {
    return new ApiException(400, "InvalidParameterException", message);
  }

  // ---------------------------------------------------------------- the price list items

  /** A real-time hosting or training instance: productFamily ML Instance, priced per hour. */
  private static Product instanceItem(
      PriceRegion region, String instance, String component, String usageWord, String usd) {
    InstanceSpec spec = SPECS.get(instance);
    String usageType = region.usagePrefix() + usageWord + ":" + instance;
    ObjectNode attributes = JSON.createObjectNode();
    attributes.put("servicecode", SERVICE_CODE);
    attributes.put("servicename", "Amazon SageMaker");
    attributes.put("location", region.location());
    attributes.put("locationType", "AWS Region");
    attributes.put("regionCode", region.code());
    attributes.put("usagetype", usageType);
    attributes.put("operation", "RunInstance");
    attributes.put("component", component);
    attributes.put("instanceName", instance);
    attributes.put("instanceType", instance + "-" + component);
    attributes.put("platoinstancename", spec.family());
    attributes.put("instanceFamily", spec.instanceFamily());
    attributes.put("vCpu", Integer.toString(spec.vCpu()));
    attributes.put("memory", spec.memoryGiB() + " GiB");
    attributes.put("gpu", Integer.toString(spec.gpus()));
    attributes.put("gpuMemory", spec.gpus() > 0 ? "24" : "N/A");
    attributes.put("currentGeneration", "Yes");
    String description =
        "$" + usd + " per " + component + " " + instance + " hour in " + region.location();
    ObjectNode item =
        item("ML Instance", attributes, usageType, component, "Hrs", description, usd);
    return new Product(region.code(), instance, item);
  }

  /** Serverless inference at one memory size: productFamily ML Serverless, priced per second. */
  private static Product serverlessItem(PriceRegion region, int gb, BigDecimal usdPerSecond) {
    String usageType = region.usagePrefix() + "ServerlessInf:Mem-" + gb + "GB";
    ObjectNode attributes = JSON.createObjectNode();
    attributes.put("servicecode", SERVICE_CODE);
    attributes.put("servicename", "Amazon SageMaker");
    attributes.put("location", region.location());
    attributes.put("locationType", "AWS Region");
    attributes.put("regionCode", region.code());
    attributes.put("usagetype", usageType);
    String usd = usdPerSecond.stripTrailingZeros().toPlainString();
    String description =
        "$"
            + usd
            + " per second of Serverless Inference with "
            + gb
            + " GB memory in "
            + region.location();
    ObjectNode item =
        item("ML Serverless", attributes, usageType, "serverless", "Second", description, usd);
    return new Product(region.code(), null, item);
  }

  /** Data processed in or out of an endpoint, priced per GB. */
  private static Product dataItem(PriceRegion region, String direction, String bytesWord) {
    String usageType = region.usagePrefix() + "Hst:Data-Bytes-" + bytesWord;
    ObjectNode attributes = JSON.createObjectNode();
    attributes.put("servicecode", SERVICE_CODE);
    attributes.put("servicename", "Amazon SageMaker");
    attributes.put("location", region.location());
    attributes.put("locationType", "AWS Region");
    attributes.put("regionCode", region.code());
    attributes.put("usagetype", usageType);
    attributes.put("operation", "Invoke-Endpoint");
    attributes.put("group", "Hosting:" + direction);
    String description = "$" + DATA_USD_PER_GB + " per GB for Endpoint Data " + direction;
    ObjectNode item = item(null, attributes, usageType, "data", "GB", description, DATA_USD_PER_GB);
    return new Product(region.code(), null, item);
  }

  /** The aws_v1 item: product (productFamily, attributes, sku), serviceCode, terms, version. */
  private static ObjectNode item(
      String productFamily,
      ObjectNode attributes,
      String usageType,
      String kind,
      String unit,
      String description,
      String usd) {
    String sku = sku(usageType + "|" + kind + "|" + attributes.path("component").asText());
    ObjectNode item = JSON.createObjectNode();
    ObjectNode product = item.putObject("product");
    if (productFamily != null) {
      product.put("productFamily", productFamily);
    }
    product.set("attributes", attributes);
    product.put("sku", sku);
    item.put("serviceCode", SERVICE_CODE);
    ObjectNode term =
        item.putObject("terms").putObject("OnDemand").putObject(sku + "." + ON_DEMAND_TERM);
    String rateCode = sku + "." + ON_DEMAND_TERM + "." + RATE_CODE;
    ObjectNode dimension = term.putObject("priceDimensions").putObject(rateCode);
    dimension.put("unit", unit);
    dimension.put("endRange", "Inf");
    dimension.put("description", description);
    dimension.putArray("appliesTo");
    dimension.put("rateCode", rateCode);
    dimension.put("beginRange", "0");
    dimension
        .putObject("pricePerUnit")
        .put("USD", new BigDecimal(usd).setScale(10).toPlainString());
    term.put("sku", sku);
    term.put("effectiveDate", EFFECTIVE_DATE);
    term.put("offerTermCode", ON_DEMAND_TERM);
    term.putObject("termAttributes");
    item.put("version", VERSION);
    item.put("publicationDate", PUBLICATION_DATE);
    return item;
  }

  /** A stable 16-character SKU of upper-case letters and digits, as the price list's are. */
  static String sku(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
      StringBuilder sku = new StringBuilder();
      for (int i = 0; i < 16; i++) {
        sku.append(alphabet.charAt((digest[i] & 0xff) % alphabet.length()));
      }
      return sku.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
